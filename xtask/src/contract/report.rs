//! The contract run as Markdown: the figures per spec, every failure with
//! its reason, the failures counted by kind, and what Prism cannot check.

use std::collections::BTreeMap;
use std::path::Path;

use super::{SpecResult, Status};

/// What the wire tests check and Prism cannot.
const NOT_CHECKED: &str = "\
Prism checks parameters, credentials (that the scheme's header, query \
parameter or cookie is there), content types and bodies against the spec, \
and answers from its examples or schemas. It does not check the exact bytes \
of form and multipart bodies (styles, explode, part headers, file names), \
where a credential goes beyond its presence, or streamed bodies: the wiremock \
tests in `generator/tests/wire/` check those on the wire.\n";

pub fn render(label: &str, specs: &[SpecResult]) -> String {
    let exercised: usize = specs.iter().map(|s| s.operations).sum();
    let passed: usize = specs.iter().map(SpecResult::passed).sum();
    let failed: usize = specs.iter().map(SpecResult::failed).sum();
    let unchecked: usize = specs.iter().map(SpecResult::unchecked).sum();
    let mut out = format!(
        "## Contract: {label}\n\n{} specs, {exercised} operations exercised, {passed} passed, {failed} failed, {unchecked} not checkable by Prism\n\n",
        specs.len(),
    );
    out.push_str("| spec | exercised | passed | failed | not checkable |\n|---|---:|---:|---:|---:|\n");
    for spec in specs {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            spec.spec,
            spec.operations,
            spec.passed(),
            spec.failed(),
            spec.unchecked()
        ));
    }
    failures(specs, &mut out);
    unchecked_and_notes(specs, &mut out);
    out.push('\n');
    out.push_str(NOT_CHECKED);
    out
}

/// The failed operations, by kind and one by one.
fn failures(specs: &[SpecResult], out: &mut String) {
    let by_kind = failures_by_kind(specs);
    if !by_kind.is_empty() {
        out.push_str("\n### Failures by kind\n\n| kind | operations |\n|---|---:|\n");
        let mut kinds: Vec<(&String, &usize)> = by_kind.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (kind, count) in kinds {
            out.push_str(&format!("| {kind} | {count} |\n"));
        }
        out.push_str("\n### Failures\n\n");
        for spec in specs {
            for result in &spec.results {
                if let Status::Failed(kind, reason) = &result.status {
                    out.push_str(&format!(
                        "- `{}` `{}` (`{} {}`): {kind}: {}\n",
                        spec.spec,
                        result.operation,
                        result.method,
                        result.path,
                        one_line(reason)
                    ));
                }
            }
            if let Some((kind, reason)) = &spec.problem {
                let missing = spec.operations - spec.results.len();
                out.push_str(&format!(
                    "- `{}`: {missing} operation(s) without a result: {kind}: {}\n",
                    spec.spec,
                    one_line(reason)
                ));
            }
        }
    }
}

/// The operations Prism could not check, and those that passed only on a generated response.
fn unchecked_and_notes(specs: &[SpecResult], out: &mut String) {
    let unchecked: Vec<String> = specs
        .iter()
        .flat_map(|spec| {
            spec.results.iter().filter_map(move |r| match &r.status {
                Status::Unchecked(reason) => Some(format!(
                    "- `{}` `{}` (`{} {}`): {}\n",
                    spec.spec,
                    r.operation,
                    r.method,
                    r.path,
                    one_line(reason)
                )),
                _ => None,
            })
        })
        .collect();
    if !unchecked.is_empty() {
        out.push_str("\n### Not checkable by Prism\n\n");
        out.extend(unchecked);
    }
    let notes: Vec<String> = specs
        .iter()
        .flat_map(|spec| {
            spec.results.iter().filter_map(move |r| {
                r.note
                    .as_ref()
                    .map(|note| format!("- `{}` `{}`: {}\n", spec.spec, r.operation, one_line(note)))
            })
        })
        .collect();
    if !notes.is_empty() {
        out.push_str(&format!(
            "\n### Faults of the specs\n\n{} operation(s) passed only with a response generated from the schema:\n\n",
            notes.len()
        ));
        out.extend(notes);
    }
}

/// Failed operations by the kind of failure; operations without a result
/// count under the problem that stopped them.
fn failures_by_kind(specs: &[SpecResult]) -> BTreeMap<String, usize> {
    let mut kinds = BTreeMap::new();
    for spec in specs {
        for result in &spec.results {
            if let Status::Failed(kind, _) = &result.status {
                *kinds.entry(kind.clone()).or_default() += 1;
            }
        }
        if let Some((kind, _)) = &spec.problem {
            *kinds.entry(kind.clone()).or_default() += spec.operations - spec.results.len();
        }
    }
    kinds.retain(|_, count| *count > 0);
    kinds
}

fn one_line(text: &str) -> String {
    let line = text.replace(['\n', '\t'], " ");
    if line.chars().count() > 400 {
        format!("{}…", line.chars().take(400).collect::<String>())
    } else {
        line
    }
}

/// One line per operation, `spec <tab> operation <tab> method path <tab>
/// passed|failed <tab> kind <tab> reason <tab> note`, for grep and for
/// comparing runs.
pub fn write_outcomes(path: &Path, specs: &[SpecResult]) -> Result<(), String> {
    let mut text = String::new();
    for spec in specs {
        for r in &spec.results {
            let (outcome, kind, reason) = match &r.status {
                Status::Passed => ("passed", "", String::new()),
                Status::Failed(kind, reason) => ("failed", kind.as_str(), one_line(reason)),
                Status::Unchecked(reason) => ("unchecked", "", one_line(reason)),
            };
            let note = r.note.as_deref().map(one_line).unwrap_or_default();
            text.push_str(&format!(
                "{}\t{}\t{} {}\t{outcome}\t{kind}\t{reason}\t{note}\n",
                spec.spec, r.operation, r.method, r.path
            ));
        }
        if let Some((kind, reason)) = &spec.problem {
            text.push_str(&format!(
                "{}\t-\t-\tno result\t{kind}\t{}\n",
                spec.spec,
                one_line(reason)
            ));
        }
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    eprintln!("outcome of each operation: {}", path.display());
    Ok(())
}
