//! The workspace survives any set of specs: after removing a spec, or
//! replacing every spec with another API, `cargo xtask codegen` writes a
//! crate that builds with every target, whose tests pass, and `cargo xtask
//! codegen` still runs.
//!
//! Each case works on its own copy of the workspace under the target
//! directory, kept between runs and updated file by file, so that a second run
//! builds only what changed.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Not copied: build output, installed tools, and what codegen writes (the
/// copy's own codegen run owns those, and leaves them alone when unchanged).
fn skipped(relative: &Path) -> bool {
    let name = relative.file_name().unwrap_or_default();
    name == "target"
        || name == "node_modules"
        || name == ".git"
        || ["generated/src", "generated/Cargo.toml", "generated/WARNINGS.md"]
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
        let path = relative.join(entry.file_name());
        let source = source_dir.join(entry.file_name());
        if skipped(&path) || (source.exists() && source.is_dir() == entry.path().is_dir()) {
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
        if skipped(&path) {
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

/// One target directory for every case: the dependencies build once.
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-sets/target")
}

/// A copy of the workspace with `edit` applied to its `specs/`, regenerated,
/// built and tested.
fn survives(case: &str, edit: impl FnOnce(&Path)) {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("spec-sets").join(case);
    mirror(&workspace(), &root, Path::new(""));
    edit(&root.join("specs"));

    let mut codegen = Command::new(env!("CARGO_BIN_EXE_xtask"));
    codegen.arg("codegen").env("XTASK_WORKSPACE_ROOT", &root);
    run(&root, codegen, "xtask codegen");
    run(
        &root,
        cargo(&["build", "--quiet", "--workspace", "--all-targets"]),
        "cargo build --workspace --all-targets",
    );
    run(
        &root,
        cargo(&["test", "--quiet", "-p", "generated"]),
        "cargo test -p generated",
    );
    run(
        &root,
        cargo(&["xtask", "codegen", "--check"]),
        "cargo xtask codegen --check",
    );
}

#[test]
fn removing_a_spec() {
    survives("without-vis", |specs| {
        std::fs::remove_file(specs.join("vis.yml")).unwrap()
    });
}

#[test]
fn replacing_every_spec_with_another_api() {
    survives("other-api", |specs| {
        std::fs::remove_dir_all(specs).unwrap();
        std::fs::create_dir_all(specs).unwrap();
        let other = workspace().join("generator/tests/corpus/edge_cases/operations.yml");
        std::fs::copy(other, specs.join("operations.yml")).unwrap();
    });
}
