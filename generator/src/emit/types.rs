//! Type definitions: structs, enums with a catch-all, unions and aliases.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::ident;
use super::readers::{Part, reader};
use super::type_refs::type_tokens;
use crate::ir::{Enum, EnumRepr, Field, FieldSource, ModuleId, Program, Struct, TypeDef, TypeKind, TypeRef};

/// Every type a module owns, as items of its `types` module: tokens, with
/// the readers of open structs as text between them.
pub fn emit_types(program: &Program, defs: &[&TypeDef]) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut tokens = TokenStream::new();
    for def in defs {
        let name = ident(&def.name);
        let docs = doc_attrs(&def.docs);
        match &def.kind {
            TypeKind::Struct(s) => {
                let (definition, reader, constructor) = emit_struct(program, def.module, &name, docs, s);
                tokens.extend(definition);
                match reader {
                    Some(Part::Text(text)) => {
                        parts.push(Part::Tokens(std::mem::take(&mut tokens)));
                        parts.push(Part::Text(text));
                    }
                    Some(Part::Tokens(reader)) => tokens.extend(reader),
                    None => {}
                }
                tokens.extend(constructor);
            }
            TypeKind::Enum(e) => tokens.extend(emit_enum(&name, docs, e)),
            TypeKind::Union(u) => tokens.extend(super::unions::emit_union(program, def.module, &name, docs, u)),
            TypeKind::Alias(target) => {
                let target = type_tokens(program, def.module, target);
                tokens.extend(quote! { #docs pub type #name = #target; });
            }
        }
    }
    parts.push(Part::Tokens(tokens));
    parts
}

/// A struct's definition, its reader when it reads in one pass, and its
/// constructor when it has required fields.
fn emit_struct(
    program: &Program,
    module: ModuleId,
    name: &syn::Ident,
    docs: TokenStream,
    s: &Struct,
) -> (TokenStream, Option<Part>, Option<TokenStream>) {
    let one_pass = s.reads_in_one_pass();
    let fields = s.fields.iter().map(|f| emit_field(program, module, f, one_pass));
    let additional = s.additional.as_ref().map(|additional| {
        let member = ident(&additional.name);
        let value = type_tokens(program, module, &additional.value);
        quote! {
            /// Properties the spec does not list, kept as received and sent
            /// back after the listed ones.
            #[serde(flatten)]
            pub #member: crate::UnlistedProperties<#value>,
        }
    });
    // Every field optional: `Default` gives an empty value to fill in.
    let all_optional = s.fields.iter().all(|f| !f.required && !f.flatten);
    let default = all_optional.then(|| quote! { Default, });
    let constructor = (!all_optional).then(|| emit_constructor(program, module, name, s));
    let (derive, reader) = match &s.additional {
        Some(additional) if one_pass => (quote! {}, Some(reader(name, s, additional))),
        _ => (quote! { serde::Deserialize }, None),
    };
    let definition = quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, #derive)]
        pub struct #name {
            #(#fields)*
            #additional
        }
    };
    (definition, reader, constructor)
}

