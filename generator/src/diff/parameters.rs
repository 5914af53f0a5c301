//! Parameters: paired by place and name (path parameters by their place in
//! the path, whatever they are called), then compared.
//!
//! In the client, a path parameter is an argument of the operation's method
//! and every other parameter a field of its params struct, which derives
//! `Default` when all of them are optional.

use super::client::{parameter_item, parameter_text, params_derive_default, params_struct};
use super::constraints::{compare_constraints, compare_default};
use super::pairs::{Located, Location, OperationPair};
use super::rust::{resolved_text, type_def};
use super::schemas::{Place, Slot, Walker, constraints_at, deprecated_rust, format_at, slot_verdict};
use super::wire::resolve;
use super::{Assessment, Direction, Finding, Position};
use crate::ir::{ModuleId, Operation, Parameter, ParameterLocation, Program, TypeKind, TypeRef};

/// What pairs two versions of a parameter.
#[derive(Debug, PartialEq, Eq)]
enum Key<'p> {
    /// The n-th placeholder of the path.
    Path(usize),
    Named(ParameterLocation, &'p str),
}

fn key<'p>(op: &Operation, p: &'p Parameter) -> Key<'p> {
    if p.location == ParameterLocation::Path {
        let index = op.path.placeholders().position(|name| name == p.wire_name);
        Key::Path(index.unwrap_or(usize::MAX))
    } else {
        Key::Named(p.location, &p.wire_name)
    }
}

fn location_word(location: ParameterLocation) -> &'static str {
    match location {
        ParameterLocation::Path => "path",
        ParameterLocation::Query => "query",
        ParameterLocation::Header => "header",
        ParameterLocation::Cookie => "cookie",
    }
}

fn label(p: &Parameter) -> Location {
    Location::Parameter(format!("{} parameter `{}`", location_word(p.location), p.wire_name))
}

pub(crate) fn compare_parameters(ops: &OperationPair, found: &mut Vec<Located>) {
    let (before, after) = (ops.before, ops.after);
    // One walk for all parameters: a type two of them share is reported once.
    let mut walker = Walker::deep(ops.old, ops.new, Direction::Request);
    for new in &after.parameters {
        let new_key = key(after, new);
        match before.parameters.iter().find(|old| key(before, old) == new_key) {
            Some(old) => {
                let mut findings = compare_parameter(ops, &mut walker, old, new);
                findings.append(&mut walker.findings);
                found.extend(findings.into_iter().map(|f| (label(new), f)));
            }
            None => found.push((label(new), parameter_added(ops, new))),
        }
    }
    for old in &before.parameters {
        let old_key = key(before, old);
        if !after.parameters.iter().any(|new| key(after, new) == old_key) {
            found.push((label(old), parameter_removed(ops, old)));
        }
    }
}

fn parameter_added(ops: &OperationPair, new: &Parameter) -> Finding {
    let method = &ops.after.name;
    let ty = parameter_text(ops.new, ops.new_module.id, new);
    let name = &new.name;
    let rust = match (params_struct(ops.before), new.location) {
        (_, ParameterLocation::Path) => Assessment::breaking(format!(
            "`{method}` takes a new argument `{name}: {ty}`, which every call must pass"
        )),
        (None, _) => Assessment::breaking(format!(
            "`{method}` takes a new `params: &{}` argument, which every call must pass",
            params_struct(ops.after).unwrap_or_default()
        )),
        (Some(params), _) if new.required => with_default_note(
            Assessment::breaking(format!(
                "`{params}` gains `{name}: {ty}`, which every struct literal must set"
            )),
            ops,
        ),
        (Some(params), _) if params_derive_default(ops.after) => Assessment::review(format!(
            "`{params}` gains `{name}: {ty}`: struct literals that list every field stop compiling, those ending in `..Default::default()` do not"
        )),
        (Some(params), _) => Assessment::breaking(format!(
            "`{params}` gains `{name}: {ty}` and does not derive `Default`, so every struct literal must set it"
        )),
    };
    let (id, wire) = match (new.location, new.required) {
        (ParameterLocation::Path, _) => (
            "new-request-path-parameter",
            Assessment::breaking("requests to the old path are no longer valid"),
        ),
        (_, true) => (
            "new-required-request-parameter",
            Assessment::breaking(format!("requests without `{}` are rejected", new.wire_name)),
        ),
        (_, false) => (
            "new-optional-request-parameter",
            Assessment::safe(format!("requests may leave `{}` out", new.wire_name)),
        ),
    };
    let summary = if new.required {
        "required parameter added"
    } else {
        "optional parameter added"
    };
    Finding::new(id, summary, wire, rust).at("", Some(&parameter_item(ops.after, new)))
}

fn parameter_removed(ops: &OperationPair, old: &Parameter) -> Finding {
    let method = &ops.after.name;
    let rust = match (params_struct(ops.after), old.location) {
        (_, ParameterLocation::Path) => Assessment::breaking(format!(
            "`{method}` no longer takes `{}`; calls that pass it stop compiling",
            old.name
        )),
        (None, _) => Assessment::breaking(format!(
            "`{method}` no longer takes `params`; calls that pass it stop compiling"
        )),
        (Some(params), _) => Assessment::breaking(format!(
            "`{params}::{}` is gone; code that sets it stops compiling",
            old.name
        )),
    };
    Finding::new(
        "request-parameter-removed",
        "parameter removed",
        Assessment::review(format!(
            "clients that still send `{}` see it ignored, or rejected",
            old.wire_name
        )),
        rust,
    )
    .at("", Some(&parameter_item(ops.before, old)))
}

