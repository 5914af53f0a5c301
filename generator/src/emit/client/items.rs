//! The items each operation adds to its client module: its error enum,
//! params struct, success enum and multipart body.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::docs::doc_lines;
use super::super::ident;
use super::super::type_refs::{Spelling, spelled};
use super::arguments::optional_unless;
use super::{bodies, errors, operation_name, successes};
use crate::ir::{Encoding, Module, Operation, Parameter, ParameterLocation, Program, Response};

pub(super) fn emit_operation_items(program: &Program, module: &Module, op: &Operation) -> TokenStream {
    let spelling = Spelling::Beside(module.id);
    let error_name = ident(&op.items.error);
    let error_doc = format!(" The error responses `{}` documents.", operation_name(op));
    let variants = errors(op).map(|r| variant(program, spelling, r, false));
    let params = op
        .items
        .params
        .as_ref()
        .map(|name| emit_params(program, spelling, op, name));
    let success = op.items.success.as_ref().map(|success_name| {
        let success_name = ident(success_name);
        let doc = format!(" The success responses `{}` documents.", operation_name(op));
        let variants = successes(op).map(|r| variant(program, spelling, r, true));
        // A streamed body can be neither cloned nor compared.
        let derives = if bodies::streams(op) {
            quote! { #[derive(Debug)] }
        } else {
            quote! { #[derive(Debug, Clone, PartialEq)] }
        };
        quote! {
            #[doc = #doc]
            #derives
            #[non_exhaustive]
            pub enum #success_name { #(#variants)* }
        }
    });
    let multipart = match op.request_body.as_ref().map(|b| &b.encoding) {
        Some(Encoding::Multipart(multipart)) => Some(bodies::emit_multipart(program, spelling, op, multipart)),
        _ => None,
    };
    quote! {
        #[doc = #error_doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #error_name { #(#variants)* }

        #params
        #success
        #multipart
    }
}

/// The variant of one documented status, carrying its body if it has one.
fn variant(program: &Program, spelling: Spelling<'_>, r: &Response, success: bool) -> TokenStream {
    let variant = ident(&r.variant);
    let doc = format!(" {}: {}", r.status, r.description.lines().next().unwrap_or(""));
    match &r.body {
        Some(body) => {
            let ty = bodies::response_type(program, spelling, Some(body), success);
            quote! { #[doc = #doc] #variant(#ty), }
        }
        None => quote! { #[doc = #doc] #variant, },
    }
}

/// A query, header or cookie parameter's field type: `Option` unless required.
pub(crate) fn params_field_type(program: &Program, spelling: Spelling<'_>, p: &Parameter) -> TokenStream {
    optional_unless(p.required, spelled(program, spelling, &p.ty))
}

fn emit_params(program: &Program, spelling: Spelling<'_>, op: &Operation, name: &str) -> TokenStream {
    let params_name = ident(name);
    let not_in_path = || op.parameters.iter().filter(|p| p.location != ParameterLocation::Path);
    let default = not_in_path().all(|p| !p.required).then(|| quote! { Default, });
    let fields = not_in_path().map(|p| {
        let name = ident(&p.name);
        let ty = params_field_type(program, spelling, p);
        let docs = param_docs(p);
        quote! { #docs pub #name: #ty, }
    });
    let doc = format!(" Query, header and cookie parameters of `{}`.", operation_name(op));
    let pushes: Vec<TokenStream> = not_in_path()
        .filter(|p| p.location == ParameterLocation::Query)
        .map(|p| {
            let name = ident(&p.name);
            let push = super::method::push_query(program, p, &p.ty, quote! { value });
            if p.required {
                quote! { let value = &self.#name; #push }
            } else {
                quote! { if let Some(value) = &self.#name { #push } }
            }
        })
        .collect();
    let query_pairs = (!pushes.is_empty()).then(|| {
        quote! {
            impl #params_name {
                /// The query the parameters make, in the spec's order.
                #[doc(hidden)]
                pub fn query_pairs(&self) -> Vec<(String, String)> {
                    let mut query = Vec::new();
                    #(#pushes)*
                    query
                }
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #params_name {
            #(#fields)*
        }

        #query_pairs
    }
}

fn param_docs(p: &Parameter) -> TokenStream {
    let mut docs = p.docs.clone();
    docs.example = None;
    let text = super::super::docs::render(&docs);
    let mut out = doc_lines(&text);
    if p.docs.deprecated {
        out.extend(quote! { #[deprecated] });
    }
    out
}
