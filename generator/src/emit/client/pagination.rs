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

/// `Option<&T>` of the value at the end of `path`, starting from `root` (a `&` expression).
fn borrow_path(root: TokenStream, path: &[FieldStep]) -> TokenStream {
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
fn take_path(root: TokenStream, path: &[FieldStep]) -> TokenStream {
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

fn emit_stream(program: &Program, module: &Module, op: &Operation, p: &Pagination) -> TokenStream {
    let method = ident(&op.name);
    let stream_method = ident(&p.stream);
    let params_name = ident(op.items.params.as_deref().unwrap_or_default());
    let error_name = ident(&op.items.error);
    let item = spelled(program, Spelling::Beside(module.id), &p.item_type);
    let items = take_path(quote! { page }, &p.items);
    let lifetime = quote! { 'a };
    let arguments = arguments(program, Spelling::Beside(module.id), op, Some(&lifetime));
    let declarations = arguments.iter().map(|a| &a.declaration);
    let forwards = arguments.iter().map(|a| &a.forward);
    let clones = arguments
        .iter()
        .filter_map(|a| a.owned.as_ref())
        .map(|name| quote! { let #name = #name.clone(); });
    let (next_params, doc) = match &p.next {
        PageNext::PageNumber { total_pages } => {
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
        PageNext::Cursor { next_href } => {
            let href = borrow_path(quote! { &page }, next_href);
            (
                quote! {
                    #href
                        .and_then(|href| runtime::query_value(href, "cursor"))
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
        super::ident_text(&op.name)
    );
    quote! {
        #[doc = #doc]
        ///
        #[doc = #doc2]
        pub fn #stream_method<'a>(&'a self, #(#declarations),*) -> impl runtime::futures_util::Stream<Item = Result<#item, Error<#error_name>>> + 'a {
            runtime::paginate(params.clone(), move |params: #params_name| {
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
