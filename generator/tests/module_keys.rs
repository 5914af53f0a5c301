//! Module keys on the project's specs: a key changes with exactly the specs
//! a module's files are made from, and those specs alone make the same files.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use generator::{AllowList, Generated, load::SpecSet};

fn specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs")
}

/// Every spec file under `specs/`, as (relative path, contents).
fn sources() -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![specs()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if generator::load::is_spec_file(&path) {
                let relative = path.strip_prefix(specs()).unwrap().to_path_buf();
                out.push((relative, std::fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

fn generate(sources: Vec<(PathBuf, Vec<u8>)>, allow: &AllowList) -> Generated {
    let set = SpecSet::from_sources(sources).unwrap_or_else(|e| panic!("{e}"));
    generator::generate(&set, allow).unwrap_or_else(|e| panic!("{e}"))
}

/// Key of each module, by spec file.
fn keys(generated: &Generated) -> BTreeMap<String, Option<String>> {
    generated
        .summary
        .iter()
        .map(|m| (m.outline.source.clone(), m.key.clone()))
        .collect()
}

/// The files of the modules made from `sources`.
fn module_files(generated: &Generated, sources: &BTreeSet<String>) -> BTreeMap<String, String> {
    let dirs: Vec<String> = generated
        .summary
        .iter()
        .filter(|m| sources.contains(&m.outline.source))
        .map(|m| m.dir())
        .collect();
    generated
        .files
        .iter()
        .filter(|f| dirs.iter().any(|d| f.path.starts_with(d)))
        .map(|f| (f.path.clone(), f.contents.clone()))
        .collect()
}

/// For each spec, the modules whose key an edit of it changes form its
/// group; generating that group's specs alone gives its modules' files
/// byte for byte. So no file depends on a spec its key does not cover.
#[test]
fn an_edit_changes_the_keys_of_its_group_whose_specs_alone_make_the_same_files() {
    let allow = AllowList::default();
    let all = sources();
    let whole = generate(all.clone(), &allow);
    let before = keys(&whole);
    assert!(before.values().all(Option::is_some), "{before:?}");
    for (edited, _) in &all {
        let touched: Vec<_> = all
            .iter()
            .map(|(path, text)| {
                let mut text = text.clone();
                if path == edited {
                    // Trailing whitespace: same document, other bytes.
                    text.extend_from_slice(b"\n\n");
                }
                (path.clone(), text)
            })
            .collect();
        let after = keys(&generate(touched, &allow));
        let group: BTreeSet<String> = before
            .iter()
            .filter(|(source, key)| after.get(*source) != Some(key))
            .map(|(source, _)| source.clone())
            .collect();
        let edited = edited.display().to_string();
        assert!(group.contains(&edited), "editing {edited} left its own key: {group:?}");
        let alone = generate(
            all.iter()
                .filter(|(path, _)| group.contains(&path.display().to_string()))
                .cloned()
                .collect(),
            &allow,
        );
        let expected = module_files(&whole, &group);
        assert!(!expected.is_empty());
        assert_eq!(module_files(&alone, &group), expected, "group of {edited}: {group:?}");
    }
}

#[test]
fn specs_that_share_references_share_a_group_and_others_do_not() {
    let all = sources();
    let names: Vec<String> = all.iter().map(|(p, _)| p.display().to_string()).collect();
    if !["application.v2.yml", "common/common_errors.yml", "users.yml", "vis.yml"]
        .iter()
        .all(|f| names.iter().any(|n| n == f))
    {
        eprintln!("skipped: written against application.v2.yml, common/common_errors.yml, users.yml and vis.yml");
        return;
    }
    let allow = AllowList::default();
    let before = keys(&generate(all.clone(), &allow));
    let edit = |file: &str| {
        let touched = all
            .iter()
            .map(|(p, t)| {
                let mut t = t.clone();
                if p == Path::new(file) {
                    t.extend_from_slice(b"\n");
                }
                (p.clone(), t)
            })
            .collect();
        let after = keys(&generate(touched, &allow));
        before
            .keys()
            .filter(|s| after[*s] != before[*s])
            .cloned()
            .collect::<Vec<_>>()
    };
    // Both APIs that reference the shared errors go with them (which of a
    // library's types requests carry depends on every API using it); the
    // API that references nothing stands alone.
    let shared = ["application.v2.yml", "common/common_errors.yml", "users.yml"];
    assert_eq!(edit("common/common_errors.yml"), shared);
    assert_eq!(edit("application.v2.yml"), shared);
    assert_eq!(edit("users.yml"), shared);
    assert_eq!(edit("vis.yml"), ["vis.yml"]);
    // The allow-list shapes every module's example tests.
    let mut allow = AllowList::default();
    allow.entries.insert("users.yml#/x".into(), "reason".into());
    let with_entry = keys(&generate(all.clone(), &allow));
    assert!(before.iter().all(|(source, key)| with_entry[source] != *key));
}

/// Writes `sources` into a fresh specs folder.
fn specs_dir(sources: &[(PathBuf, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, bytes) in sources {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, bytes).unwrap();
    }
    dir
}

/// With the outlines of every other group kept, each group is loaded and
/// lowered alone, and the run gives the files of the whole run (those of
/// the kept modules aside), its warnings and its report: the files made
/// from all modules, `lib.rs`, `Cargo.toml` and `WARNINGS.md`, do not tell
/// a partial run from a whole one.
#[test]
fn a_group_lowered_alone_beside_kept_outlines_gives_the_whole_run() {
    let dir = specs_dir(&sources());
    let checked = generator::check_partial_runs(dir.path(), &generator::CrateConfig::default())
        .unwrap_or_else(|problems| panic!("{}", problems.join("\n")));
    assert!(checked >= 2, "{checked} group(s)");
}

/// A spec broken in a group that is lowered alone fails the run with the
/// message of a run from scratch.
#[test]
fn an_error_in_a_group_lowered_alone_is_the_error_of_the_whole_run() {
    let mut all = sources();
    let config = generator::CrateConfig::default();
    let dir = specs_dir(&all);
    let whole = generator::generate_dir_reusing(dir.path(), &config, |_, _| None).unwrap_or_else(|e| panic!("{e}"));
    // The last spec's group is edited; the other groups' outlines are kept.
    let (broken, _) = all.last().cloned().unwrap();
    let broken_key = whole
        .summary
        .iter()
        .find(|m| Path::new(&m.outline.source) == broken)
        .and_then(|m| m.key.clone())
        .unwrap();
    all.last_mut().unwrap().1.extend_from_slice(b"\npaths: [\n");
    let dir = specs_dir(&all);
    let kept = |module: &str, key: &str| {
        whole
            .summary
            .iter()
            .find(|m| m.outline.name == module && m.key.as_deref() == Some(key) && key != broken_key)
            .map(|m| m.outline.clone())
    };
    let partial = generator::generate_dir_reusing(dir.path(), &config, kept).unwrap_err();
    let scratch = generator::generate_dir_reusing(dir.path(), &config, |_, _| None).unwrap_err();
    assert_eq!(partial.to_string(), scratch.to_string());
}
