//! `cargo xtask codegen`'s cache on a copy of the specs: an edit of one spec
//! emits and rewrites only its module, the result is what a run from
//! scratch writes, and nothing stale survives a changed key, a deleted or a
//! hand-edited file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

fn xtask(root: &Path, args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .env("XTASK_WORKSPACE_ROOT", root)
        .output()
        .unwrap();
    if args != ["codegen", "--check"] {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    out
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
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

/// Every file under `dir` with its contents and modification time.
fn files(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
                out.insert(
                    path.strip_prefix(dir).unwrap().to_path_buf(),
                    (std::fs::read(&path).unwrap(), modified),
                );
            }
        }
    }
    out
}

/// The generated crate without its cache, as a run from scratch on `specs` writes it.
fn from_scratch(specs: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let root = tempfile::tempdir().unwrap();
    copy_dir(specs, &root.path().join("specs"));
    xtask(root.path(), &["codegen"]);
    contents(&root.path().join("generated"))
}

fn contents(generated: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    files(generated)
        .into_iter()
        .filter(|(path, _)| path != Path::new(".codegen-cache"))
        .map(|(path, (bytes, _))| (path, bytes))
        .collect()
}

/// A temporary root with the project's specs, generated once, or `None`
/// when `specs/` no longer has the files a test is written against.
fn generated_root(needs: &[&str]) -> Option<tempfile::TempDir> {
    if let Some(missing) = needs.iter().find(|f| !workspace().join("specs").join(f).exists()) {
        eprintln!("skipped: written against specs/{missing}, which is not there");
        return None;
    }
    let root = tempfile::tempdir().unwrap();
    copy_dir(&workspace().join("specs"), &root.path().join("specs"));
    xtask(root.path(), &["codegen"]);
    Some(root)
}

/// How many modules the run lowered and emitted, from its report's
/// "N module(s) (L lowered, E emitted)".
fn counts(out: &str) -> (usize, usize) {
    let (_, rest) = out.split_once(" module(s) (").unwrap_or_else(|| panic!("{out}"));
    let (lowered, rest) = rest.split_once(" lowered, ").unwrap_or_else(|| panic!("{out}"));
    let emitted = rest.split(' ').next().unwrap_or_default();
    (lowered.parse().unwrap(), emitted.parse().unwrap())
}

fn emitted_count(out: &str) -> usize {
    counts(out).1
}

#[test]
fn editing_one_spec_emits_and_rewrites_only_its_module_and_matches_a_run_from_scratch() {
    let Some(root) = generated_root(&["vis.yml"]) else {
        return;
    };
    let generated = root.path().join("generated");
    // A second run has nothing to load, lower, emit or write.
    let again = stdout(&xtask(root.path(), &["codegen"]));
    assert_eq!(counts(&again), (0, 0), "{again}");
    assert!(again.contains(" 0 file(s) rewritten"), "{again}");
    let before = files(&generated);

    // vis.yml shares no reference with the other specs.
    let vis = root.path().join("specs/vis.yml");
    let text = std::fs::read_to_string(&vis).unwrap();
    let title = text.lines().find(|l| l.starts_with("  title: ")).unwrap().to_string();
    std::fs::write(&vis, text.replacen(&title, &format!("{title}, edited"), 1)).unwrap();
    let run = stdout(&xtask(root.path(), &["codegen"]));
    // Only vis.yml is loaded and lowered; the other group's outlines stand in.
    assert_eq!(counts(&run), (1, 1), "{run}");
    assert!(run.contains("unchanged, not lowered"), "{run}");

    let after = files(&generated);
    let mut rewritten = Vec::new();
    for (path, (bytes, modified)) in &after {
        let Some((old_bytes, old_modified)) = before.get(path) else {
            panic!("{} appeared", path.display())
        };
        if modified != old_modified {
            assert_ne!(bytes, old_bytes, "{} rewritten with the same bytes", path.display());
            rewritten.push(path.display().to_string());
        }
    }
    let in_vis = |p: &String| p.starts_with("src/vis/");
    assert!(rewritten.iter().any(in_vis), "{rewritten:?}");
    let elsewhere: Vec<_> = rewritten
        .iter()
        .filter(|p| !in_vis(p) && !["src/lib.rs", "Cargo.toml", "WARNINGS.md", ".codegen-cache"].contains(&p.as_str()))
        .collect();
    assert!(
        elsewhere.is_empty(),
        "rewritten outside the edited module: {elsewhere:?}"
    );
    assert!(contents(&generated) == from_scratch(&root.path().join("specs")));
    assert!(xtask(root.path(), &["codegen", "--check"]).status.success());
}

#[test]
fn a_key_written_by_another_build_or_a_deleted_or_edited_file_is_emitted_again() {
    let Some(root) = generated_root(&["users.yml", "vis.yml"]) else {
        return;
    };
    let generated = root.path().join("generated");
    let scratch = from_scratch(&root.path().join("specs"));

    // Another build of the generator (or other inputs: the key covers both)
    // wrote vis's types as they are on disk and recorded them so.
    let cache = generated.join(".codegen-cache");
    let text = std::fs::read_to_string(&cache).unwrap();
    let key = text.lines().find(|l| l.starts_with("module vis ")).unwrap();
    let older = "// what an older generator wrote\n";
    let recorded = text.lines().find(|l| l.starts_with("file src/vis/types.rs ")).unwrap();
    let text = text.replace(key, "module vis 0000").replace(
        recorded,
        &format!("file src/vis/types.rs {}", blake3::hash(older.as_bytes()).to_hex()),
    );
    std::fs::write(&cache, text).unwrap();
    std::fs::write(generated.join("src/vis/types.rs"), older).unwrap();
    let run = stdout(&xtask(root.path(), &["codegen"]));
    assert_eq!(emitted_count(&run), 1, "{run}");
    assert!(contents(&generated) == scratch);

    // A deleted file brings its module back: its group is lowered again,
    // and the group's other modules, intact, are not emitted.
    std::fs::remove_file(generated.join("src/users/client.rs")).unwrap();
    let run = stdout(&xtask(root.path(), &["codegen"]));
    let (lowered, emitted) = counts(&run);
    assert!(lowered >= 1 && emitted == 1, "{run}");
    assert!(contents(&generated) == scratch);

    // A hand edit fails the check, which does not trust the cache, and a run undoes it.
    let edited = generated.join("src/users/types.rs");
    let text = std::fs::read_to_string(&edited).unwrap();
    std::fs::write(&edited, text + "// edited by hand\n").unwrap();
    let check = xtask(root.path(), &["codegen", "--check"]);
    assert!(!check.status.success());
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(err.contains("generated/src/users/types.rs differs"), "{err}");
    let run = stdout(&xtask(root.path(), &["codegen"]));
    assert_eq!(emitted_count(&run), 1, "{run}");
    assert!(contents(&generated) == scratch);

    // Without a cache, every module is emitted and nothing changes.
    std::fs::remove_file(&cache).unwrap();
    let run = stdout(&xtask(root.path(), &["codegen"]));
    assert!(
        run.contains(" 0 file(s) rewritten") && emitted_count(&run) >= 2,
        "{run}"
    );
    assert!(contents(&generated) == scratch);
}
