//! Streams over every item of a paginated list operation.
//!
//! Two conventions are recognised from the shapes in the spec:
//! page numbers (a `page` query parameter and a `total_pages` response
//! property, as in Vonage's Application API) and cursors (a `cursor` query
//! parameter and a HAL `_links.next.href`, as in the Users API). In both,
//! the items are the one array of the response or of its `_embedded` object.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::arguments;
use super::ident;
use super::types::qualified_type_tokens;
use crate::ir::{Encoding, Field, Module, Operation, ParameterLocation, Program, TypeKind, TypeRef};

enum Next {
    /// Field path to the total number of pages.
    PageNumber { total_pages: Vec<Field> },
    /// Field path to the next page's link.
    Cursor { next_href: Vec<Field> },
}

struct Pagination<'a> {
    op: &'a Operation,
    next: Next,
    items: Vec<Field>,
    item_type: TypeRef,
}

pub fn emit_pagination(program: &Program, module: &Module) -> TokenStream {
    let streams = module
        .operations
        .iter()
        .filter_map(|op| detect(program, op))
        .map(|p| emit_stream(program, &p));
    let streams: Vec<TokenStream> = streams.collect();
    if streams.is_empty() {
        return quote! {};
    }
    quote! {
        impl Client {
            #(#streams)*
        }
    }
}

fn detect<'a>(program: &Program, op: &'a Operation) -> Option<Pagination<'a>> {
    op.items.params.as_ref()?;
    // One page body; and a body argument cloned for each page.
    let clonable = |body: &crate::ir::Body| {
        matches!(
            body.encoding,
            Encoding::Json | Encoding::Form(_) | Encoding::Text | Encoding::Bytes
        )
    };
    if op.items.success.is_some() || op.request_body.as_ref().is_some_and(|b| !clonable(b)) {
        return None;
    }
    let query = |name: &str| {
        op.parameters
            .iter()
            .find(|p| p.location == ParameterLocation::Query && p.wire_name == name && !p.required)
    };
    let body = op
        .responses
        .iter()
        .find(|r| r.is_success())?
        .body
        .as_ref()?
        .ty
        .as_ref()?;
    let (items, item_type) = find_items(program, body)?;
    let next = if query("page").is_some_and(|p| matches!(p.ty, TypeRef::Int(_))) {
        let total_pages = field_path(program, body, &["total_pages"])?;
        matches!(total_pages.last()?.ty, TypeRef::Int(_)).then_some(Next::PageNumber { total_pages })?
    } else if query("cursor").is_some_and(|p| p.ty == TypeRef::String) {
        let next_href = field_path(program, body, &["_links", "next", "href"])?;
        (next_href.last()?.ty == TypeRef::String).then_some(Next::Cursor { next_href })?
    } else {
        return None;
    };
    Some(Pagination {
        op,
        next,
        items,
        item_type,
    })
}

fn struct_fields(program: &Program, ty: &TypeRef) -> Option<Vec<Field>> {
    match ty {
        TypeRef::Named(id) => match &program.type_def(*id).kind {
            TypeKind::Struct(s) => Some(s.fields.clone()),
            TypeKind::Alias(target) => struct_fields(program, target),
            _ => None,
        },
        _ => None,
    }
}

/// The fields to follow from `ty` through the given wire names.
fn field_path(program: &Program, ty: &TypeRef, wire_names: &[&str]) -> Option<Vec<Field>> {
    let mut path = Vec::new();
    let mut current = ty.clone();
    for wire in wire_names {
        let field = struct_fields(program, &current)?
            .into_iter()
            .find(|f| f.wire_name == *wire && !f.boxed && !f.flatten)?;
        current = field.ty.clone();
        path.push(field);
    }
    Some(path)
}

/// The one array of the body, or of its `_embedded` object.
fn find_items(program: &Program, body: &TypeRef) -> Option<(Vec<Field>, TypeRef)> {
    let only_array = |fields: &[Field]| {
        let arrays: Vec<&Field> = fields
            .iter()
            .filter(|f| matches!(f.ty, TypeRef::Vec(_)) && !f.boxed)
            .collect();
        match arrays.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        }
    };
    let fields = struct_fields(program, body)?;
    if let Some(array) = only_array(&fields) {
        let TypeRef::Vec(item) = &array.ty else { return None };
        return Some((vec![array.clone()], (**item).clone()));
    }
    let embedded = fields.iter().find(|f| f.wire_name == "_embedded" && !f.boxed)?;
    let array = only_array(&struct_fields(program, &embedded.ty)?)?;
    let TypeRef::Vec(item) = &array.ty else { return None };
    Some((vec![embedded.clone(), array.clone()], (**item).clone()))
}

