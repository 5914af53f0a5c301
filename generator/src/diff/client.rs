//! The client API an operation becomes, as text, following the rules of
//! `emit::client`: a method per operation on `Client` taking the path
//! parameters in path order, then `params: &{Op}Params` (the query, header
//! and cookie parameters) when there are any, then the body; returning the
//! success body, or `{Op}Success` when the success statuses carry different
//! bodies; failing with `{Op}Error`, a variant per documented error status.
//!
//! Item names are the ones lowering decided (`Operation::items`), which the
//! emitter declares. Signatures, arguments, body and success types are the
//! emitter's own tokens, written as text ([`super::rust::tidy`]), so the
//! report cannot describe code the generator does not write.

use std::borrow::Cow;

use quote::quote;

use super::rust::{derives_default_when, tidy, type_text, without_aliases};
use crate::emit::client::arguments::{arguments, body_type, by_reference, return_type, takes_text};
use crate::emit::client::bodies::response_type;
use crate::emit::client::items::params_field_type;
use crate::emit::client::success_type;
use crate::emit::type_refs::Spelling;
use crate::ir::{Body, Module, ModuleId, Operation, Parameter, ParameterLocation, Program};

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
        return tidy(params_field_type(program, Spelling::Review(module), p));
    }
    // The emitter's own rules for path arguments.
    match &p.ty {
        ty if !by_reference(ty) => type_text(program, module, ty),
        ty if takes_text(program, ty) => "&str".into(),
        ty => format!("&{}", type_text(program, module, ty)),
    }
}

/// Whether a body's type is written as declared or with aliases expanded
/// (as [`super::rust::resolved_text`] does), for comparing two of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Aliases {
    Kept,
    Resolved,
}

/// `body` with its type's aliases replaced when `aliases` says so; a copy
/// only then.
fn spelled_body<'b>(program: &Program, body: &'b Body, aliases: Aliases) -> Cow<'b, Body> {
    match aliases {
        Aliases::Kept => Cow::Borrowed(body),
        Aliases::Resolved => Cow::Owned(Body {
            ty: body.ty.as_ref().map(|ty| without_aliases(program, ty)),
            ..body.clone()
        }),
    }
}

/// A response body's Rust type, as the emitter declares it: its JSON type,
/// `String` for text, a stream or bytes otherwise.
pub(crate) fn response_text(
    program: &Program,
    module: ModuleId,
    body: &Body,
    success: bool,
    aliases: Aliases,
) -> String {
    let body = spelled_body(program, body, aliases);
    tidy(response_type(program, Spelling::Review(module), Some(&body), success))
}

/// The `body` argument as the emitter declares it, or `None` when the
/// method takes no body.
pub(crate) fn body_argument(
    program: &Program,
    module: ModuleId,
    body: Option<&Body>,
    aliases: Aliases,
) -> Option<String> {
    let body = spelled_body(program, body.filter(|b| !b.content_type.is_empty())?, aliases);
    let (ty, _) = body_type(program, Spelling::Review(module), &body, |ty| quote! { &#ty });
    Some(tidy(ty))
}

fn successes(op: &Operation) -> impl Iterator<Item = &crate::ir::Response> {
    op.responses.iter().filter(|r| r.is_success())
}

/// The variants of `{Op}Success` with their payloads, when the success
/// statuses carry different bodies; `None` when one type serves them all.
pub(crate) fn success_variants(program: &Program, module: ModuleId, op: &Operation) -> Option<Vec<(String, String)>> {
    op.items.success.as_ref().map(|_| {
        successes(op)
            .map(|r| (r.variant.clone(), payload(program, module, r.body.as_ref(), true)))
            .collect()
    })
}

/// What the method returns on success, as the emitter declares it.
pub(crate) fn success_text(program: &Program, module: ModuleId, op: &Operation) -> String {
    tidy(success_type(program, Spelling::Review(module), op))
}

/// The variants of `{Op}Error`: one per error status, with its body.
pub(crate) fn error_variants(program: &Program, module: ModuleId, op: &Operation) -> Vec<(String, String)> {
    op.responses
        .iter()
        .filter(|r| !r.is_success())
        .map(|r| (r.variant.clone(), payload(program, module, r.body.as_ref(), false)))
        .collect()
}

/// A variant's payload as the emitter declares it: `(Type)`, or nothing
/// for a response without a body.
fn payload(program: &Program, module: ModuleId, body: Option<&Body>, success: bool) -> String {
    match body {
        Some(body) => format!("({})", response_text(program, module, body, success, Aliases::Kept)),
        None => "unit".into(),
    }
}

/// `fn list_users(&self, params: &ListUsersParams) -> Result<ApiResponse<UserList>, Error<ListUsersError>>`,
/// from the arguments and success type the emitter declares.
pub(crate) fn method_signature(program: &Program, module: &Module, op: &Operation) -> String {
    let spelling = Spelling::Review(module.id);
    let arguments = std::iter::once("&self".to_string())
        .chain(
            arguments(program, spelling, op, None)
                .into_iter()
                .map(|a| tidy(a.declaration)),
        )
        .collect::<Vec<_>>();
    let returns = return_type(success_type(program, spelling, op), &op.items.error);
    format!("fn {}({}) -> {}", op.name, arguments.join(", "), tidy(returns))
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
