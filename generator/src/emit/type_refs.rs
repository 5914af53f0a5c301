//! How a type reference is spelled where it is written.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{FloatKind, IntKind, ModuleId, Program, TypeRef};

/// The Rust type for a reference, seen from inside `from`'s `types` module.
pub fn type_tokens(program: &Program, from: ModuleId, ty: &TypeRef) -> TokenStream {
    tokens_for(program, Some(from), ty)
}

/// The Rust type for a reference by its full path, for use outside `types`.
pub fn qualified_type_tokens(program: &Program, ty: &TypeRef) -> TokenStream {
    tokens_for(program, None, ty)
}

fn tokens_for(program: &Program, from: Option<ModuleId>, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let def = program.type_def(*id);
            let name = ident(&def.name);
            if Some(def.module) == from {
                quote! { #name }
            } else {
                let module = ident(&program.module(def.module).name);
                quote! { crate::#module::types::#name }
            }
        }
        TypeRef::String => quote! { String },
        TypeRef::Bool => quote! { bool },
        TypeRef::Int(kind) => match kind {
            IntKind::I8 => quote! { i8 },
            IntKind::I16 => quote! { i16 },
            IntKind::I32 => quote! { i32 },
            IntKind::I64 => quote! { i64 },
            IntKind::U8 => quote! { u8 },
            IntKind::U16 => quote! { u16 },
            IntKind::U32 => quote! { u32 },
            IntKind::U64 => quote! { u64 },
        },
        TypeRef::Float(FloatKind::F32) => quote! { f32 },
        TypeRef::Float(FloatKind::F64) => quote! { f64 },
        TypeRef::Json => quote! { serde_json::Value },
        TypeRef::JsonObject => quote! { serde_json::Map<String, serde_json::Value> },
        TypeRef::Vec(inner) => {
            let inner = tokens_for(program, from, inner);
            quote! { Vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = tokens_for(program, from, inner);
            quote! { std::collections::BTreeMap<String, #inner> }
        }
        TypeRef::Nullable(inner) => {
            let inner = tokens_for(program, from, inner);
            quote! { Option<#inner> }
        }
    }
}
