//! Generated code for real-world and edge-case specs compiles, and its
//! clients send what the specs say.
//!
//! Each case generates a crate under `target/corpus/` and runs cargo on it.
//! The hand-written edge cases run in the quick loop (their examples must
//! also round-trip), and so do the wire specs of `tests/wire/specs/`, whose
//! crate gets the tests of `tests/wire/tests/` to check requests against a
//! recording server. GitHub's REST API spec, fetched from the npm registry,
//! is `#[ignore]`d there and run by `.ci/run`:
//! `cargo test -p generator --test corpus -- --ignored`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `@octokit/openapi` release whose `api.github.com.json` the corpus uses.
const OCTOKIT_OPENAPI: &str = "@octokit/openapi@23.0.2";

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn corpus_dir() -> PathBuf {
    workspace().join("target/corpus")
}

/// Generates the crate for `specs` into `target/corpus/<name>`, with the
/// integration tests in `tests` if given, and runs `cargo <command>` on it;
/// panics with cargo's output when it fails.
fn generate_and_build(name: &str, specs: &Path, tests: Option<&Path>, cargo_args: &[&str]) {
    let generated =
        generator::generate_dir_reusing(specs, &standalone(), |_, _| None).unwrap_or_else(|e| panic!("{name}: {e}"));
    let crate_dir = corpus_dir().join(name);
    let _ = std::fs::remove_dir_all(&crate_dir);
    for file in &generated.files {
        let path = crate_dir.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &file.contents).unwrap();
    }
    if let Some(tests) = tests {
        std::fs::create_dir_all(crate_dir.join("tests")).unwrap();
        for entry in std::fs::read_dir(tests).unwrap() {
            let entry = entry.unwrap();
            std::fs::copy(entry.path(), crate_dir.join("tests").join(entry.file_name())).unwrap();
        }
    }
    let output = Command::new(env!("CARGO"))
        .args(cargo_args)
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", corpus_dir().join("target"))
        // Generated code must build without a single warning.
        .env("RUSTFLAGS", "-D warnings")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{name}: cargo {} failed\n{}\n{}",
        cargo_args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A crate of its own under `target/`, outside the workspace, with what
/// the wire tests use.
fn standalone() -> generator::CrateConfig {
    generator::CrateConfig {
        sections: "[dev-dependencies]\n\
                   tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"time\"] }\n\
                   wiremock = \"0.6\"\n\
                   multer = \"3\"\n\
                   \n\
                   [workspace]\n"
            .into(),
        ..generator::CrateConfig::default()
    }
}

#[test]
fn edge_case_specs_generate_code_that_compiles_and_round_trips_their_examples() {
    let specs = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/edge_cases");
    generate_and_build("edge_cases", &specs, None, &["test", "--quiet", "--features", "mock"]);
}

#[test]
fn generated_clients_send_what_the_specs_say() {
    let wire = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wire");
    generate_and_build(
        "wire",
        &wire.join("specs"),
        Some(&wire.join("tests")),
        &["test", "--quiet", "--features", "mock"],
    );
}

#[test]
#[ignore = "fetches GitHub's 13 MB spec from the npm registry and compiles its output; run by .ci/run"]
fn github_rest_api_spec_generates_code_that_compiles() {
    let specs = corpus_dir().join("github/specs");
    let spec = specs.join("api.github.com.json");
    if !spec.exists() {
        fetch_github_spec(&spec);
    }
    generate_and_build(
        "github",
        &specs,
        None,
        &["check", "--quiet", "--lib", "--features", "mock"],
    );
}

/// `npm pack` downloads the package without installing anything; the spec is
/// taken out of the tarball.
fn fetch_github_spec(destination: &Path) {
    let download = corpus_dir().join("github/download");
    std::fs::create_dir_all(&download).unwrap();
    let npm = Command::new("npm")
        .args(["pack", "--silent", OCTOKIT_OPENAPI])
        .current_dir(&download)
        .output()
        .unwrap_or_else(|e| panic!("the GitHub corpus needs Node.js and npm on PATH to fetch {OCTOKIT_OPENAPI}: {e}"));
    assert!(
        npm.status.success(),
        "npm pack {OCTOKIT_OPENAPI} failed: {}",
        String::from_utf8_lossy(&npm.stderr)
    );
    let tarball = String::from_utf8_lossy(&npm.stdout).trim().to_string();
    let tar = Command::new("tar")
        .args(["xzf", &tarball, "package/generated/api.github.com.json"])
        .current_dir(&download)
        .status()
        .unwrap();
    assert!(tar.success(), "cannot extract api.github.com.json from {tarball}");
    std::fs::create_dir_all(destination.parent().unwrap()).unwrap();
    std::fs::rename(download.join("package/generated/api.github.com.json"), destination).unwrap();
}
