//! `oneOf`/`anyOf` as Rust enums: chosen by the discriminator when the spec
//! names one, otherwise by trying the variants in order.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use super::type_refs::type_tokens;
use crate::ir::{ModuleId, Program, TypeKind, TypeRef, Union};

pub fn emit_union(program: &Program, module: ModuleId, name: &syn::Ident, docs: TokenStream, u: &Union) -> TokenStream {
    let variants: Vec<syn::Ident> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let types: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let ty = type_tokens(program, module, &v.ty);
            if v.boxed {
                quote! { Box<#ty> }
            } else {
                ty
            }
        })
        .collect();
    let Some(tag) = &u.tag else {
        // With no object variant, serde's own order of attempts is the same.
        let (derive, deserialize) = if u.variants.iter().any(|v| leftover_map(program, &v.ty).is_some()) {
            let deserialize = emit_untagged_deserialize(program, module, name, u);
            (TokenStream::new(), deserialize)
        } else {
            (quote! { serde::Deserialize, }, TokenStream::new())
        };
        return quote! {
            #docs
            #[derive(Debug, Clone, PartialEq, serde::Serialize, #derive)]
            #[serde(untagged)]
            pub enum #name {
                #( #variants(#types), )*
            }

            #deserialize
        };
    };
    // Tagged: the discriminator picks the variant, so a body is parsed once
    // into the right type; an unknown tag is kept whole.
    let other = ident(&u.catch_all);
    let arms = u.variants.iter().zip(&variants).map(|(v, variant)| {
        let values = &v.tag_values;
        let wrap = if v.boxed {
            quote! { |v| Self::#variant(Box::new(v)) }
        } else {
            quote! { Self::#variant }
        };
        quote! {
            #( Some(#values) )|* => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),
        }
    });
    let tag_doc = format!(" The variant is chosen by the `{tag}` property.");
    quote! {
        #docs
        #[doc = ""]
        #[doc = #tag_doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #( #variants(#types), )*
            /// A variant not listed in the spec, kept as sent.
            #other(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( Self::#variants(value) => serde::Serialize::serialize(value, serializer), )*
                    Self::#other(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                match value.get(#tag).and_then(serde_json::Value::as_str) {
                    #(#arms)*
                    _ => Ok(Self::#other(value)),
                }
            }
        }
    }
}

/// `Deserialize` for a union without a discriminator. Every object type
/// keeps the properties it does not list, so an object variant that lists
/// few properties would take bodies meant for a later one; instead, the
/// variant that reads the body with the fewest properties left over wins
/// (`support::Closest`).
fn emit_untagged_deserialize(program: &Program, module: ModuleId, name: &syn::Ident, u: &Union) -> TokenStream {
    let attempts = u.variants.iter().map(|v| {
        let variant = ident(&v.name);
        let ty = type_tokens(program, module, &v.ty);
        let wrap = if v.boxed {
            quote! { |value: #ty| Self::#variant(Box::new(value)) }
        } else {
            quote! { Self::#variant }
        };
        let attempt = match leftover_map(program, &v.ty) {
            Some(map) => quote! { closest.object(#wrap, |value: &#ty| value.#map.len()) },
            None => quote! { closest.exact(#wrap) },
        };
        quote! {
            if let Some(found) = #attempt {
                return Ok(found);
            }
        }
    });
    let name_text = name.to_string();
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let mut closest = crate::support::Closest::new(&value);
                #(#attempts)*
                closest.finish(#name_text)
            }
        }
    }
}

/// The field that holds a variant's unlisted properties, if it is an object that keeps them.
fn leftover_map(program: &Program, ty: &TypeRef) -> Option<syn::Ident> {
    let TypeRef::Named(id) = ty else {
        return None;
    };
    match &program.type_def(*id).kind {
        TypeKind::Struct(s) => s.additional.as_ref().map(|a| ident(&a.name)),
        _ => None,
    }
}