/// `new(required…)`: the fields a value must have as arguments, the rest
/// `None` (or empty), so that optional fields need not be spelled out.
fn emit_constructor(program: &Program, module: ModuleId, name: &syn::Ident, s: &Struct) -> TokenStream {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for field in &s.fields {
        let member = ident(&field.name);
        if (field.required || field.flatten) && !field.nullable {
            let (ty, value) = if field.ty == TypeRef::String {
                (quote! { impl Into<String> }, quote! { #member.into() })
            } else {
                (type_tokens(program, module, &field.ty), quote! { #member })
            };
            args.push(quote! { #member: #ty });
            inits.push(match (field.boxed, field.ty == TypeRef::String) {
                (true, _) => quote! { #member: Box::new(#value) },
                (false, true) => quote! { #member: #value },
                (false, false) => quote! { #member },
            });
        } else {
            inits.push(quote! { #member: None });
        }
    }
    if let Some(additional) = &s.additional {
        let member = ident(&additional.name);
        inits.push(quote! { #member: Default::default() });
    }
    let allow = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        impl #name {
            /// A value with the required fields; the optional ones are `None`.
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

/// A struct field with its serde attributes; `one_pass` when the struct's
/// `Deserialize` is not derived, so only serialisation reads them.
fn emit_field(program: &Program, module: ModuleId, field: &Field, one_pass: bool) -> TokenStream {
    let name = ident(&field.name);
    let docs = doc_attrs(&field.docs);
    let mut ty = type_tokens(program, module, &field.ty);
    if field.boxed {
        ty = quote! { Box<#ty> };
    }
    let mut serde_args = Vec::new();
    if field.flatten {
        serde_args.push(quote! { flatten });
    } else if super::ident_text(&field.name) != field.wire_name {
        let wire = &field.wire_name;
        serde_args.push(quote! { rename = #wire });
    }
    let ty = match (field.required || field.flatten, field.nullable) {
        (true, false) => ty,
        (true, true) => quote! { Option<#ty> },
        (false, nullable) => {
            serde_args.push(match (one_pass, nullable) {
                (true, _) => quote! { skip_serializing_if = "Option::is_none" },
                (false, false) => quote! { default, skip_serializing_if = "Option::is_none" },
                // Absent and `null` are different messages; keep both apart.
                (false, true) => quote! {
                    default,
                    skip_serializing_if = "Option::is_none",
                    deserialize_with = "crate::support::deserialize_present"
                },
            });
            if nullable {
                quote! { Option<Option<#ty>> }
            } else {
                quote! { Option<#ty> }
            }
        }
    };
    let serde_attr = (!serde_args.is_empty()).then(|| quote! { #[serde(#(#serde_args),*)] });
    quote! {
        #docs
        #serde_attr
        pub #name: #ty,
    }
}

fn emit_enum(name: &syn::Ident, docs: TokenStream, e: &Enum) -> TokenStream {
    match e.repr {
        EnumRepr::String => emit_string_enum(name, docs, e),
        EnumRepr::Integer => emit_integer_enum(name, docs, e),
    }
}

/// What both kinds of enum declare: the catch-all, and each variant with its doc.
fn enum_parts(e: &Enum) -> (syn::Ident, Vec<syn::Ident>, Vec<String>) {
    let other = ident(&e.catch_all);
    let variants = e.variants.iter().map(|v| ident(&v.name)).collect();
    let docs = e.variants.iter().map(|v| format!(" `{}`", v.value)).collect();
    (other, variants, docs)
}

/// An enum of strings, with a catch-all that keeps an unlisted value.
fn emit_string_enum(name: &syn::Ident, docs: TokenStream, e: &Enum) -> TokenStream {
    let (other, variants, variant_docs) = enum_parts(e);
    let values: Vec<String> = e
        .variants
        .iter()
        .map(|v| v.value.as_str().unwrap_or_default().to_string())
        .collect();
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value not listed in the spec, kept as received.
            #other(crate::UnknownValue),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#other(value) => value.as_str(),
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::#other(crate::UnknownValue::new(other)),
                }
            }
        }

        crate::support::string_enum!(#name);
    }
}

/// An enum of integers, with a catch-all that keeps an unlisted value.
fn emit_integer_enum(name: &syn::Ident, docs: TokenStream, e: &Enum) -> TokenStream {
    let (other, variants, variant_docs) = enum_parts(e);
    let values: Vec<Literal> = e
        .variants
        .iter()
        .map(|v| Literal::i64_unsuffixed(v.value.as_i64().unwrap_or_default()))
        .collect();
    quote! {
        #docs
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            /// A value not listed in the spec, kept as sent.
            #other(i64),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_i64(&self) -> i64 {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#other(value) => *value,
                }
            }
        }

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::#other(other),
                }
            }
        }

        crate::support::integer_enum!(#name);
    }
}

/// The catch-all variant's name: `Other`, unless the spec already uses it.
/// `impl From<&Response> for Request` for each conversion the module has.
pub fn emit_conversions(program: &Program, module: &crate::ir::Module) -> TokenStream {
    let impls = module.conversions.iter().filter_map(|c| {
        let TypeKind::Struct(target) = &program.type_def(c.to).kind else {
            return None;
        };
        let from = type_tokens(program, module.id, &TypeRef::Named(c.from));
        let to = type_tokens(program, module.id, &TypeRef::Named(c.to));
        let mut inits: Vec<TokenStream> = target
            .fields
            .iter()
            .zip(&c.fields)
            .map(|(field, source)| {
                let member = ident(&field.name);
                match source {
                    FieldSource::Same(name) => {
                        let name = ident(name);
                        quote! { #member: value.#name.clone() }
                    }
                    FieldSource::Wrapped(name) => {
                        let name = ident(name);
                        quote! { #member: Some(value.#name.clone()) }
                    }
                    FieldSource::Absent => quote! { #member: None },
                }
            })
            .collect();
        if let Some(additional) = &target.additional {
            let member = ident(&additional.name);
            // Conversions are found only between structs; `from` has the map when `c.additional`.
            let source = match &program.type_def(c.from).kind {
                TypeKind::Struct(source) => source.additional.as_ref().filter(|_| c.additional),
                _ => None,
            };
            inits.push(match source {
                Some(source) => {
                    let source = ident(&source.name);
                    quote! { #member: value.#source.clone() }
                }
                None => quote! { #member: Default::default() },
            });
        }
        let doc = format!(
            " Everything of a `{}` that this request can send back, for GET → modify → PUT.",
            program.type_def(c.from).name
        );
        Some(quote! {
            impl From<&#from> for #to {
                #[doc = #doc]
                fn from(value: &#from) -> Self {
                    Self { #(#inits),* }
                }
            }
        })
    });
    quote! { #(#impls)* }
}
