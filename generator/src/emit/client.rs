//! The async client of one API module: a `Client` with a method per
//! operation, each with its parameters, its success type and its errors.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_lines;
use super::types::qualified_type_tokens;
use super::validate::value_checks;
use super::{client_struct, ident, ident_text, pagination};
use crate::ir::{
    Body, Module, Operation, Parameter, ParameterLocation, Program, Response, SecurityKind, TypeId, TypeRef,
};
use crate::lower::names::{Scope, status_word};

/// How a body travels, decided by its media type.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Json,
    Text,
    Bytes,
}

fn encoding(body: &Body) -> Encoding {
    let essence = body
        .content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if body.ty.is_some() {
        Encoding::Json
    } else if essence.starts_with("text/") {
        Encoding::Text
    } else {
        Encoding::Bytes
    }
}

/// The Rust type of a body as the client hands it over.
fn body_type(body: Option<&Body>, program: &Program) -> TokenStream {
    match body {
        None => quote! { () },
        Some(b) => match (encoding(b), &b.ty) {
            (Encoding::Json, Some(ty)) => qualified_type_tokens(program, ty),
            (Encoding::Text, _) => quote! { String },
            _ => quote! { Vec<u8> },
        },
    }
}

/// Reads `raw`'s body into the body's type.
fn read_body(body: Option<&Body>) -> TokenStream {
    match body {
        None => quote! { () },
        Some(b) => match encoding(b) {
            Encoding::Json => quote! { raw.json()? },
            Encoding::Text => quote! { raw.text()? },
            Encoding::Bytes => quote! { raw.bytes() },
        },
    }
}

pub struct ClientNames {
    /// `Error` enum of each operation, by operation index.
    pub errors: Vec<String>,
    pub params: Vec<Option<String>>,
    pub success: Vec<Option<String>>,
}

