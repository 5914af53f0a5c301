//! `cargo xtask codegen` end to end, on a copy of the specs in a temporary
//! folder: writing, check mode, failures that must leave `generated/` alone,
//! and a crate outside the workspace that depends on the output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn xtask(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("XTASK_WORKSPACE_ROOT", root)
        .output()
        .unwrap()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

/// A temporary root with the project's specs, generated once.
fn generated_root() -> tempfile::TempDir {
    let root = tempfile::tempdir().unwrap();
    copy_dir(&workspace().join("specs"), &root.path().join("specs"));
    let out = xtask(root.path(), &["codegen"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    root
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Whether `specs/` still holds the files a test is written against; when
/// one is gone (another set of specs), the test says so and passes.
fn has_specs(files: &[&str]) -> bool {
    let missing: Vec<&str> = files
        .iter()
        .copied()
        .filter(|f| !workspace().join("specs").join(f).exists())
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "skipped: written against specs/{}, which is not there",
            missing.join(", specs/")
        );
    }
    missing.is_empty()
}

#[test]
fn codegen_writes_what_the_committed_crate_holds_and_check_passes() {
    let root = generated_root();
    let stdout = String::from_utf8_lossy(&xtask(root.path(), &["codegen"]).stdout).into_owned();
    for spec in snapshot(&root.path().join("specs"))
        .keys()
        // Specs are `*.yml`, `*.yaml` and `*.json` (README); notes beside them are not.
        .filter(|p| p.extension().is_some_and(|e| e == "yml" || e == "yaml" || e == "json"))
    {
        let spec = Path::new("specs").join(spec);
        assert!(
            stdout.contains(&*spec.to_string_lossy()),
            "{} not in {stdout}",
            spec.display()
        );
    }
    assert!(stdout.contains("unchanged"), "{stdout}");
    let check = xtask(root.path(), &["codegen", "--check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    // Same specs, same bytes as the committed output.
    let ours = snapshot(&root.path().join("generated/src"));
    let committed = snapshot(&workspace().join("generated/src"));
    assert_eq!(ours.keys().collect::<Vec<_>>(), committed.keys().collect::<Vec<_>>());
    assert!(ours == committed, "generated sources differ from the committed ones");
}

#[test]
fn check_reports_a_stale_file_with_a_diff_and_the_fix() {
    let root = generated_root();
    let module = snapshot(&root.path().join("generated/src"))
        .into_keys()
        .find(|p| p.file_name().is_some_and(|n| n == "types.rs"))
        .and_then(|p| Some(p.parent()?.to_string_lossy().into_owned()))
        .expect("a module with types");
    let types = root.path().join("generated/src").join(&module).join("types.rs");
    let edited = std::fs::read_to_string(&types).unwrap() + "// edited\n";
    std::fs::write(&types, edited).unwrap();
    std::fs::write(root.path().join("generated/src/stray.rs"), "// left over\n").unwrap();
    let check = xtask(root.path(), &["codegen", "--check"]);
    assert!(!check.status.success());
    let err = stderr(&check);
    assert!(
        err.contains(&format!("generated/src/{module}/types.rs differs")),
        "{err}"
    );
    assert!(err.contains("-// edited"), "{err}");
    assert!(err.contains("generated/src/stray.rs no longer generated"), "{err}");
    assert!(err.contains("run `cargo xtask codegen`"), "{err}");
    // Writing fixes both.
    assert!(xtask(root.path(), &["codegen"]).status.success());
    assert!(!root.path().join("generated/src/stray.rs").exists());
    assert!(xtask(root.path(), &["codegen", "--check"]).status.success());
}

#[test]
fn a_broken_spec_changes_nothing_and_says_where() {
    if !has_specs(&["users.yml", "application.v2.yml", "common/common_errors.yml"]) {
        return;
    }
    let root = generated_root();
    let before = snapshot(&root.path().join("generated"));
    type Breaks = fn(String) -> String;
    let cases: [(&str, Breaks, &str); 2] = [
        (
            "users.yml",
            |s| s.replacen("paths:", "paths: [", 1),
            "specs/users.yml#: invalid YAML",
        ),
        (
            "application.v2.yml",
            |s| {
                s.replace(
                    "common/common_errors.yml#/components/responses/NotFoundError",
                    "common/common_errors.yml#/components/responses/Gone",
                )
            },
            "`$ref` target not found: common/common_errors.yml#/components/responses/Gone",
        ),
    ];
    for (file, break_it, expected) in cases {
        let path = root.path().join("specs").join(file);
        let original = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, break_it(original.clone())).unwrap();
        let out = xtask(root.path(), &["codegen"]);
        assert!(!out.status.success(), "{file}: codegen succeeded on a broken spec");
        let err = stderr(&out);
        assert!(err.contains(expected), "{file}: {err}");
        assert!(
            err.contains(&format!("--> specs/{file}:")),
            "{file}: no line and column in {err}"
        );
        assert_eq!(err.lines().filter(|l| l.starts_with("error:")).count(), 1, "{err}");
        assert!(
            before == snapshot(&root.path().join("generated")),
            "{file}: generated/ changed"
        );
        std::fs::write(&path, original).unwrap();
    }
    let err = stderr(&xtask(root.path(), &["codegen"]));
    assert!(!err.contains("error"), "{err}");
}

#[test]
fn adding_and_removing_a_spec_adds_and_removes_its_module_and_feature() {
    let root = generated_root();
    let extra = "openapi: 3.0.3\ninfo: {title: Extra, version: '1'}\npaths:\n  /ping:\n    get:\n      operationId: ping\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {type: object, properties: {pong: {type: boolean}}}\n";
    std::fs::write(root.path().join("specs/extra-api.yaml"), extra).unwrap();
    assert!(xtask(root.path(), &["codegen"]).status.success());
    let manifest = std::fs::read_to_string(root.path().join("generated/Cargo.toml")).unwrap();
    assert!(manifest.contains("extra_api = []"), "{manifest}");
    assert!(manifest.contains("\"extra_api\""), "{manifest}");
    let lib = std::fs::read_to_string(root.path().join("generated/src/lib.rs")).unwrap();
    assert!(
        lib.contains("#[cfg(feature = \"extra_api\")]") && lib.contains("pub mod extra_api;"),
        "{lib}"
    );
    let types = std::fs::read_to_string(root.path().join("generated/src/extra_api/types.rs")).unwrap();
    assert!(types.contains("pub struct PingResponse"), "{types}");

    std::fs::remove_file(root.path().join("specs/extra-api.yaml")).unwrap();
    assert!(xtask(root.path(), &["codegen"]).status.success());
    assert!(!root.path().join("generated/src/extra_api").exists());
    let manifest = std::fs::read_to_string(root.path().join("generated/Cargo.toml")).unwrap();
    assert!(!manifest.contains("extra_api"), "{manifest}");
}

#[test]
fn a_crate_outside_the_workspace_uses_the_generated_crate() {
    // The crate is README's example and round-trips of these APIs' examples.
    if !has_specs(&["application.v2.yml", "users.yml", "vis.yml"]) {
        return;
    }
    let manifest = workspace().join("xtask/tests/downstream/Cargo.toml");
    let target = workspace().join("target/downstream");
    let out = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
