//! The test double of one API module (`<api>::mock`, feature `mock`): a
//! `Mock` with a method per operation that expects a call of it, typed
//! with the operation's own body, params, success and error types.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::success_type;
use super::type_refs::{Spelling, spelled};
use super::{client_struct, ident, ident_text};
use crate::ir::{Body, Encoding, Module, Operation, ParameterLocation, Program, Response, Status};

pub fn emit_mock(program: &Program, module: &Module, origin: &str) -> TokenStream {
    let operations = module.operations.iter().map(|op| emit_expect(program, module, op));
    let params = module.operations.iter().filter_map(|op| {
        let params = ident(op.items.params.as_ref()?);
        let has_query = op.parameters.iter().any(|p| p.location == ParameterLocation::Query);
        let pairs = if has_query {
            quote! { #params::query_pairs(self) }
        } else {
            quote! { Vec::new() }
        };
        Some(quote! {
            impl runtime::mock::QueryParams for #params {
                fn query_pairs(&self) -> Vec<(String, String)> {
                    #pairs
                }
            }
        })
    });
    let allow_deprecated = super::allow_deprecated(module);
    let types_import =
        super::type_refs::types_import(program, module.id, module.operations.iter().flat_map(mock_types));
    let doc =
        format!(" Test doubles of `{origin}`: expect calls of the client's operations and answer them in its types.");
    quote! {
        #![doc = #doc]
        #allow_deprecated

        use super::client::*;
        #types_import
        use crate::runtime::{self, mock::{Expect, Operation, Reply}};
        pub use crate::runtime::mock::Received;

        /// A test double of every operation: expectations are written with
        /// the method of the operation and checked against the requests the
        /// client really builds, in process ([`Mock::client`]) or over HTTP
        /// ([`Mock::serve`]). Call [`Mock::verify`] at the end of a test.
        #[derive(Debug, Clone, Default)]
        pub struct Mock {
            server: runtime::mock::MockServer,
        }

        impl Mock {
            pub fn new() -> Self {
                Self::default()
            }

            /// A client that sends every request to this mock, without a socket.
            pub fn client(&self) -> Client {
                Client::new().with_base_url("http://mock.invalid").with_mock(self.server.clone())
            }

            /// Serves the expectations on a local port; returns the base URL.
            pub async fn serve(&self) -> std::io::Result<String> {
                self.server.serve().await
            }

            /// Every request received so far.
            pub fn received(&self) -> Vec<Received> {
                self.server.received()
            }

            /// What went wrong so far, one message per expectation not met
            /// and per request that matched none.
            pub fn failures(&self) -> Vec<String> {
                self.server.failures()
            }

            /// Panics, naming each operation, unless every expectation was met
            /// as many times as it said and every request matched one.
            pub fn verify(&self) {
                self.server.verify()
            }

            #(#operations)*
        }

        #(#params)*
    }
}

