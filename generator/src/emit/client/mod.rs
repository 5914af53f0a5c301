//! The async client of one API module: a `Client` with a method per
//! operation, each with its parameters, its success type and its errors.
//!
//! `method` writes the operation methods, `bodies` how bodies travel,
//! `items` the params, error and success types, `docs` their rustdoc.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::{Lines, Part, doc_text};
use super::type_refs::{Spelling, types_import};
use super::validate::Validated;
use super::{CrateConfig, client_struct, ident_text};
use crate::ir::{Module, Operation, ParameterLocation, Program, SecurityKind, TypeRef};

pub(crate) mod arguments;
pub(crate) mod bodies;
mod docs;
pub(crate) mod items;
mod method;
mod pagination;

pub(crate) use arguments::{arguments, by_reference, takes_text};

/// The operations in `range` of the module's client; the piece that starts
/// at the first operation also holds the file's header and the `Client`.
///
/// The methods' rustdoc, over half of a large client, is written as text;
/// the rest is tokens.
pub(in crate::emit) fn emit_client(
    program: &Program,
    module: &Module,
    range: std::ops::Range<usize>,
    validated: &Validated,
    config: &CrateConfig,
) -> Vec<Part> {
    let krate = config.name.as_str();
    let operations = || module.operations.iter().enumerate().filter(|(i, _)| range.contains(i));
    let items: Vec<Part> = operations()
        .flat_map(|(_, op)| items::emit_operation_items(program, module, op))
        .collect();
    let mut methods = Vec::new();
    for (_, op) in operations() {
        let (docs, method) = method::emit_method(program, module, op, validated, krate);
        let mut lines = Lines::default();
        doc_text(&mut lines, 4, &docs);
        methods.push(Part::Text(lines.0));
        methods.push(method);
    }
    if methods.is_empty() {
        // `impl Client {}` on one line, as `prettyplease` prints it.
        methods.push(Part::Tokens(quote! { impl Client {} }));
    } else {
        methods.insert(0, Part::Text("impl Client {\n".to_string()));
        methods.push(Part::Text("}\n".to_string()));
    }
    if range.start != 0 {
        methods.extend(items);
        return methods;
    }
    let client = client_struct::emit_client_struct(module);
    let scheme_imports =
        (!module.security_schemes.is_empty()).then(|| quote! { use crate::runtime::{Scheme, SchemeKind, Secret}; });
    let uploads = module
        .operations
        .iter()
        .any(|op| op.request_body.as_ref().is_some_and(bodies::takes_uploads))
        .then(|| quote! { pub use crate::runtime::Upload; });
    let signature_import = module
        .security_schemes
        .iter()
        .any(|s| s.kind == SecurityKind::Signature)
        .then(|| quote! { pub use crate::runtime::SignatureMethod; });
    let pages = pagination::emit_pagination(program, module);
    let allow_deprecated = super::allow_deprecated(module);
    let types_import = types_import(
        program,
        module.id,
        module.operations.iter().flat_map(|op| spelled_types(program, op)),
    );
    let doc = format!(
        " Async client of `{}`: one method per operation.",
        config.spec_path(&module.source)
    );
    let header = quote! {
        #![doc = #doc]
        #allow_deprecated

        #types_import
        use crate::runtime;
        pub use crate::runtime::{ApiResponse, CallOptions, Credentials, Error, RetryPolicy, ValidationErrors};
        #uploads
        #signature_import
        #scheme_imports

        #client
    };
    let mut parts = vec![Part::Tokens(header)];
    parts.extend(methods);
    parts.push(Part::Tokens(pages));
    parts.extend(items);
    parts
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

/// The types the client file spells for `op`: of its path arguments that
/// are not passed as text, its params fields, bodies and page items.
fn spelled_types<'p>(program: &'p Program, op: &'p Operation) -> impl Iterator<Item = &'p TypeRef> {
    let path = op
        .parameters
        .iter()
        .filter(move |p| p.location != ParameterLocation::Path || !takes_text(program, &p.ty))
        .map(|p| &p.ty);
    let request = op
        .request_body
        .iter()
        .flat_map(|body| bodies::spelled_types(body, true));
    let responses = op
        .responses
        .iter()
        .filter_map(|r| r.body.as_ref())
        .flat_map(|body| bodies::spelled_types(body, false));
    let items = op.pagination.iter().map(|p| &p.item_type);
    path.chain(request).chain(responses).chain(items)
}

/// The documented success responses, in the spec's order.
fn successes(op: &Operation) -> impl Iterator<Item = &crate::ir::Response> {
    op.responses.iter().filter(|r| r.is_success())
}

fn errors(op: &Operation) -> impl Iterator<Item = &crate::ir::Response> {
    op.responses.iter().filter(|r| !r.is_success())
}

/// The success type of an operation as the method returns it.
pub fn success_type(program: &Program, spelling: Spelling<'_>, op: &Operation) -> TokenStream {
    match &op.items.success {
        Some(name) => {
            let name = super::ident(name);
            quote! { #name }
        }
        None => bodies::response_type(
            program,
            spelling,
            successes(op).next().and_then(|r| r.body.as_ref()),
            true,
        ),
    }
}

fn operation_name(op: &Operation) -> &str {
    ident_text(&op.name)
}
