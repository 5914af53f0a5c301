//! Type definitions: structs, enums with a catch-all, unions and aliases.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::ident;
use super::layout::Part;
use super::type_refs::type_tokens;
use crate::ir::{Enum, EnumRepr, FieldSource, Program, TypeDef, TypeKind, TypeRef};

/// Every type a module owns, as items of its `types` module: tokens, and
/// what is written as text between them.
pub fn emit_types(program: &Program, defs: &[&TypeDef]) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut tokens = TokenStream::new();
    for def in defs {
        let name = ident(&def.name);
        let docs = || doc_attrs(&def.docs);
        let item = match &def.kind {
            TypeKind::Struct(s) => {
                for part in super::structs::emit_struct(program, def, &name, s) {
                    match part {
                        Part::Tokens(more) => tokens.extend(more),
                        Part::Text(text) => {
                            parts.push(Part::Tokens(std::mem::take(&mut tokens)));
                            parts.push(Part::Text(text));
                        }
                    }
                }
                continue;
            }
            TypeKind::Enum(e) => emit_enum(&name, docs(), e),
            TypeKind::Union(u) => super::unions::emit_union(program, def.module, &name, docs(), u),
            TypeKind::Alias(target) => {
                let target = type_tokens(program, def.module, target);
                let docs = docs();
                quote! { #docs pub type #name = #target; }
            }
        };
        tokens.extend(item);
    }
    parts.push(Part::Tokens(tokens));
    parts
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