/// The operations in `range` of the module's client; the piece that starts
/// at the first operation also holds the file's header and the `Client`.
pub fn emit_client(
    program: &Program,
    module: &Module,
    range: std::ops::Range<usize>,
    request_types: &BTreeSet<TypeId>,
) -> TokenStream {
    let mut scope = Scope::default();
    for reserved in [
        "Client",
        "ApiResponse",
        "Error",
        "Credentials",
        "ValidationErrors",
        "Validate",
    ] {
        scope.reserve(reserved);
    }
    let names = ClientNames {
        errors: module
            .operations
            .iter()
            .map(|op| scope.claim(&format!("{}Error", stem(op)), &op.name).0)
            .collect(),
        params: module
            .operations
            .iter()
            .map(|op| has_params_struct(op).then(|| scope.claim(&format!("{}Params", stem(op)), &op.name).0))
            .collect(),
        success: module
            .operations
            .iter()
            .map(|op| {
                (success_kinds(program, op) > 1).then(|| scope.claim(&format!("{}Success", stem(op)), &op.name).0)
            })
            .collect(),
    };
    let first = range.start == 0;
    let in_range = |i: &usize| range.contains(i);
    let methods = module
        .operations
        .iter()
        .enumerate()
        .filter(|(i, _)| in_range(i))
        .map(|(i, op)| emit_method(program, module, op, i, &names, request_types));
    let items = module
        .operations
        .iter()
        .enumerate()
        .filter(|(i, _)| in_range(i))
        .map(|(i, op)| emit_operation_types(program, module, op, i, &names));
    let methods = quote! {
        impl Client {
            #(#methods)*
        }
    };
    if !first {
        return quote! { #methods #(#items)* };
    }
    let client = client_struct::emit_client_struct(module);
    let scheme_imports =
        (!module.security_schemes.is_empty()).then(|| quote! { use crate::runtime::{Scheme, SchemeKind, Secret}; });
    let signature_import = module
        .security_schemes
        .iter()
        .any(|s| s.kind == SecurityKind::Signature)
        .then(|| quote! { pub use crate::runtime::SignatureMethod; });
    let pages = pagination::emit_pagination(program, module, &names);
    let doc = format!(" Async client of `specs/{}`: one method per operation.", module.source);
    quote! {
        #![doc = #doc]
        #![allow(deprecated, clippy::too_many_arguments)]

        pub use crate::runtime::{ApiResponse, CallOptions, Credentials, Error, RetryPolicy, ValidationErrors};
        #signature_import
        #scheme_imports

        #client

        #methods

        #pages

        #(#items)*
    }
}

/// `list_users` → `ListUsers`, the stem of an operation's client types.
pub(crate) fn stem(op: &Operation) -> String {
    crate::lower::names::type_name(ident_text(&op.name))
}

/// Whether the operation has query, header or cookie parameters, which go in a params struct.
pub(crate) fn has_params_struct(op: &Operation) -> bool {
    op.parameters.iter().any(|p| p.location != ParameterLocation::Path)
}

fn successes(op: &Operation) -> Vec<&Response> {
    op.responses.iter().filter(|r| r.status.starts_with('2')).collect()
}

fn errors(op: &Operation) -> Vec<&Response> {
    op.responses.iter().filter(|r| !r.status.starts_with('2')).collect()
}

/// How many different success bodies an operation has: one needs no enum.
fn success_kinds(program: &Program, op: &Operation) -> usize {
    let kinds: BTreeSet<String> = successes(op)
        .iter()
        .map(|r| body_type(r.body.as_ref(), program).to_string())
        .collect();
    kinds.len()
}

/// One argument of an operation method.
pub(crate) struct Argument {
    /// `name: Type`, as the method declares it.
    pub declaration: TokenStream,
    /// The expression that passes it on to the method from a helper that
    /// takes the same arguments (and `params` by value).
    pub forward: TokenStream,
    /// An owned value, which such a helper clones for each call.
    pub owned: Option<proc_macro2::Ident>,
}

/// The arguments of an operation method: path parameters in path order,
/// then the params struct, then the body. References get `lifetime` when
/// one is given, for helpers that hold them across awaits.
pub(crate) fn arguments(
    program: &Program,
    op: &Operation,
    index: usize,
    names: &ClientNames,
    lifetime: Option<&TokenStream>,
) -> Vec<Argument> {
    let reference = |ty: TokenStream| match lifetime {
        Some(lifetime) => quote! { &#lifetime #ty },
        None => quote! { &#ty },
    };
    let mut args = Vec::new();
    for p in path_order(op) {
        let name = ident(&p.name);
        let ty = match &p.ty {
            ty if !by_reference(ty) => qualified_type_tokens(program, ty),
            ty if takes_text(program, ty) => reference(quote! { str }),
            ty => reference(qualified_type_tokens(program, ty)),
        };
        args.push(Argument {
            declaration: quote! { #name: #ty },
            forward: quote! { #name },
            owned: None,
        });
    }
    if let Some(params_name) = &names.params[index] {
        let params_name = ident(params_name);
        args.push(Argument {
            declaration: quote! { params: &#params_name },
            forward: quote! { &params },
            owned: None,
        });
    }
    if let Some(b) = op.request_body.as_ref().filter(|b| !b.content_type.is_empty()) {
        let ty = body_type(Some(b), program);
        let (ty, owned) = if encoding(b) == Encoding::Json {
            (reference(ty), None)
        } else {
            (ty, Some(ident("body")))
        };
        let declaration = if b.required {
            quote! { body: #ty }
        } else {
            quote! { body: Option<#ty> }
        };
        args.push(Argument {
            declaration,
            forward: quote! { body },
            owned,
        });
    }
    args
}

/// Whether a path parameter is passed by reference: all but numbers and booleans.
fn by_reference(ty: &TypeRef) -> bool {
    !matches!(ty, TypeRef::Int(_) | TypeRef::Float(_) | TypeRef::Bool)
}

/// Whether a path parameter of type `ty` is passed as `&str`: strings, and
/// types with no text form of their own.
fn takes_text(program: &Program, ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String)
        || !(matches!(ty, TypeRef::Int(_) | TypeRef::Float(_) | TypeRef::Bool) || displayable(program, ty))
}

/// Whether values of `ty` have `Display` (primitives and generated enums).
pub(crate) fn displayable(program: &Program, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String | TypeRef::Int(_) | TypeRef::Float(_) | TypeRef::Bool => true,
        TypeRef::Named(id) => match &program.type_def(*id).kind {
            crate::ir::TypeKind::Enum(_) => true,
            crate::ir::TypeKind::Alias(target) => displayable(program, target),
            _ => false,
        },
        _ => false,
    }
}

/// The text of one scalar parameter value (`value` is a reference).
fn scalar_text(program: &Program, ty: &TypeRef, value: TokenStream) -> TokenStream {
    if displayable(program, ty) {
        quote! { #value.to_string() }
    } else {
        quote! { serde_json::to_string(#value).unwrap_or_default() }
    }
}

/// Statements that push a query parameter held in `value` (a reference).
fn push_query(program: &Program, p: &Parameter, ty: &TypeRef, value: TokenStream) -> TokenStream {
    let wire = &p.wire_name;
    match ty {
        TypeRef::Vec(item) if p.explode => {
            let text = scalar_text(program, item, quote! { item });
            quote! { for item in #value.iter() { query.push((#wire.to_string(), #text)); } }
        }
        TypeRef::Vec(item) => {
            let text = scalar_text(program, item, quote! { item });
            quote! { query.push((#wire.to_string(), #value.iter().map(|item| #text).collect::<Vec<_>>().join(","))); }
        }
        TypeRef::Nullable(inner) => {
            let push = push_query(program, p, inner, quote! { inner });
            quote! { if let Some(inner) = #value { #push } }
        }
        _ => {
            let text = scalar_text(program, ty, value);
            quote! { query.push((#wire.to_string(), #text)); }
        }
    }
}

fn param_field_type(program: &Program, p: &Parameter) -> TokenStream {
    let ty = qualified_type_tokens(program, &p.ty);
    if p.required {
        ty
    } else {
        quote! { Option<#ty> }
    }
}

fn emit_operation_types(
    program: &Program,
    module: &Module,
    op: &Operation,
    index: usize,
    names: &ClientNames,
) -> TokenStream {
    let _ = module;
    let error_name = ident(&names.errors[index]);
    let error_doc = format!(" The error responses `{}` documents.", ident_text(&op.name));
    let variants = errors(op).into_iter().map(|r| {
        let variant = ident(&status_word(&r.status));
        let doc = format!(" {}: {}", r.status, r.description.lines().next().unwrap_or(""));
        match &r.body {
            Some(_) => {
                let ty = body_type(r.body.as_ref(), program);
                quote! { #[doc = #doc] #variant(#ty), }
            }
            None => quote! { #[doc = #doc] #variant, },
        }
    });
    let params = names.params[index].as_ref().map(|params_name| {
        let params_name = ident(params_name);
        let all_optional = op
            .parameters
            .iter()
            .filter(|p| p.location != ParameterLocation::Path)
            .all(|p| !p.required);
        let default = all_optional.then(|| quote! { Default, });
        let fields = op
            .parameters
            .iter()
            .filter(|p| p.location != ParameterLocation::Path)
            .map(|p| {
                let name = ident(&p.name);
                let ty = param_field_type(program, p);
                let docs = param_docs(p);
                quote! { #docs pub #name: #ty, }
            });
        let doc = format!(" Query, header and cookie parameters of `{}`.", ident_text(&op.name));
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, #default)]
            pub struct #params_name {
                #(#fields)*
            }
        }
    });
    let success = names.success[index].as_ref().map(|success_name| {
        let success_name = ident(success_name);
        let doc = format!(" The success responses `{}` documents.", ident_text(&op.name));
        let variants = successes(op).into_iter().map(|r| {
            let variant = ident(&status_word(&r.status));
            let doc = format!(" {}: {}", r.status, r.description.lines().next().unwrap_or(""));
            match &r.body {
                Some(_) => {
                    let ty = body_type(r.body.as_ref(), program);
                    quote! { #[doc = #doc] #variant(#ty), }
                }
                None => quote! { #[doc = #doc] #variant, },
            }
        });
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum #success_name { #(#variants)* }
        }
    });
    quote! {
        #[doc = #error_doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #error_name { #(#variants)* }

        #params
        #success
    }
}

fn param_docs(p: &Parameter) -> TokenStream {
    let mut docs = p.docs.clone();
    docs.example = None;
    let text = super::docs::render(&docs);
    let mut out = doc_lines(&text);
    if p.docs.deprecated {
        out.extend(quote! { #[deprecated] });
    }
    out
}

/// The success type of an operation as the method returns it.
pub fn success_type(program: &Program, op: &Operation, index: usize, names: &ClientNames) -> TokenStream {
    match &names.success[index] {
        Some(name) => {
            let name = ident(name);
            quote! { #name }
        }
        None => body_type(successes(op).first().and_then(|r| r.body.as_ref()), program),
    }
}

fn emit_method(
    program: &Program,
    module: &Module,
    op: &Operation,
    index: usize,
    names: &ClientNames,
    request_types: &BTreeSet<TypeId>,
) -> TokenStream {
    let method_name = ident(&op.name);
    let error_name = ident(&names.errors[index]);
    let success = success_type(program, op, index, names);

    let args = arguments(program, op, index, names, None)
        .into_iter()
        .map(|a| a.declaration);

    // Validation of every argument against the spec's constraints.
    let mut checks = Vec::new();
    for p in &op.parameters {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        let value = match p.location {
            ParameterLocation::Path => quote! { &#name },
            _ => quote! { &params.#name },
        };
        let check = value_checks(
            program,
            module.id,
            &p.ty,
            &p.constraints,
            quote! { value },
            quote! { &root.field(#wire) },
            request_types,
        );
        // A path parameter of a type with no text form is taken as text:
        // there is no typed value to check.
        let taken_as_text =
            p.location == ParameterLocation::Path && p.ty != TypeRef::String && takes_text(program, &p.ty);
        if check.is_empty() || taken_as_text {
            continue;
        }
        let check = if p.location == ParameterLocation::Path && by_reference(&p.ty) {
            quote! { let value = #name; #check }
        } else if p.location == ParameterLocation::Path || p.required {
            quote! { let value = #value; #check }
        } else {
            quote! { if let Some(value) = #value { #check } }
        };
        checks.push(quote! { { #check } });
    }
    if let Some(body) = op.request_body.as_ref().filter(|b| encoding(b) == Encoding::Json)
        && let Some(ty) = &body.ty
    {
        let check = value_checks(
            program,
            module.id,
            ty,
            &Default::default(),
            quote! { value },
            quote! { &root },
            request_types,
        );
        if !check.is_empty() {
            let check = if body.required {
                quote! { let value = body; #check }
            } else {
                quote! { if let Some(value) = body { #check } }
            };
            checks.push(quote! { { #check } });
        }
    }
    let validation = (!checks.is_empty()).then(|| {
        quote! {
            let mut violations = crate::runtime::ValidationErrors::default();
            {
                let errors = &mut violations;
                let root = crate::runtime::Path::Root;
                #(#checks)*
            }
            if !violations.is_empty() {
                return Err(Error::Invalid(violations));
            }
        }
    });

    // The path, each parameter encoded as one segment.
    let mut template = String::new();
    let mut segments = Vec::new();
    for piece in path_pieces(&op.path) {
        match piece {
            PathPiece::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
            PathPiece::Param(wire) => {
                if let Some(p) = op
                    .parameters
                    .iter()
                    .find(|p| p.location == ParameterLocation::Path && p.wire_name == wire)
                {
                    let name = ident(&p.name);
                    // `&str` arguments are the text already; others have `Display`.
                    let text = if takes_text(program, &p.ty) {
                        quote! { #name }
                    } else {
                        quote! { &#name.to_string() }
                    };
                    template.push_str("{}");
                    segments.push(quote! { crate::runtime::path_segment(#wire, #text)? });
                }
            }
        }
    }
    let path_expr = if segments.is_empty() {
        quote! { String::from(#template) }
    } else {
        quote! { format!(#template, #(#segments),*) }
    };

    let mut query_pushes = Vec::new();
    let mut header_pushes = Vec::new();
    let mut cookies = Vec::new();
    for p in op.parameters.iter().filter(|p| p.location != ParameterLocation::Path) {
        let name = ident(&p.name);
        let wire = &p.wire_name;
        let (value, wrap_optional) = (quote! { &params.#name }, !p.required);
        let push = match p.location {
            ParameterLocation::Query => push_query(program, p, &p.ty, quote! { value }),
            ParameterLocation::Header => {
                let text = header_text(program, &p.ty);
                quote! { headers.push((#wire, #text)); }
            }
            ParameterLocation::Cookie => {
                let text = header_text(program, &p.ty);
                quote! { cookies.push(format!("{}={}", #wire, #text)); }
            }
            ParameterLocation::Path => continue,
        };
        let push = if wrap_optional {
            quote! { if let Some(value) = #value { #push } }
        } else {
            quote! { let value = #value; #push }
        };
        match p.location {
            ParameterLocation::Query => query_pushes.push(push),
            ParameterLocation::Header => header_pushes.push(push),
            _ => cookies.push(push),
        }
    }
    let cookie_header = (!cookies.is_empty()).then(|| {
        quote! {
            let mut cookies: Vec<String> = Vec::new();
            #(#cookies)*
            if !cookies.is_empty() {
                headers.push(("cookie", cookies.join("; ")));
            }
        }
    });

    let body_expr = match op.request_body.as_ref().filter(|b| !b.content_type.is_empty()) {
        None => quote! { None },
        Some(b) => {
            let content_type = if b.content_type == "*/*" {
                "application/json".to_string()
            } else {
                b.content_type.clone()
            };
            let bytes = match encoding(b) {
                Encoding::Json => quote! {
                    serde_json::to_vec(body).map_err(|e| Error::Invalid(crate::runtime::ValidationErrors::one("body", e.to_string())))?
                },
                Encoding::Text => quote! { body.into_bytes() },
                Encoding::Bytes => quote! { body },
            };
            if b.required {
                quote! { Some((#content_type, #bytes)) }
            } else {
                quote! { match body { Some(body) => Some((#content_type, #bytes)), None => None } }
            }
        }
    };
    let accept = accept_header(op);
    let method = ident(&op.method.to_ascii_uppercase());
    let security = client_struct::security_tokens(module, op);
    let operation_id = op.operation_id.as_deref().unwrap_or(&op.name);
    let path_template = &op.path;

    // Statuses: exact codes, then ranges, then `default`.
    let mut arms = Vec::new();
    let mut ordered: Vec<&Response> = op
        .responses
        .iter()
        .filter(|r| r.status.chars().all(|c| c.is_ascii_digit()))
        .collect();
    ordered.extend(
        op.responses
            .iter()
            .filter(|r| r.status.len() == 3 && r.status.to_ascii_uppercase().ends_with("XX")),
    );
    for r in ordered {
        let pattern = status_pattern(&r.status);
        let arm = response_arm(program, op, r, index, names, &error_name);
        arms.push(quote! { #pattern => { #arm } });
    }
    let documented_success = !successes(op).is_empty();
    let fallback = match op.responses.iter().find(|r| r.status == "default") {
        Some(default) => {
            let arm = response_arm(program, op, default, index, names, &error_name);
            if documented_success {
                quote! { _ => { #arm } }
            } else {
                // Only `default` is documented: it covers success too.
                let read = read_body(default.body.as_ref());
                quote! { 200..=299 => { let body = #read; Ok(raw.ok(body)) } _ => { #arm } }
            }
        }
        None if !documented_success => quote! { 200..=299 => Ok(raw.ok(())), _ => raw.unexpected(), },
        None => quote! { _ => raw.unexpected(), },
    };
    let docs = method_docs(program, module, op, index, names);
    let deprecated = op.docs.deprecated.then(|| quote! { #[deprecated] });
    let query_mut = (!query_pushes.is_empty()).then(|| quote! { mut });
    let headers_mut = (!header_pushes.is_empty() || cookie_header.is_some()).then(|| quote! { mut });
    quote! {
        #docs
        #deprecated
        pub async fn #method_name(&self, #(#args),*) -> Result<ApiResponse<#success>, Error<#error_name>> {
            #validation
            let path = #path_expr;
            let #query_mut query: Vec<(String, String)> = Vec::new();
            let #headers_mut headers: Vec<(&str, String)> = Vec::new();
            #(#query_pushes)*
            #(#header_pushes)*
            #cookie_header
            let request = crate::runtime::Request {
                method: crate::runtime::reqwest::Method::#method,
                path,
                query,
                headers,
                body: #body_expr,
                accept: #accept,
                security: #security,
                operation: #operation_id,
                path_template: #path_template,
            };
            let raw = self.transport.send(request).await?;
            match raw.status.as_u16() {
                #(#arms)*
                #fallback
            }
        }
    }
}

fn header_text(program: &Program, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Vec(item) => {
            let text = scalar_text(program, item, quote! { item });
            quote! { value.iter().map(|item| #text).collect::<Vec<_>>().join(",") }
        }
        _ => scalar_text(program, ty, quote! { value }),
    }
}

/// What the method does with one documented status.
fn response_arm(
    program: &Program,
    op: &Operation,
    r: &Response,
    index: usize,
    names: &ClientNames,
    error_name: &proc_macro2::Ident,
) -> TokenStream {
    let read = read_body(r.body.as_ref());
    let variant = ident(&status_word(&r.status));
    if r.status.starts_with('2') {
        match &names.success[index] {
            Some(success) => {
                let success = ident(success);
                let value = if r.body.is_some() {
                    quote! { #success::#variant(#read) }
                } else {
                    quote! { #success::#variant }
                };
                quote! { let body = #value; Ok(raw.ok(body)) }
            }
            None => {
                let _ = (program, op);
                quote! { let body = #read; Ok(raw.ok(body)) }
            }
        }
    } else {
        let value = if r.body.is_some() {
            quote! { #error_name::#variant(#read) }
        } else {
            quote! { #error_name::#variant }
        };
        quote! { let error = #value; raw.api_error(error) }
    }
}

fn status_pattern(status: &str) -> TokenStream {
    if let Ok(code) = status.parse::<u16>() {
        let code = proc_macro2::Literal::u16_unsuffixed(code);
        return quote! { #code };
    }
    let first = status.chars().next().and_then(|c| c.to_digit(10)).unwrap_or(0) as u16;
    let (low, high) = (
        proc_macro2::Literal::u16_unsuffixed(first * 100),
        proc_macro2::Literal::u16_unsuffixed(first * 100 + 99),
    );
    quote! { #low..=#high }
}

fn accept_header(op: &Operation) -> String {
    let mut types: Vec<String> = op
        .responses
        .iter()
        .filter_map(|r| r.body.as_ref())
        .map(|b| b.content_type.clone())
        .collect();
    types.sort();
    types.dedup();
    if types.is_empty() {
        "*/*".to_string()
    } else {
        types.join(", ")
    }
}

enum PathPiece {
    Literal(String),
    Param(String),
}

fn path_pieces(path: &str) -> Vec<PathPiece> {
    let mut pieces = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        if start > 0 {
            pieces.push(PathPiece::Literal(rest[..start].to_string()));
        }
        pieces.push(PathPiece::Param(rest[start + 1..start + len].to_string()));
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        pieces.push(PathPiece::Literal(rest.to_string()));
    }
    pieces
}

/// Path parameters in the order they appear in the path.
pub(crate) fn path_order(op: &Operation) -> Vec<&Parameter> {
    path_pieces(&op.path)
        .into_iter()
        .filter_map(|piece| match piece {
            PathPiece::Param(wire) => op
                .parameters
                .iter()
                .find(|p| p.location == ParameterLocation::Path && p.wire_name == wire),
            PathPiece::Literal(_) => None,
        })
        .collect()
}

fn method_docs(program: &Program, module: &Module, op: &Operation, index: usize, names: &ClientNames) -> TokenStream {
    let mut text = String::new();
    let mut docs = op.docs.clone();
    docs.deprecated = false;
    let rendered = super::docs::render(&docs);
    if !rendered.is_empty() {
        text.push_str(&rendered);
        text.push_str("\n\n");
    }
    text.push_str(&format!("`{} {}`", op.method.to_ascii_uppercase(), op.path));
    let params: Vec<String> = op
        .parameters
        .iter()
        .map(|p| {
            let place = match p.location {
                ParameterLocation::Path => "path",
                ParameterLocation::Query => "query",
                ParameterLocation::Header => "header",
                ParameterLocation::Cookie => "cookie",
            };
            let required = if p.required { ", required" } else { "" };
            let about = p
                .docs
                .description
                .as_deref()
                .map(|d| format!(": {}", d.lines().next().unwrap_or("")))
                .unwrap_or_default();
            format!("- `{}` ({place}{required}){about}", ident_text(&p.name))
        })
        .collect();
    if !params.is_empty() {
        text.push_str("\n\n# Parameters\n\n");
        text.push_str(&params.join("\n"));
    }
    text.push_str("\n\n# Example\n\n");
    text.push_str(&doc_example(program, module, op, index, names));
    doc_lines(&text)
}

/// Longest request example that goes into a method's doctest.
const MAX_DOC_EXAMPLE: usize = 1200;

/// The spec's example of a request body of type `ty`, as compact JSON that
/// fits in a raw string and stays readable.
fn request_example(module: &Module, ty: &TypeRef) -> Option<String> {
    let example = module
        .examples
        .iter()
        .find(|e| e.ty == *ty && e.origin.contains("/requestBody/"))?;
    let json = serde_json::to_string(&example.value).ok()?;
    (json.len() <= MAX_DOC_EXAMPLE && !json.contains("\"##") && !json.contains('\n')).then_some(json)
}

/// `Client::new()` with the credentials of the operation's first requirement.
fn client_example(module: &Module, op: &Operation) -> String {
    let mut text = "Client::new()".to_string();
    for name in op.requirement.first().into_iter().flatten() {
        let Some(scheme) = module.security_schemes.iter().find(|s| s.name == *name) else {
            continue;
        };
        let args = match &scheme.kind {
            SecurityKind::Basic => "\"USERNAME\", \"PASSWORD\"",
            SecurityKind::Signature => "\"SIGNATURE_SECRET\", SignatureMethod::Md5Hash",
            SecurityKind::ApiKey { .. } => "\"KEY\"",
            SecurityKind::Http { .. } => "\"CREDENTIALS\"",
            SecurityKind::Bearer { .. } | SecurityKind::OAuth2 | SecurityKind::OpenIdConnect => "\"TOKEN\"",
        };
        text.push_str(&format!(".{}({args})", ident_text(&scheme.setter)));
    }
    text
}

/// A `no_run` doctest that calls the method; it compiles with the crate.
fn doc_example(program: &Program, module: &Module, op: &Operation, index: usize, names: &ClientNames) -> String {
    let module_name = ident_text(&module.name);
    let constructor = client_example(module, op);
    let mut lines = vec![
        "```no_run".to_string(),
        format!("# use generated::{module_name}::client::*;"),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_string(),
        format!("let client = {constructor};"),
    ];
    let mut args = Vec::new();
    for p in path_order(op) {
        args.push(match &p.ty {
            TypeRef::String => "\"ID\"".to_string(),
            TypeRef::Int(_) => "1".to_string(),
            TypeRef::Float(_) => "1.0".to_string(),
            TypeRef::Bool => "true".to_string(),
            _ => "&\"VALUE\".parse()?".to_string(),
        });
    }
    if let Some(params_name) = &names.params[index] {
        let all_optional = op
            .parameters
            .iter()
            .filter(|p| p.location != ParameterLocation::Path)
            .all(|p| !p.required);
        if all_optional {
            lines.push(format!("let params = {params_name}::default();"));
        } else {
            lines.push(format!(
                "let params: {params_name} = todo!(\"fill in the required parameters\");"
            ));
        }
        args.push("&params".to_string());
    }
    if let Some(b) = op.request_body.as_ref().filter(|b| !b.content_type.is_empty()) {
        let ty = body_type(Some(b), program)
            .to_string()
            .replace(' ', "")
            .replace("crate::", "generated::");
        match encoding(b) {
            Encoding::Json => {
                match b.ty.as_ref().and_then(|t| request_example(module, t)) {
                    Some(json) => lines.push(format!("let body: {ty} = serde_json::from_str(r##\"{json}\"##)?;")),
                    None => lines.push(format!("let body: {ty} = todo!(\"build the request body\");")),
                }
                args.push(if b.required {
                    "&body".into()
                } else {
                    "Some(&body)".into()
                });
            }
            Encoding::Text => args.push(if b.required {
                "String::from(\"text\")".into()
            } else {
                "None".into()
            }),
            Encoding::Bytes => args.push(if b.required { "Vec::new()".into() } else { "None".into() }),
        }
    }
    lines.push(format!(
        "let response = client.{}({}).await?;",
        ident_text(&op.name),
        args.join(", ")
    ));
    lines.push("println!(\"{} {:?}\", response.status, response.body);".to_string());
    lines.push("# Ok(())".to_string());
    lines.push("# }".to_string());
    lines.push("```".to_string());
    lines.join("\n")
}
