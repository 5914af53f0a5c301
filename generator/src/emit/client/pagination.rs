//! Streams over every item of a paginated list operation, as lowering
//! found them (`ir::Pagination`).

use proc_macro2::TokenStream;
use quote::quote;

use super::super::ident;
use super::super::type_refs::{Spelling, spelled};
use super::arguments;
use crate::ir::{FieldStep, Module, Operation, PageNext, Pagination, Program};

pub fn emit_pagination(program: &Program, module: &Module) -> TokenStream {
    let streams: Vec<TokenStream> = module
        .operations
        .iter()
        .filter_map(|op| Some(emit_stream(program, module, op, op.pagination.as_ref()?)))
        .collect();
    if streams.is_empty() {
        return quote! {};
    }
    quote! {
        impl Client {
            #(#streams)*
        }
    }
}

/// The value at the end of `path` from the page, and whether an optional
/// field on the way made it an `Option`.
struct Reached {
    expr: TokenStream,
    optional: bool,
}

/// Walks `path` from `page`, borrowing (`Option<&T>` once optional) or
/// moving out of it (`Option<T>`).
fn walk(path: &[FieldStep], borrow: bool) -> Reached {
    let mut reached = Reached {
        expr: quote! { page },
        optional: false,
    };
    for field in path {
        let name = ident(&field.name);
        // An optional and nullable field is an `Option<Option<T>>`: one level.
        let (optional, flatten) = (!field.required || field.nullable, !field.required && field.nullable);
        // The field of `on`, as an `Option` when it is optional.
        let read = |on: TokenStream| match (optional, flatten, borrow) {
            (false, _, _) | (true, false, false) => quote! { #on.#name },
            (true, false, true) => quote! { #on.#name.as_ref() },
            (true, true, true) => quote! { #on.#name.as_ref().and_then(Option::as_ref) },
            (true, true, false) => quote! { #on.#name.flatten() },
        };
        let expr = &reached.expr;
        reached.expr = match (reached.optional, optional) {
            (false, _) => read(expr.clone()),
            (true, false) => {
                let field = read(quote! { v });
                let field = if borrow {
                    quote! { &#field }
                } else {
                    field
                };
                quote! { #expr.map(|v| #field) }
            }
            (true, true) => {
                let field = read(quote! { v });
                quote! { #expr.and_then(|v| #field) }
            }
        };
        reached.optional |= optional;
    }
    reached
}

fn emit_stream(program: &Program, module: &Module, op: &Operation, p: &Pagination) -> TokenStream {
    let method = ident(&op.name);
    let stream_method = ident(&p.stream);
    let params_name = ident(op.items.params.as_deref().unwrap_or_default());
    let error_name = ident(&op.items.error);
    let item = spelled(program, Spelling::Beside(module.id), &p.item_type);
    let items = match walk(&p.items, false) {
        Reached { expr, optional: true } => quote! { #expr.unwrap_or_default() },
        Reached { expr, .. } => expr,
    };
    let lifetime = quote! { 'a };
    let arguments = arguments(program, Spelling::Beside(module.id), op, Some(&lifetime));
    let allow_many = super::arguments::allow_many(&arguments);
    let declarations = arguments.iter().map(|a| &a.declaration);
    let forwards = arguments.iter().map(|a| &a.forward);
    let clones = arguments
        .iter()
        .filter_map(|a| a.owned.as_ref())
        .map(|name| quote! { let #name = #name.clone(); });
    let (next_params, doc) = match &p.next {
        PageNext::PageNumber { total_pages } => {
            let total = match walk(total_pages, true) {
                Reached { expr, optional: true } => quote! { #expr.copied().unwrap_or(current) },
                Reached { expr, .. } => expr,
            };
            (
                quote! {
                    let current = params.page.unwrap_or(1);
                    let total = #total;
                    let next = (current < total).then(|| #params_name { page: Some(current + 1), ..params.clone() });
                },
                " Every item of every page, fetching the next page (`page` + 1) until `total_pages`.",
            )
        }
        PageNext::Cursor { next_href } => {
            let cursor = match walk(next_href, true) {
                Reached { expr, optional: true } => {
                    quote! { #expr.and_then(|href| runtime::query_value(href, "cursor")) }
                }
                Reached { expr, .. } => quote! { runtime::query_value(&#expr, "cursor") },
            };
            (
                quote! {
                    let next = #cursor
                        // A cursor that does not move would loop forever.
                        .filter(|cursor| params.cursor.as_deref() != Some(cursor.as_str()))
                        .map(|cursor| #params_name { cursor: Some(cursor), ..params.clone() });
                },
                " Every item of every page, following the cursor in `_links.next.href` until there is none.",
            )
        }
    };
    let doc2 = format!(
        " Pages are fetched with [`Client::{}`], which takes the same arguments, as the stream is read; an error ends it.",
        super::ident_text(&op.name)
    );
    quote! {
        #[doc = #doc]
        ///
        #[doc = #doc2]
        #allow_many
        pub fn #stream_method<'a>(&'a self, #(#declarations),*) -> impl runtime::futures_util::Stream<Item = Result<#item, Error<#error_name>>> + 'a {
            runtime::paginate(params.clone(), move |params: #params_name| {
                #(#clones)*
                async move {
                    let page = self.#method(#(#forwards),*).await?.into_body();
                    #next_params
                    Ok((#items, next))
                }
            })
        }
    }
}