fn emit_expect(program: &Program, module: &Module, op: &Operation) -> TokenStream {
    let method = ident(&op.items.mock);
    let doc = format!(
        " Expects a call of [`Client::{}`]: `{} {}`.",
        ident_text(&op.name),
        op.method,
        op.path
    );
    let body = match &op.request_body {
        Some(Body {
            encoding: Encoding::Json,
            ty: Some(ty),
            ..
        }) => spelled(program, Spelling::Beside(module.id), ty),
        _ => quote! { () },
    };
    let params = match &op.items.params {
        Some(params) => {
            let params = ident(params);
            quote! { #params }
        }
        None => quote! { () },
    };
    let success = mock_success_type(program, module, op);
    let error = ident(&op.items.error);
    let name = op.operation_id.as_deref().unwrap_or(ident_text(&op.name));
    let http_method = op.method.as_str();
    let path = &op.path.text;
    let parameters = op.path_parameters().into_iter().map(|p| p.wire_name.as_str());
    let security = client_struct::security_tokens(module, op);
    let encode_success = encode_success(op);
    let error_arms = op.responses.iter().filter(|r| !r.is_success()).map(|r| {
        let variant = ident(&r.variant);
        let status = r.status.example_code().unwrap_or(500);
        match &r.body {
            Some(b) => {
                let reply = reply(b, quote! { body }, status);
                quote! { #error::#variant(body) => #reply, }
            }
            None => quote! { #error::#variant => Reply::empty(#status), },
        }
    });
    quote! {
        #[doc = #doc]
        pub fn #method(&self) -> Expect<#body, #params, #success, #error> {
            Expect::new(&self.server, Operation {
                name: #name,
                method: #http_method,
                path: #path,
                parameters: &[#(#parameters),*],
                security: #security,
                success: #encode_success,
                error: |error| match error { #(#error_arms)* },
            })
        }
    }
}

/// The types an operation's expectation spells: its JSON request body, and
/// its success body when no success enum stands for it.
fn mock_types(op: &Operation) -> impl Iterator<Item = &crate::ir::TypeRef> {
    fn json(body: &Body) -> Option<&crate::ir::TypeRef> {
        (body.encoding == Encoding::Json).then_some(body.ty.as_ref()).flatten()
    }
    let request = op.request_body.as_ref().and_then(json);
    let success = match op.items.success {
        Some(_) => None,
        None => single_success(op).and_then(|r| r.body.as_ref()).and_then(json),
    };
    request.into_iter().chain(success)
}

/// What `respond` takes: the method's success type, with bytes for a
/// streamed body, which a test cannot make.
fn mock_success_type(program: &Program, module: &Module, op: &Operation) -> TokenStream {
    match (&op.items.success, single_success(op)) {
        (None, Some(r)) if r.body.as_ref().is_some_and(|b| b.encoding == Encoding::Binary) => quote! { Vec<u8> },
        _ => success_type(program, Spelling::Beside(module.id), op),
    }
}

fn single_success(op: &Operation) -> Option<&Response> {
    op.responses.iter().find(|r| r.is_success())
}

/// The `fn(S) -> Reply` of a success: each variant with its own status.
fn encode_success(op: &Operation) -> TokenStream {
    match &op.items.success {
        Some(success) => {
            let success = ident(success);
            let arms = op.responses.iter().filter(|r| r.is_success()).map(|r| {
                let variant = ident(&r.variant);
                let status = r.status.example_code().unwrap_or(200);
                match &r.body {
                    Some(b) => {
                        let reply = reply(b, quote! { body }, status);
                        quote! { #success::#variant(body) => #reply, }
                    }
                    None => quote! { #success::#variant => Reply::empty(#status), },
                }
            });
            quote! { |body| match body { #(#arms)* } }
        }
        None => {
            // Only `default` documented: it answers success too.
            let response = single_success(op).or_else(|| op.responses.iter().find(|r| r.status == Status::Default));
            match response.and_then(|r| r.body.as_ref().map(|b| (r, b))) {
                Some((r, b)) => {
                    let status = r.status.example_code().unwrap_or(200);
                    let reply = reply(b, quote! { body }, status);
                    quote! { |body| #reply }
                }
                None => {
                    let status = response.map_or(200, |r| r.status.example_code().unwrap_or(200));
                    quote! { |_| Reply::empty(#status) }
                }
            }
        }
    }
}

/// A `Reply` of `value` as the body's encoding writes it.
fn reply(body: &Body, value: TokenStream, status: u16) -> TokenStream {
    let content_type = &body.content_type;
    match (&body.encoding, &body.ty) {
        (Encoding::Json, Some(_)) => quote! { Reply::json(#status, &#value) },
        (Encoding::Text, _) => quote! { Reply::bytes(#status, #content_type, #value.into_bytes()) },
        _ => quote! { Reply::bytes(#status, #content_type, #value) },
    }
}
