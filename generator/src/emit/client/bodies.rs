//! How bodies travel: the Rust type a method takes or returns for each
//! encoding, the code that encodes a request body and reads a response
//! body, and the struct of a multipart body.

use proc_macro2::TokenStream;
use quote::quote;

use super::super::docs::doc_lines;
use super::super::ident;
use super::super::layout::string_literal;
use super::super::type_refs::{Spelling, spelled};
use super::displayable;
use crate::ir::{Body, Encoding, FormStyle, Multipart, Operation, PartKind, Program, TypeRef};

/// Whether a request body carries files or a binary stream.
pub(super) fn takes_uploads(body: &Body) -> bool {
    match &body.encoding {
        Encoding::Binary => true,
        Encoding::Multipart(multipart) => multipart
            .parts
            .iter()
            .any(|p| matches!(p.kind, PartKind::File | PartKind::Files)),
        _ => false,
    }
}

/// The type of a request body argument, and whether it is borrowed.
pub(crate) fn argument_type(program: &Program, spelling: Spelling<'_>, body: &Body) -> (TokenStream, bool) {
    match (&body.encoding, &body.ty) {
        (Encoding::Json | Encoding::Form(_), Some(ty)) => (spelled(program, spelling, ty), true),
        (Encoding::Multipart(multipart), _) => {
            let name = ident(&multipart.name);
            (quote! { #name }, false)
        }
        (Encoding::Text, _) => (quote! { String }, false),
        (Encoding::Binary, _) => {
            let runtime = spelling.runtime();
            (quote! { #runtime::Upload }, false)
        }
        _ => (quote! { Vec<u8> }, false),
    }
}

/// The types [`argument_type`] (`request`) or [`response_type`] spells for
/// `body`, the parts of a multipart struct among them.
pub(crate) fn spelled_types(body: &Body, request: bool) -> Vec<&TypeRef> {
    match (&body.encoding, &body.ty) {
        (Encoding::Json, Some(ty)) => vec![ty],
        (Encoding::Form(_), Some(ty)) if request => vec![ty],
        (Encoding::Multipart(multipart), _) if request => multipart
            .parts
            .iter()
            .filter_map(|part| match &part.kind {
                PartKind::Text(ty) | PartKind::Json(ty) => Some(ty),
                PartKind::File | PartKind::Files => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The type a response body is read into: binary success bodies are
/// streamed, error bodies are always read whole.
pub(crate) fn response_type(
    program: &Program,
    spelling: Spelling<'_>,
    body: Option<&Body>,
    success: bool,
) -> TokenStream {
    let Some(body) = body else {
        return quote! { () };
    };
    match (&body.encoding, &body.ty) {
        (Encoding::Json, Some(ty)) => spelled(program, spelling, ty),
        (Encoding::Text, _) => quote! { String },
        (Encoding::Binary, _) if success => {
            let runtime = spelling.runtime();
            quote! { #runtime::ByteStream }
        }
        _ => quote! { Vec<u8> },
    }
}

/// How a response's body is read off `raw`, for the value an arm returns.
#[derive(Clone, Copy)]
pub(super) enum Read {
    /// No body: `()`.
    Unit,
    Json,
    Text,
    Stream,
    Bytes,
}

impl Read {
    pub(super) fn of(body: Option<&Body>, success: bool) -> Read {
        let Some(body) = body else {
            return Read::Unit;
        };
        match (&body.encoding, &body.ty) {
            (Encoding::Json, Some(_)) => Read::Json,
            (Encoding::Text, _) => Read::Text,
            (Encoding::Binary, _) if success => Read::Stream,
            _ => Read::Bytes,
        }
    }

    pub(super) fn text(self) -> &'static str {
        match self {
            Read::Unit => "()",
            Read::Json => "raw.json()?",
            Read::Text => "raw.text()?",
            Read::Stream => "raw.stream()",
            Read::Bytes => "raw.bytes()",
        }
    }

    pub(super) fn tokens(self) -> TokenStream {
        match self {
            Read::Unit => quote! { () },
            Read::Json => quote! { raw.json()? },
            Read::Text => quote! { raw.text()? },
            Read::Stream => quote! { raw.stream() },
            Read::Bytes => quote! { raw.bytes() },
        }
    }
}

/// Whether a success body is streamed, so the method reads it last.
pub(super) fn streams(op: &Operation) -> bool {
    super::successes(op).any(|r| r.body.as_ref().is_some_and(|b| b.encoding == Encoding::Binary))
}

/// The `RequestBody` of the request, from the `body` argument.
pub(super) fn request_body(body: &Body) -> TokenStream {
    let content_type = content_type(body);
    let encode = match (&body.encoding, &body.ty) {
        (Encoding::Json, Some(_)) => quote! { runtime::RequestBody::json(#content_type, body)? },
        (Encoding::Form(rules), Some(_)) => {
            let rules = rules.iter().map(|rule| {
                let name = &rule.wire_name;
                let style = ident(match rule.style {
                    FormStyle::Form => "Form",
                    FormStyle::SpaceDelimited => "SpaceDelimited",
                    FormStyle::PipeDelimited => "PipeDelimited",
                    FormStyle::DeepObject => "DeepObject",
                });
                let explode = rule.explode;
                let json = rule.as_json;
                quote! {
                    runtime::FormRule { name: #name, style: runtime::FormStyle::#style, explode: #explode, json: #json }
                }
            });
            match &body.signed_by {
                Some(scheme) => quote! { runtime::RequestBody::signed_form(body, &[#(#rules),*], #scheme)? },
                None => quote! { runtime::RequestBody::form(body, &[#(#rules),*])? },
            }
        }
        (Encoding::Multipart(_), _) => quote! { runtime::RequestBody::Multipart(body.into_multipart()?) },
        (Encoding::Text, _) => {
            quote! { runtime::RequestBody::Bytes { content_type: #content_type, bytes: body.into_bytes() } }
        }
        (Encoding::Binary, _) => {
            quote! { runtime::RequestBody::Upload { content_type: #content_type, upload: body } }
        }
        _ => quote! { runtime::RequestBody::Bytes { content_type: #content_type, bytes: body } },
    };
    if body.required {
        quote! { Some(#encode) }
    } else {
        quote! { match body { Some(body) => Some(#encode), None => None } }
    }
}

/// The `RequestBody` of a JSON body as text, for [`request_body`]'s
/// spelling of it; `None` for the other encodings.
pub(super) fn json_request_body_text(body: &Body) -> Option<String> {
    let json = body.encoding == Encoding::Json && body.ty.is_some();
    json.then(|| {
        format!(
            "runtime::RequestBody::json({}, body)?",
            string_literal(content_type(body))
        )
    })
}

/// The media type a body is sent as: `*/*` accepts anything, and the body
/// is sent as JSON.
fn content_type(body: &Body) -> &str {
    if body.content_type == "*/*" {
        "application/json"
    } else {
        &body.content_type
    }
}

/// The struct of a multipart body: one field per part, a constructor of
/// the required ones, and the conversion into the parts sent.
pub(super) fn emit_multipart(
    program: &Program,
    spelling: Spelling<'_>,
    op: &Operation,
    multipart: &Multipart,
) -> TokenStream {
    let name = ident(&multipart.name);
    let doc = format!(" The `multipart/form-data` body of `{}`.", super::operation_name(op));
    let runtime = spelling.runtime();
    let field_type = |kind: &PartKind| match kind {
        PartKind::File => quote! { #runtime::Upload },
        PartKind::Files => quote! { Vec<#runtime::Upload> },
        PartKind::Text(ty) | PartKind::Json(ty) => spelled(program, spelling, ty),
    };
    let mut fields = Vec::new();
    let mut parameters = Vec::new();
    let mut initializers = Vec::new();
    let mut writes = Vec::new();
    for part in &multipart.parts {
        let field = ident(&part.name);
        let ty = field_type(&part.kind);
        let docs = doc_lines(&super::super::docs::render(&part.docs));
        let optional = !part.required && part.kind != PartKind::Files;
        if optional {
            fields.push(quote! { #docs pub #field: Option<#ty>, });
            initializers.push(quote! { #field: None, });
        } else if part.kind == PartKind::Files && !part.required {
            fields.push(quote! { #docs pub #field: #ty, });
            initializers.push(quote! { #field: Vec::new(), });
        } else {
            fields.push(quote! { #docs pub #field: #ty, });
            parameters.push(quote! { #field: #ty });
            initializers.push(quote! { #field, });
        }
        let write = write_part(program, &part.wire_name, &part.kind, part.content_type.as_deref());
        writes.push(if optional {
            quote! { if let Some(value) = self.#field { #write } }
        } else {
            quote! { let value = self.#field; #write }
        });
    }
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub struct #name { #(#fields)* }

        impl #name {
            pub fn new(#(#parameters),*) -> Self {
                Self { #(#initializers)* }
            }

            /// The parts, in the spec's order.
            #[doc(hidden)]
            pub fn into_multipart<E>(self) -> Result<runtime::Multipart, Error<E>> {
                let mut form = runtime::Multipart::default();
                #(#writes)*
                Ok(form)
            }
        }
    }
}

/// Statements that add the part(s) of `value` to `form`.
fn write_part(program: &Program, wire: &str, kind: &PartKind, content_type: Option<&str>) -> TokenStream {
    let content_type = match content_type {
        Some(media) => quote! { Some(#media) },
        None => quote! { None },
    };
    let text = |ty: &TypeRef, value: TokenStream| {
        if displayable(program, ty) {
            quote! { #value.to_string() }
        } else {
            quote! { serde_json::to_string(&#value).unwrap_or_default() }
        }
    };
    match kind {
        PartKind::File => quote! { form = form.file(#wire, value, #content_type)?; },
        PartKind::Files => quote! { for value in value { form = form.file(#wire, value, #content_type)?; } },
        PartKind::Text(TypeRef::Vec(item)) => {
            let text = text(item, quote! { item });
            quote! { for item in value { form = form.text(#wire, #text, #content_type)?; } }
        }
        PartKind::Text(ty) => {
            let text = text(ty, quote! { value });
            quote! { form = form.text(#wire, #text, #content_type)?; }
        }
        PartKind::Json(_) => quote! { form = form.json(#wire, &value, #content_type)?; },
    }
}