/// `Option<&T>` of the value at the end of `path`, starting from `root` (a `&` expression).
fn borrow_path(root: TokenStream, path: &[Field]) -> TokenStream {
    let mut expr = quote! { Some(#root) };
    for field in path {
        let name = ident(&field.name);
        expr = match (field.required, field.nullable) {
            (true, false) => quote! { #expr.map(|v| &v.#name) },
            (true, true) | (false, false) => quote! { #expr.and_then(|v| v.#name.as_ref()) },
            (false, true) => quote! { #expr.and_then(|v| v.#name.as_ref().and_then(|v| v.as_ref())) },
        };
    }
    expr
}

/// `Option<T>` of the value at the end of `path`, moving out of `root`.
fn take_path(root: TokenStream, path: &[Field]) -> TokenStream {
    let mut expr = quote! { Some(#root) };
    for field in path {
        let name = ident(&field.name);
        expr = match (field.required, field.nullable) {
            (true, false) => quote! { #expr.map(|v| v.#name) },
            (true, true) | (false, false) => quote! { #expr.and_then(|v| v.#name) },
            (false, true) => quote! { #expr.and_then(|v| v.#name.flatten()) },
        };
    }
    expr
}

fn emit_stream(program: &Program, p: &Pagination) -> TokenStream {
    let method = ident(&p.op.name);
    let stream_method = ident(&format!("{}_stream", super::ident_text(&p.op.name)));
    let params_name = ident(p.op.items.params.as_deref().unwrap_or_default());
    let error_name = ident(&p.op.items.error);
    let item = qualified_type_tokens(program, &p.item_type);
    let items = take_path(quote! { page }, &p.items);
    let lifetime = quote! { 'a };
    let arguments = arguments(program, p.op, Some(&lifetime));
    let declarations = arguments.iter().map(|a| &a.declaration);
    let forwards = arguments.iter().map(|a| &a.forward);
    let clones = arguments
        .iter()
        .filter_map(|a| a.owned.as_ref())
        .map(|name| quote! { let #name = #name.clone(); });
    let (next_params, doc) = match &p.next {
        Next::PageNumber { total_pages } => {
            let total = borrow_path(quote! { &page }, total_pages);
            (
                quote! {
                    let current = params.page.unwrap_or(1);
                    let total = #total.copied().unwrap_or(current);
                    (current < total).then(|| #params_name { page: Some(current + 1), ..params.clone() })
                },
                " Every item of every page, fetching the next page (`page` + 1) until `total_pages`.",
            )
        }
        Next::Cursor { next_href } => {
            let href = borrow_path(quote! { &page }, next_href);
            (
                quote! {
                    #href
                        .and_then(|href| crate::runtime::query_value(href, "cursor"))
                        // A cursor that does not move would loop forever.
                        .filter(|cursor| params.cursor.as_deref() != Some(cursor.as_str()))
                        .map(|cursor| #params_name { cursor: Some(cursor), ..params.clone() })
                },
                " Every item of every page, following the cursor in `_links.next.href` until there is none.",
            )
        }
    };
    let doc2 = format!(
        " Pages are fetched with [`Client::{}`], which takes the same arguments, as the stream is read; an error ends it.",
        super::ident_text(&p.op.name)
    );
    quote! {
        #[doc = #doc]
        ///
        #[doc = #doc2]
        pub fn #stream_method<'a>(&'a self, #(#declarations),*) -> impl crate::runtime::futures_util::Stream<Item = Result<#item, Error<#error_name>>> + 'a {
            crate::runtime::paginate(params.clone(), move |params: #params_name| {
                #(#clones)*
                async move {
                    let page = self.#method(#(#forwards),*).await?.into_body();
                    let next = { #next_params };
                    Ok((#items.unwrap_or_default(), next))
                }
            })
        }
    }
}
