//! One API's part of the contract driver: a client holding dummy
//! credentials for every scheme, and one function per operation that
//! builds its arguments and calls it.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::super::client::{by_reference, displayable, takes_text};
use super::super::{AllowList, ident, ident_text};
use super::values::{Hints, Values};
use crate::error::escape_pointer_segment;
use crate::ir::{Body, Encoding, FormStyle, Module, Operation, Part, PartKind, Program, TypeKind, TypeRef};

pub(super) fn emit_module(program: &Program, module: &Module, allow: &AllowList) -> TokenStream {
    let values = Values { program };
    let api = ident(&module.name);
    let setters = module.security_schemes.iter().map(|scheme| {
        let setter = ident(&scheme.setter);
        if scheme.kind == crate::ir::SecurityKind::Signature {
            return quote! { .#setter("contract-secret", generated::runtime::SignatureMethod::Md5Hash) };
        }
        let secrets = scheme
            .kind
            .secret_arguments()
            .iter()
            .map(|argument| format!("contract-{argument}"));
        quote! { .#setter(#(#secrets),*) }
    });
    let reports = module.operations.iter().map(|op| {
        let call = call_name(op);
        let operation = op.operation_id.as_deref().unwrap_or(&op.name);
        let method = op.method.as_str();
        let path = &op.path.text;
        let unreadable = op
            .request_body
            .as_ref()
            .map(|body| unreadable_properties(program, body).required)
            .unwrap_or_default();
        quote! {
            exercise((#operation, #method, #path), &[#(#unreadable),*], #call(&client), #call(&dynamic)).await;
        }
    });
    let calls = module.operations.iter().map(|op| emit_call(&values, module, op, allow));
    let allow_deprecated = super::super::allow_deprecated(module);
    quote! {
        //! Every operation of the API, called once.
        #allow_deprecated

        use generated::#api::client::{Client, RetryPolicy};
        use crate::support::{Failure, arg, dynamic_responses, exercise, outcome, upload};

        pub async fn run(base_url: &str) {
            let client = Client::new()
                #(#setters)*
                .with_base_url(base_url)
                .with_retry(RetryPolicy::none());
            let dynamic = client.clone().with_http_client(dynamic_responses());
            #(#reports)*
        }

        #(#calls)*
    }
}

fn call_name(op: &Operation) -> proc_macro2::Ident {
    ident(&format!("call_{}", ident_text(&op.name)))
}

/// Builds the arguments in the method's order and calls it.
fn emit_call(values: &Values<'_>, module: &Module, op: &Operation, allow: &AllowList) -> TokenStream {
    let program = values.program;
    let api = ident(&module.name);
    let mut lets = Vec::new();
    let mut args = Vec::new();
    for (i, p) in op.path_parameters().into_iter().enumerate() {
        let name = ident(&format!("path_{i}"));
        let value = values.value(&p.ty, Hints::of(&p.constraints, &p.docs, p.default.as_deref()));
        if takes_text(program, &p.ty) {
            let text = match value {
                Value::String(text) => text,
                other => other.to_string(),
            };
            lets.push(quote! { let #name = String::from(#text); });
            args.push(quote! { &#name });
        } else {
            let json = value.to_string();
            lets.push(quote! { let #name = arg(#json)?; });
            args.push(if by_reference(&p.ty) {
                quote! { &#name }
            } else {
                quote! { #name }
            });
        }
    }
    if let Some(params) = &op.items.params {
        let params = ident(params);
        let fields = op
            .parameters
            .iter()
            .filter(|p| p.location != crate::ir::ParameterLocation::Path)
            .map(|p| {
                let field = ident(&p.name);
                let json = values
                    .value(&p.ty, Hints::of(&p.constraints, &p.docs, p.default.as_deref()))
                    .to_string();
                quote! { #field: arg(#json)?, }
            });
        lets.push(quote! { let params = generated::#api::client::#params { #(#fields)* }; });
        args.push(quote! { &params });
    }
    if let Some(body) = &op.request_body {
        let (build, pass) = body_argument(values, module, op, body, allow);
        lets.push(quote! { let body = #build; });
        args.push(if body.required {
            pass
        } else {
            quote! { Some(#pass) }
        });
    }
    let call = call_name(op);
    let method = ident(&op.name);
    quote! {
        async fn #call(client: &Client) -> Result<(), Failure> {
            #(#lets)*
            outcome(client.#method(#(#args),*).await)
        }
    }
}

/// The expression that builds the body, and how it is passed.
fn body_argument(
    values: &Values<'_>,
    module: &Module,
    op: &Operation,
    body: &Body,
    allow: &AllowList,
) -> (TokenStream, TokenStream) {
    let example = request_example(values, module, op, body, allow);
    let unreadable = unreadable_properties(values.program, body);
    match (&body.encoding, &body.ty) {
        (Encoding::Json | Encoding::Form(_), Some(ty)) => {
            let mut value = example.unwrap_or_else(|| values.value(ty, Hints::default()));
            if let Value::Object(object) = &mut value {
                object.retain(|name, _| !unreadable.optional.contains(name));
            }
            let json = value.to_string();
            (quote! { arg(#json)? }, quote! { &body })
        }
        (Encoding::Multipart(multipart), _) => {
            let api = ident(&module.name);
            let name = ident(&multipart.name);
            let fields = multipart
                .parts
                .iter()
                .map(|part| part_field(values, body, part, example.as_ref(), &unreadable));
            (
                quote! { generated::#api::client::#name { #(#fields)* } },
                quote! { body },
            )
        }
        (Encoding::Text, ty) => {
            let text = match example.or_else(|| ty.as_ref().map(|ty| values.value(ty, Hints::default()))) {
                Some(Value::String(text)) => text,
                _ => "contract".to_string(),
            };
            (quote! { String::from(#text) }, quote! { body })
        }
        (Encoding::Binary, _) => (quote! { upload() }, quote! { body }),
        _ => (quote! { b"contract".to_vec() }, quote! { body }),
    }
}

/// One field of a multipart body: a file, or a value from the body's
/// example or built from the property the part comes from.
fn part_field(
    values: &Values<'_>,
    body: &Body,
    part: &Part,
    example: Option<&Value>,
    unreadable: &Unreadable,
) -> TokenStream {
    let field = ident(&part.name);
    let left_out = unreadable.optional.contains(&part.wire_name);
    let value = match &part.kind {
        PartKind::Files if left_out => quote! { Vec::new() },
        _ if left_out => quote! { None },
        PartKind::File if part.required => quote! { upload() },
        PartKind::File => quote! { Some(upload()) },
        PartKind::Files => quote! { vec![upload()] },
        PartKind::Text(ty) | PartKind::Json(ty) => {
            let given = example
                .and_then(|e| e.get(&part.wire_name))
                .filter(|v| values.fits(ty, None, v));
            let json = given
                .cloned()
                .unwrap_or_else(|| values.value(ty, source_hints(values, body, part)))
                .to_string();
            quote! { arg(#json)? }
        }
    };
    quote! { #field: #value, }
}

/// Properties of a form or multipart body that Prism cannot read back:
/// it keeps one value of a repeated field or part, takes every field and
/// part as text, and splits or nests a field only where the spec's
/// `encoding` gives a style other than `form`. So arrays and objects are
/// checkable only with such a style. Optional ones are left out of the
/// request, so that Prism checks the rest; a request refused for required
/// ones is not counted as failed.
#[derive(Default)]
struct Unreadable {
    optional: Vec<String>,
    required: Vec<String>,
}

fn unreadable_properties(program: &Program, body: &Body) -> Unreadable {
    let text = |ty: &TypeRef| match ty {
        TypeRef::Nullable(inner) => displayable(program, inner),
        ty => displayable(program, ty),
    };
    let mut found: Vec<(String, bool)> = Vec::new();
    match &body.encoding {
        Encoding::Form(rules) => {
            if let Some(TypeRef::Named(id)) = &body.ty
                && let TypeKind::Struct(s) = &program.type_def(*id).kind
            {
                let styled = |wire: &str| rules.iter().any(|r| r.wire_name == wire && r.style != FormStyle::Form);
                found.extend(
                    s.fields
                        .iter()
                        .filter(|f| !text(&f.ty) && !styled(&f.wire_name))
                        .map(|f| (f.wire_name.clone(), f.required)),
                );
            }
        }
        Encoding::Multipart(multipart) => found.extend(
            multipart
                .parts
                .iter()
                .filter(|p| match &p.kind {
                    PartKind::File => false,
                    PartKind::Text(ty) => !text(ty),
                    PartKind::Files | PartKind::Json(_) => true,
                })
                .map(|p| (p.wire_name.clone(), p.required)),
        ),
        _ => {}
    }
    let mut unreadable = Unreadable::default();
    for (name, required) in found {
        if required {
            unreadable.required.push(name);
        } else {
            unreadable.optional.push(name);
        }
    }
    unreadable
}

/// The constraints and docs of the component property a part comes from.
fn source_hints<'a>(values: &Values<'a>, body: &Body, part: &Part) -> Hints<'a> {
    let Some(TypeRef::Named(id)) = &body.ty else {
        return Hints::default();
    };
    match &values.program.type_def(*id).kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .find(|f| f.wire_name == part.wire_name)
            .map_or_else(Hints::default, |f| {
                Hints::of(&f.constraints, &f.docs, f.default.as_deref())
            }),
        _ => Hints::default(),
    }
}

/// The spec's example of this operation's request body, when it fits the
/// body's type and is not listed as contradicting its schema.
fn request_example(
    values: &Values<'_>,
    module: &Module,
    op: &Operation,
    body: &Body,
    allow: &AllowList,
) -> Option<Value> {
    let prefix = format!(
        "{}#/paths/{}/{}/requestBody/content/",
        module.source,
        escape_pointer_segment(&op.path.text),
        op.method.key()
    );
    module
        .examples
        .iter()
        .filter(|e| !allow.entries.contains_key(&e.origin))
        .filter(|e| body.ty.as_ref().is_none_or(|ty| *ty == e.ty))
        .find(|e| {
            e.origin.strip_prefix(&prefix).is_some_and(|rest| {
                let mut segments = rest.split('/').skip(1);
                matches!(
                    (segments.next(), segments.next(), segments.next(), segments.next()),
                    (Some("example"), None, ..) | (Some("examples"), Some(_), Some("value"), None)
                )
            }) && body.ty.as_ref().is_none_or(|ty| values.fits(ty, None, &e.value))
        })
        .map(|e| e.value.clone())
}
