//! A check of regeneration after one spec changed, for tests and the
//! corpus run: a specs folder is generated whole, then each group of specs
//! again alone, every other group's modules kept as the whole run outlined
//! them, as `cargo xtask codegen` does when only that group changed. Each
//! such run must give the whole run's files (the kept modules' aside), its
//! warnings and its report.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::{CrateConfig, Generated, generate_dir_reusing};

/// How many groups were checked, or what differed.
pub fn check_partial_runs(specs_dir: &Path, config: &CrateConfig) -> Result<usize, Vec<String>> {
    let whole =
        generate_dir_reusing(specs_dir, config, |_, _| None).map_err(|e| vec![format!("the whole folder: {e}")])?;
    let groups: BTreeSet<&str> = whole.summary.iter().filter_map(|m| m.key.as_deref()).collect();
    let mut problems = Vec::new();
    for group in &groups {
        let kept = |module: &str, key: &str| {
            whole
                .summary
                .iter()
                .find(|m| m.outline.name == module && m.key.as_deref() == Some(key) && key != *group)
                .map(|m| m.outline.clone())
        };
        let members: Vec<&str> = whole
            .summary
            .iter()
            .filter(|m| m.key.as_deref() == Some(*group))
            .map(|m| m.outline.source.as_str())
            .collect();
        match generate_dir_reusing(specs_dir, config, kept) {
            Ok(partial) => problems.extend(
                differences(&whole, &partial, group)
                    .into_iter()
                    .map(|d| format!("{} regenerated alone: {d}", members.join(", "))),
            ),
            Err(e) => problems.push(format!("{} regenerated alone: {e}", members.join(", "))),
        }
    }
    if problems.is_empty() {
        Ok(groups.len())
    } else {
        Err(problems)
    }
}

/// How a partial run that lowered only `group` differs from the whole one.
fn differences(whole: &Generated, partial: &Generated, group: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lowered: Vec<&str> = partial
        .summary
        .iter()
        .filter(|m| m.lowered)
        .map(|m| m.outline.name.as_str())
        .collect();
    let in_group: Vec<&str> = whole
        .summary
        .iter()
        .filter(|m| m.key.as_deref() == Some(group))
        .map(|m| m.outline.name.as_str())
        .collect();
    if lowered != in_group {
        found.push(format!("lowered {lowered:?}, not its group {in_group:?}"));
    }
    let kept_dirs: Vec<String> = whole
        .summary
        .iter()
        .filter(|m| m.key.as_deref() != Some(group))
        .map(|m| m.dir())
        .collect();
    let expected: BTreeMap<&str, &str> = whole
        .files
        .iter()
        .filter(|f| !kept_dirs.iter().any(|d| f.path.starts_with(d)))
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    let got: BTreeMap<&str, &str> = partial
        .files
        .iter()
        .map(|f| (f.path.as_str(), f.contents.as_str()))
        .collect();
    for path in expected.keys().chain(got.keys()).collect::<BTreeSet<_>>() {
        if expected.get(path) != got.get(path) {
            found.push(format!("{path} differs from the whole run's"));
        }
    }
    if partial.warnings != whole.warnings {
        found.push("the warnings differ from the whole run's".to_string());
    }
    let report = |g: &Generated| {
        g.summary
            .iter()
            .map(|m| (m.outline.clone(), m.key.clone()))
            .collect::<Vec<_>>()
    };
    if report(partial) != report(whole) {
        found.push("the modules' outlines or keys differ from the whole run's".to_string());
    }
    found
}