/// Adds that the params struct lost its `Default` derive, when it did.
fn with_default_note(verdict: Assessment, ops: &OperationPair) -> Assessment {
    match params_struct(ops.after) {
        Some(params) if params_derive_default(ops.before) && !params_derive_default(ops.after) => {
            Assessment::breaking(format!("{}; `{params}` no longer derives `Default`", verdict.reason))
        }
        _ => verdict,
    }
}

fn compare_parameter(ops: &OperationPair, walker: &mut Walker, old: &Parameter, new: &Parameter) -> Vec<Finding> {
    let place = Place {
        position: Position::Parameter,
        pointer: String::new(),
        item: parameter_item(ops.after, new),
        old: parameter_slot(ops.old, ops.old_module.id, old),
        new: parameter_slot(ops.new, ops.new_module.id, new),
        old_format: format_at(ops.old, &old.docs, &old.ty),
        new_format: format_at(ops.new, &new.docs, &new.ty),
    };
    let mut findings = Vec::new();
    let mut push = |id: &str, summary: String, wire: Assessment, rust: Assessment| {
        findings.push(Finding::new(id, summary, wire, rust).at("", Some(&place.item)));
    };
    if old.wire_name != new.wire_name {
        let rust = Assessment::safe("path parameters are positional arguments; only their name changes");
        push(
            "request-path-parameter-renamed",
            format!("renamed from `{}` to `{}`", old.wire_name, new.wire_name),
            Assessment::safe("the name of a path parameter is not sent, only its value"),
            rust,
        );
    }
    if old.required != new.required {
        let name = &new.wire_name;
        if new.required {
            push(
                "request-parameter-became-required",
                "became required".into(),
                Assessment::breaking(format!("requests without `{name}` are rejected")),
                with_default_note(slot_verdict(&place), ops),
            );
        } else {
            push(
                "request-parameter-became-optional",
                "became optional".into(),
                Assessment::safe(format!("requests may now leave `{name}` out")),
                slot_verdict(&place),
            );
        }
    }
    if let Some((summary, wire)) = style_change(ops, old, new) {
        let rust = Assessment::safe("the client encodes the value; no signature changes");
        push("request-parameter-style-changed", summary, wire, rust);
    }
    if !old.docs.deprecated && new.docs.deprecated {
        push(
            "request-parameter-deprecated",
            "deprecated".into(),
            Assessment::safe("the parameter still works; the spec marks it for removal"),
            deprecated_rust(),
        );
    }
    let item = Some(place.item.as_str());
    findings.extend(compare_default(
        old.default.as_deref(),
        new.default.as_deref(),
        Direction::Request,
        Position::Parameter,
        "",
        item,
    ));
    findings.extend(compare_constraints(
        constraints_at(ops.old, &old.constraints, &old.ty),
        constraints_at(ops.new, &new.constraints, &new.ty),
        Direction::Request,
        Position::Parameter,
        "",
        item,
    ));
    walker.compare(&old.ty, &new.ty, &place);
    findings
}

/// A change of `explode`, and what it does on the wire; `None` when it
/// did not change.
fn style_change(ops: &OperationPair, old: &Parameter, new: &Parameter) -> Option<(String, Assessment)> {
    if old.explode == new.explode {
        return None;
    }
    let wire = if carries_several_values(ops.new, &new.ty) {
        Assessment::breaking(format!(
            "the server now reads {}, clients send {}",
            style(new),
            style(old)
        ))
    } else {
        Assessment::safe("the value is a single scalar, written the same either way")
    };
    Some((format!("explode changed from {} to {}", old.explode, new.explode), wire))
}

/// A parameter's Rust type where it lives, for the slot of its changes.
fn parameter_slot(program: &Program, module: ModuleId, p: &Parameter) -> Slot {
    let shown = parameter_text(program, module, p);
    let expanded = resolved_text(program, module, &p.ty);
    // A path argument keeps the type it is written with (`&str` for a string,
    // `&UserId` for an alias of one), so only names inside it are expanded.
    let resolved = match (p.location, shown.strip_prefix('&')) {
        (ParameterLocation::Path, Some("str") | None) => shown.clone(),
        (ParameterLocation::Path, Some(_)) => format!("&{expanded}"),
        _ if p.required => expanded,
        _ => format!("Option<{expanded}>"),
    };
    Slot { shown, resolved }
}

/// Whether `explode` changes how the value is written: only for arrays and objects.
fn carries_several_values(program: &Program, ty: &TypeRef) -> bool {
    match resolve(program, ty) {
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::JsonObject | TypeRef::Json => true,
        TypeRef::Nullable(inner) => carries_several_values(program, inner),
        named @ TypeRef::Named(_) => {
            matches!(type_def(program, named).map(|d| &d.kind), Some(TypeKind::Struct(_)))
        }
        _ => false,
    }
}

/// How an array parameter is written, for messages.
fn style(p: &Parameter) -> String {
    let name = &p.wire_name;
    match (p.location, p.explode) {
        (ParameterLocation::Query, true) => format!("`{name}=a&{name}=b`"),
        (ParameterLocation::Query, false) => format!("`{name}=a,b`"),
        (_, true) => "exploded values".into(),
        (_, false) => "`a,b`".into(),
    }
}
