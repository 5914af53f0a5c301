//! The client API an operation becomes, as text, following the rules of
//! `emit::client`: a method per operation on `Client` taking the path
//! parameters in path order, then `params: &{Op}Params` (the query, header
//! and cookie parameters) when there are any, then the body; returning the
//! success body, or `{Op}Success` when the success statuses carry different
//! bodies; failing with `{Op}Error`, a variant per documented error status.
//!
//! Item names are the ones lowering decided (`Operation::items`), which the
//! emitter declares; types are written by the emitter's own renderer
//! ([`super::rust::type_text`]).

use super::rust::{derives_default_when, type_text};
use crate::ir::{Body, Module, ModuleId, Operation, Parameter, ParameterLocation, Program, TypeRef};

use crate::emit::client::displayable;

/// The operation's error enum, as lowering named it for the emitter.
pub(crate) fn error_enum(op: &Operation) -> String {
    op.items.error.clone()
}

/// The params struct, when the operation has query, header or cookie parameters.
pub(crate) fn params_struct(op: &Operation) -> Option<String> {
    op.items.params.clone()
}

/// The success enum, when the success statuses carry different bodies;
/// empty for an operation without one, whose variants are never asked for.
pub(crate) fn success_enum(op: &Operation) -> String {
    op.items.success.clone().unwrap_or_default()
}

pub(crate) fn params_derive_default(op: &Operation) -> bool {
    derives_default_when(
        op.parameters
            .iter()
            .filter(|p| p.location != ParameterLocation::Path)
            .map(|p| p.required),
    )
}

/// Where a parameter lives in Rust: a field of the params struct, or an argument.
pub(crate) fn parameter_item(op: &Operation, p: &Parameter) -> String {
    match params_struct(op).filter(|_| p.location != ParameterLocation::Path) {
        Some(params) => format!("{params}::{}", p.name),
        None => format!("Client::{}({})", op.name, p.name),
    }
}

/// A parameter's Rust type where it lives: a params field (`Option` when
/// optional) or a path argument (strings borrowed as `&str`).
pub(crate) fn parameter_text(program: &Program, module: ModuleId, p: &Parameter) -> String {
    if p.location != ParameterLocation::Path {
        let ty = type_text(program, module, &p.ty);
        return if p.required { ty } else { format!("Option<{ty}>") };
    }
    match &p.ty {
        TypeRef::String => "&str".into(),
        TypeRef::Int(_) | TypeRef::Float(_) | TypeRef::Bool => type_text(program, module, &p.ty),
        ty if displayable(program, ty) => format!("&{}", type_text(program, module, ty)),
        _ => "&str".into(),
    }
}

/// How a type is written: as declared ([`type_text`]) or with aliases
/// expanded ([`super::rust::resolved_text`]).
pub(crate) type TypeText = fn(&Program, ModuleId, &TypeRef) -> String;

/// A body's Rust type: its JSON type, `String` for text, bytes otherwise.
pub(crate) fn body_text(program: &Program, module: ModuleId, body: Option<&Body>) -> String {
    body_text_with(program, module, body, type_text)
}

pub(crate) fn body_text_with(program: &Program, module: ModuleId, body: Option<&Body>, text: TypeText) -> String {
    let Some(body) = body else {
        return "()".into();
    };
    match &body.ty {
        Some(ty) => text(program, module, ty),
        None if is_text(body) => "String".into(),
        None => "Vec<u8>".into(),
    }
}

fn is_text(body: &Body) -> bool {
    body.content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
        .starts_with("text/")
}

/// The `body` argument, or `None` when the method takes no body.
pub(crate) fn body_argument(
    program: &Program,
    module: ModuleId,
    body: Option<&Body>,
    text: TypeText,
) -> Option<String> {
    let body = body.filter(|b| !b.content_type.is_empty())?;
    let ty = body_text_with(program, module, Some(body), text);
    let ty = if body.ty.is_some() { format!("&{ty}") } else { ty };
    Some(if body.required { ty } else { format!("Option<{ty}>") })
}

fn successes(op: &Operation) -> impl Iterator<Item = &crate::ir::Response> {
    op.responses.iter().filter(|r| r.is_success())
}

/// The variants of `{Op}Success` with their payloads, when the success
/// statuses carry different bodies; `None` when one type serves them all.
pub(crate) fn success_variants(program: &Program, module: ModuleId, op: &Operation) -> Option<Vec<(String, String)>> {
    op.items.success.as_ref().map(|_| {
        successes(op)
            .map(|r| (r.variant.clone(), payload(program, module, r.body.as_ref())))
            .collect()
    })
}

/// What the method returns on success.
pub(crate) fn success_text(program: &Program, module: ModuleId, op: &Operation) -> String {
    match success_variants(program, module, op) {
        Some(_) => success_enum(op),
        None => body_text(program, module, successes(op).next().and_then(|r| r.body.as_ref())),
    }
}

/// The variants of `{Op}Error`: one per error status, with its body.
pub(crate) fn error_variants(program: &Program, module: ModuleId, op: &Operation) -> Vec<(String, String)> {
    op.responses
        .iter()
        .filter(|r| !r.is_success())
        .map(|r| (r.variant.clone(), payload(program, module, r.body.as_ref())))
        .collect()
}

/// A variant's payload: `(Type)`, or nothing for a response without a body.
fn payload(program: &Program, module: ModuleId, body: Option<&Body>) -> String {
    match body {
        Some(_) => format!("({})", body_text(program, module, body)),
        None => "unit".into(),
    }
}

/// `fn list_users(&self, params: &ListUsersParams) -> Result<ApiResponse<UserList>, Error<ListUsersError>>`.
pub(crate) fn method_signature(program: &Program, module: &Module, op: &Operation) -> String {
    let mut arguments = vec!["&self".to_string()];
    for p in op.path_parameters() {
        arguments.push(format!("{}: {}", p.name, parameter_text(program, module.id, p)));
    }
    if let Some(params) = params_struct(op) {
        arguments.push(format!("params: &{params}"));
    }
    arguments
        .extend(body_argument(program, module.id, op.request_body.as_ref(), type_text).map(|ty| format!("body: {ty}")));
    format!(
        "fn {}({}) -> Result<ApiResponse<{}>, Error<{}>>",
        op.name,
        arguments.join(", "),
        success_text(program, module.id, op),
        error_enum(op)
    )
}

/// The methods `Client` gets from the module's security schemes, with
/// their arguments.
pub(crate) fn constructors(module: &Module) -> Vec<String> {
    let mut out: Vec<String> = module
        .security_schemes
        .iter()
        .map(|scheme| {
            format!(
                "{}({})",
                crate::lower::names::unraw(&scheme.setter),
                scheme.kind.secret_arguments().join(", ")
            )
        })
        .collect();
    out.sort();
    out
}
