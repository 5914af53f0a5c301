//! The workspace survives any set of specs: after removing a spec, or
//! replacing every spec with another API, `cargo xtask codegen` writes a
//! crate that builds with every target and no warning, whose tests pass, the
//! xtask tests that read `specs/` pass, and `cargo xtask codegen` still runs.
//! (The generator's snapshot tests are left out: a different spec set is a
//! snapshot diff, which is what they are for.)
//!
//! The cases work on one copy of the workspace under the target directory,
//! kept between runs and updated file by file, so that a second run builds
//! only what changed.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Not copied: build output and installed tools.
fn skipped(name: &std::ffi::OsStr) -> bool {
    name == "target" || name == "node_modules" || name == ".git"
}

/// What codegen writes: copied only into a new copy (so that cargo can load
/// the workspace there), then left to the copy's own codegen runs, which
/// rewrite them only when they change.
fn owned_by_codegen(relative: &Path) -> bool {
    ["generated/src", "generated/Cargo.toml", "generated/WARNINGS.md"]
        .iter()
        .any(|owned| relative == Path::new(owned))
}

/// Makes the copy at `to` hold what `from` holds below `relative`, writing
/// only files whose contents differ so that cargo sees the others unchanged.
fn mirror(from: &Path, to: &Path, relative: &Path) {
    let (source_dir, copy_dir) = (from.join(relative), to.join(relative));
    std::fs::create_dir_all(&copy_dir).unwrap();
    for entry in std::fs::read_dir(&copy_dir).unwrap() {
        let entry = entry.unwrap();
        let source = source_dir.join(entry.file_name());
        let kept = source.exists() && source.is_dir() == entry.path().is_dir() && !skipped(&entry.file_name());
        if kept || owned_by_codegen(&relative.join(entry.file_name())) {
            continue;
        }
        if entry.path().is_dir() {
            std::fs::remove_dir_all(entry.path()).unwrap();
        } else {
            std::fs::remove_file(entry.path()).unwrap();
        }
    }
    for entry in std::fs::read_dir(&source_dir).unwrap() {
        let entry = entry.unwrap();
        let path = relative.join(entry.file_name());
        if skipped(&entry.file_name()) || (owned_by_codegen(&path) && to.join(&path).exists()) {
            continue;
        }
        if entry.path().is_dir() {
            mirror(from, to, &path);
        } else {
            let contents = std::fs::read(entry.path()).unwrap();
            let target = to.join(&path);
            if std::fs::read(&target).ok().as_ref() != Some(&contents) {
                std::fs::write(&target, contents).unwrap();
            }
        }
    }
}

/// Runs a command in `root`, panicking with its output when it fails.
fn run(root: &Path, mut command: Command, what: &str) {
    let out = command
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir())
        // A warning, such as a `cfg` naming a feature that left with its spec, is a failure.
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{what} failed in {}\n{}\n{}",
        root.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn cargo(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO"));
    command.args(args);
    command
}

/// The copy, with its own target directory so that this test does not wait
/// for the build that runs it; both are kept between runs.
fn copy_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-sets")
}

fn target_dir() -> PathBuf {
    copy_dir().join("target")
}

/// Regenerates the copy at `root` after a change to its specs, and checks
/// that every target builds, the generated crate's tests pass, and codegen
/// runs again and finds nothing to change.
fn regenerate_build_and_test(root: &Path, case: &str) {
    println!("{case}");
    run(
        root,
        cargo(&["xtask", "codegen"]),
        &format!("{case}: cargo xtask codegen"),
    );
    run(
        root,
        cargo(&["build", "--quiet", "--locked", "--workspace", "--all-targets"]),
        &format!("{case}: cargo build --workspace --all-targets"),
    );
    run(
        root,
        cargo(&["test", "--quiet", "-p", "generated"]),
        &format!("{case}: cargo test -p generated"),
    );
    // The xtask tests that read `specs/` adapt to it or say why they skip.
    run(
        root,
        cargo(&[
            "test",
            "--quiet",
            "-p",
            "xtask",
            "--test",
            "codegen",
            "--test",
            "spec_diff",
            "--test",
            "readme",
        ]),
        &format!("{case}: cargo test -p xtask"),
    );
    run(
        root,
        cargo(&["xtask", "codegen", "--check"]),
        &format!("{case}: cargo xtask codegen --check"),
    );
}

/// One test, one copy: the second case reuses what the first built.
#[test]
fn the_workspace_survives_losing_a_spec_and_replacing_every_spec() {
    let root = copy_dir().join("workspace");
    mirror(&workspace(), &root, Path::new(""));
    let specs = root.join("specs");

    std::fs::remove_file(specs.join("vis.yml")).unwrap();
    regenerate_build_and_test(&root, "without specs/vis.yml");

    std::fs::remove_dir_all(&specs).unwrap();
    std::fs::create_dir_all(&specs).unwrap();
    let other = workspace().join("generator/tests/corpus/edge_cases/operations.yml");
    std::fs::copy(other, specs.join("operations.yml")).unwrap();
    regenerate_build_and_test(&root, "with specs/operations.yml alone");
}
