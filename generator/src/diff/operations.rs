//! Operations: paired by method and path, then compared: deprecation,
//! method name, security, parameters, request body and responses.

use std::collections::{HashMap, HashSet};

use super::pairs::{Located, Location, OperationPair, Sides};
use super::schemas::deprecated_rust;
use super::{Assessment, Change, Finding, ModulePair, Subject};
use crate::ir::{Method, Operation};

pub(crate) fn diff_operations(sides: &Sides, pair: &ModulePair, out: &mut Vec<Change>) {
    let (Some(old_module), Some(new_module)) = (pair.old, pair.new) else {
        return;
    };
    let old_endpoints: HashMap<(Method, String), &Operation> =
        old_module.operations.iter().map(|op| (endpoint(op), op)).collect();
    let new_endpoints: HashSet<(Method, String)> = new_module.operations.iter().map(endpoint).collect();
    for after in &new_module.operations {
        let subject = subject_of(after);
        match old_endpoints.get(&endpoint(after)).copied() {
            Some(before) => {
                let ops = OperationPair {
                    old: sides.old,
                    new: sides.new,
                    old_doc: sides.old_doc,
                    new_doc: sides.new_doc,
                    old_module,
                    new_module,
                    before,
                    after,
                };
                for (location, finding) in merge_responses(compare_operation(&ops)) {
                    out.push(finding.into_change(pair, subject.clone(), location.text()));
                }
            }
            None => {
                let finding = Finding::new(
                    "endpoint-added",
                    "operation added",
                    Assessment::safe("a new operation; existing clients do not call it"),
                    Assessment::safe(format!("new method `{}`", after.name)),
                )
                .at("", Some(&after.name));
                out.push(finding.into_change(pair, subject, String::new()));
            }
        }
    }
    for before in &old_module.operations {
        if new_endpoints.contains(&endpoint(before)) {
            continue;
        }
        let (id, wire) = if before.docs.deprecated {
            (
                "api-removed-with-deprecation",
                Assessment::review("it was deprecated, but clients still calling it now fail"),
            )
        } else {
            (
                "api-removed-without-deprecation",
                Assessment::breaking("clients calling it now fail"),
            )
        };
        let rust = Assessment::breaking(format!("method `{}` is gone; calls to it stop compiling", before.name));
        let finding = Finding::new(id, "operation removed", wire, rust).at("", Some(&before.name));
        out.push(finding.into_change(pair, subject_of(before), String::new()));
    }
}

fn subject_of(op: &Operation) -> Subject {
    Subject::Operation {
        method: op.method.to_string(),
        path: op.path.to_string(),
        name: op.name.clone(),
    }
}

/// What pairs two versions of an operation: its method and the shape of its
/// path, so that `/users/{id}` and `/users/{user_id}` are one endpoint.
fn endpoint(op: &Operation) -> (Method, String) {
    (op.method, op.path.shape())
}

fn compare_operation(ops: &OperationPair) -> Vec<Located> {
    let mut found: Vec<Located> = Vec::new();
    let (before, after) = (ops.before, ops.after);
    match (before.docs.deprecated, after.docs.deprecated) {
        (false, true) => found.push((
            Location::Operation,
            Finding::new(
                "endpoint-deprecated",
                "operation deprecated",
                Assessment::safe("the operation still works; the spec marks it for removal"),
                deprecated_rust(),
            ),
        )),
        (true, false) => found.push((
            Location::Operation,
            Finding::new(
                "endpoint-reactivated",
                "operation no longer deprecated",
                Assessment::safe("the operation keeps working"),
                Assessment::safe("`#[deprecated]` is gone; only warnings disappear"),
            ),
        )),
        _ => {}
    }
    if before.operation_id != after.operation_id || before.name != after.name {
        let show = |op: &Operation| op.operation_id.clone().unwrap_or_else(|| "none".into());
        let rust = if before.name == after.name {
            Assessment::safe(format!("the method keeps its name `{}`", after.name))
        } else {
            Assessment::breaking(format!(
                "method `{}` is now `{}`; calls to the old name stop compiling, and types named after the operation are renamed too",
                before.name, after.name
            ))
        };
        found.push((
            Location::Operation,
            Finding::new(
                "api-operation-id-changed",
                format!("operationId changed from `{}` to `{}`", show(before), show(after)),
                Assessment::safe("the operationId is not sent on the wire"),
                rust,
            )
            .at("", Some(&after.name)),
        ));
    }
    compare_security(ops, &mut found);
    super::parameters::compare_parameters(ops, &mut found);
    super::bodies::compare_request_body(ops, &mut found);
    super::bodies::compare_responses(ops, &mut found);
    found
}

/// The requirement an operation is sent with, each alternative's schemes in
/// one order so that reordering them is no change.
fn effective_security(op: &Operation) -> Vec<Vec<String>> {
    op.requirement
        .iter()
        .map(|alternative| {
            let mut schemes = alternative.clone();
            schemes.sort();
            schemes
        })
        .collect()
}

/// Whether a request without credentials is accepted.
fn allows_anonymous(alternatives: &[Vec<String>]) -> bool {
    alternatives.is_empty() || alternatives.iter().any(Vec::is_empty)
}

fn compare_security(ops: &OperationPair, found: &mut Vec<Located>) {
    let old = effective_security(ops.before);
    let new = effective_security(ops.after);
    if old == new {
        return;
    }
    let rust = || Assessment::safe("credentials are set on the client, not passed to the method");
    let show = |alternative: &[String]| format!("`{}`", alternative.join(" + "));
    let mut push = |id: &str, summary: String, wire: Assessment| {
        found.push((Location::Security, Finding::new(id, summary, wire, rust())));
    };
    match (allows_anonymous(&old), allows_anonymous(&new)) {
        (true, false) => push(
            "api-security-added",
            format!("now requires one of {}", list(&new, show)),
            Assessment::breaking("requests without credentials are now rejected"),
        ),
        (false, true) => push(
            "api-security-removed",
            "credentials are no longer required".into(),
            Assessment::safe("requests with credentials are still accepted"),
        ),
        (anonymous, _) => {
            for alternative in old.iter().filter(|a| !a.is_empty() && !new.contains(a)) {
                let wire = if anonymous {
                    Assessment::safe("requests without credentials are still accepted")
                } else {
                    Assessment::breaking(format!(
                        "clients that authenticate only with {} are rejected",
                        show(alternative)
                    ))
                };
                push(
                    "api-security-removed",
                    format!("{} no longer accepted", show(alternative)),
                    wire,
                );
            }
            for alternative in new.iter().filter(|a| !a.is_empty() && !old.contains(a)) {
                push(
                    "api-security-added",
                    format!("{} accepted", show(alternative)),
                    Assessment::safe("one more way to authenticate; the old ones still work"),
                );
            }
        }
    }
}

fn list(alternatives: &[Vec<String>], show: impl Fn(&[String]) -> String) -> String {
    alternatives.iter().map(|a| show(a)).collect::<Vec<_>>().join(", ")
}

/// One entry for a change that several responses share (`responses 401, 404`)
/// rather than one per status.
fn merge_responses(found: Vec<Located>) -> Vec<Located> {
    let mut merged: Vec<Located> = Vec::with_capacity(found.len());
    for (location, finding) in found {
        if let Location::Responses(statuses) = &location
            && let Some((Location::Responses(existing), _)) = merged
                .iter_mut()
                .find(|(l, f)| matches!(l, Location::Responses(_)) && *f == finding)
        {
            existing.extend(statuses.iter().cloned());
            continue;
        }
        merged.push((location, finding));
    }
    merged
}
