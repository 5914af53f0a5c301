//! A crate outside the workspace that needs a newer patch release of one of
//! `generated`'s dependencies still resolves, and builds.
//!
//! Every dependency is usually at its newest release, so the newer release
//! is made here: the crate's own source with its patch number raised by one,
//! put in with `[patch.crates-io]` as Cargo would see a new release. A
//! requirement pinned with `=` in `generated/Cargo.toml` would make two
//! semver-compatible versions of one crate meet, which Cargo refuses.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn cargo(args: &[&str], manifest: &Path, target: &Path) -> Output {
    Command::new(env!("CARGO"))
        .args(args)
        .arg("--manifest-path")
        .arg(manifest)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// A registry dependency of `generated` as the workspace resolves it.
struct Dependency {
    name: String,
    version: String,
    source: PathBuf,
}

impl Dependency {
    fn newer_patch(&self) -> String {
        let mut parts: Vec<u64> = self.version.split('.').map(|p| p.parse().unwrap()).collect();
        *parts.last_mut().unwrap() += 1;
        parts.iter().map(u64::to_string).collect::<Vec<_>>().join(".")
    }
}

/// `generated`'s normal dependencies, read from `cargo metadata` with every
/// feature of `generated` on, so optional ones are included. Only this
/// machine's platform: the packages of other targets (wasm's among them)
/// need not be in the local cache.
fn dependencies() -> Vec<Dependency> {
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
            "host-tuple",
        ])
        .args([
            "--features",
            "generated/full,generated/mock,generated/tracing",
            "--manifest-path",
        ])
        .arg(workspace().join("Cargo.toml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let metadata: Value = serde_json::from_slice(&out.stdout).unwrap();
    let packages = metadata["packages"].as_array().unwrap();
    let package = |id: &str| packages.iter().find(|p| p["id"] == id).unwrap();
    let generated = packages.iter().find(|p| p["name"] == "generated").unwrap();
    let node = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == generated["id"])
        .unwrap();
    node["deps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|dep| {
            dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|kind| kind["kind"].is_null())
        })
        .map(|dep| package(dep["pkg"].as_str().unwrap()))
        .map(|p| Dependency {
            name: p["name"].as_str().unwrap().to_string(),
            version: p["version"].as_str().unwrap().to_string(),
            source: Path::new(p["manifest_path"].as_str().unwrap())
                .parent()
                .unwrap()
                .to_path_buf(),
        })
        .collect()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).unwrap();
        }
    }
}

/// The dependency's source as release `version`: only `[package]`'s version
/// line changes.
fn release(dependency: &Dependency, version: &str, into: &Path) -> PathBuf {
    let dir = into.join(format!("{}-{version}", dependency.name));
    copy_dir(&dependency.source, &dir);
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let package = manifest.find("[package]").unwrap();
    let line = package + manifest[package..].find("\nversion = \"").unwrap() + 1;
    let end = line + manifest[line..].find('\n').unwrap();
    let bumped = format!("{}version = \"{version}\"{}", &manifest[..line], &manifest[end..]);
    std::fs::write(dir.join("Cargo.toml"), bumped).unwrap();
    dir
}

/// A consumer of `generated` (with `features`) that requires exactly
/// `version` of `dependency`, served from `patched`.
fn consumer(
    dir: &Path,
    dependency: &Dependency,
    version: &str,
    patched: &Path,
    features: &str,
    extra: &str,
) -> PathBuf {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    std::fs::write(dir.join("src/lib.rs"), "pub use generated;\n").unwrap();
    let manifest = format!(
        r#"[package]
name = "consumer"
version = "0.1.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
generated = {{ path = {generated:?}, default-features = false, features = [{features}] }}
{name} = "={version}"
{extra}
[patch.crates-io]
{name} = {{ path = {patched:?} }}
"#,
        generated = workspace().join("generated"),
        name = dependency.name,
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
    // The workspace's lock, so the other dependencies stay where they are.
    std::fs::copy(workspace().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    dir.join("Cargo.toml")
}

/// The packages that depend on `name@version` in the consumer's graph.
fn dependents(manifest: &Path, name: &str, version: &str, target: &Path) -> Result<String, String> {
    let spec = format!("{name}@{version}");
    let out = cargo(
        &[
            "tree", "-e", "normal", "--prefix", "none", "--format", "{p}", "-i", &spec,
        ],
        manifest,
        target,
    );
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(text(&out))
    }
}

#[test]
fn every_dependency_admits_a_newer_patch_release() {
    let dependencies = dependencies();
    assert!(dependencies.len() >= 10, "{} dependencies", dependencies.len());
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("target");
    let mut refused = Vec::new();
    for dependency in &dependencies {
        let newer = dependency.newer_patch();
        let dir = tmp.path().join(&dependency.name);
        let patched = release(dependency, &newer, &dir.join("patched"));
        let manifest = consumer(
            &dir.join("consumer"),
            dependency,
            &newer,
            &patched,
            r#""full", "mock", "tracing""#,
            "",
        );
        match dependents(&manifest, &dependency.name, &newer, &target) {
            Ok(tree) if tree.lines().any(|line| line.starts_with("generated v")) => {}
            Ok(tree) => refused.push(format!("{}: generated does not use {newer}:\n{tree}", dependency.name)),
            Err(error) => refused.push(format!("{} {newer}: {error}", dependency.name)),
        }
    }
    assert!(refused.is_empty(), "{}", refused.join("\n"));
}

#[test]
fn a_pinned_requirement_is_refused() {
    // The check above can fail: a crate pinning the current release and a
    // consumer needing the next one do not resolve together.
    let dependencies = dependencies();
    let serde_json = dependencies.iter().find(|d| d.name == "serde_json").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let pinned = tmp.path().join("pinned");
    std::fs::create_dir_all(pinned.join("src")).unwrap();
    std::fs::write(pinned.join("src/lib.rs"), "").unwrap();
    std::fs::write(
        pinned.join("Cargo.toml"),
        format!(
            "[package]\nname = \"pinned\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\nserde_json = \"={}\"\n",
            serde_json.version
        ),
    )
    .unwrap();
    let newer = serde_json.newer_patch();
    let patched = release(serde_json, &newer, &tmp.path().join("patched"));
    let extra = format!("pinned = {{ path = {pinned:?} }}\n");
    let manifest = consumer(
        &tmp.path().join("consumer"),
        serde_json,
        &newer,
        &patched,
        r#""vis""#,
        &extra,
    );
    let result = dependents(&manifest, "serde_json", &newer, &tmp.path().join("target"));
    assert!(result.is_err(), "{result:?}");
}

#[test]
fn the_models_build_with_a_newer_serde_json() {
    let dependencies = dependencies();
    let serde_json = dependencies.iter().find(|d| d.name == "serde_json").unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let newer = serde_json.newer_patch();
    let patched = release(serde_json, &newer, &tmp.path().join("patched"));
    let features = std::fs::read_dir(workspace().join("generated/src"))
        .unwrap()
        .filter_map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().into_string().unwrap();
            (entry.file_type().unwrap().is_dir() && name != "runtime").then(|| format!("{name:?}"))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let manifest = consumer(
        &tmp.path().join("consumer"),
        serde_json,
        &newer,
        &patched,
        &features,
        "",
    );
    let out = cargo(
        &["build", "--quiet"],
        &manifest,
        &workspace().join("target/newer-patch"),
    );
    assert!(out.status.success(), "{}", text(&out));
    let tree = dependents(&manifest, "serde_json", &newer, &workspace().join("target/newer-patch")).unwrap();
    assert!(tree.lines().any(|line| line.starts_with("generated v")), "{tree}");
}
