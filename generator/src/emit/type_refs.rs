//! How a type reference is spelled where it is written.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::ir::{FloatKind, IntKind, ModuleId, Program, TypeRef};

/// Where a type is written, which decides how a named type is spelled; a
/// type of another module is `crate::common::types::Error` from inside the
/// crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling<'a> {
    /// In this module's `types` file: `User`.
    Types(ModuleId),
    /// In another file of this module, which imports `super::types` when
    /// [`names_own_type`] says it must: `types::User`.
    Beside(ModuleId),
    /// Outside the crate, in a doctest of the crate named so:
    /// `generated::vis::types::User`.
    Extern(&'a str),
    /// In spec-diff's report, as a reviewer reads a type of this module:
    /// `User`, `common::types::Error`, `BTreeMap<String, User>`.
    Review(ModuleId),
}

impl Spelling<'_> {
    /// The crate's `runtime` module, which the files beside `types` import.
    pub fn runtime(self) -> TokenStream {
        match self {
            Spelling::Extern(krate) => {
                let krate = ident(krate);
                quote! { #krate::runtime }
            }
            Spelling::Beside(_) | Spelling::Review(_) => quote! { runtime },
            Spelling::Types(_) => quote! { crate::runtime },
        }
    }
}

/// Whether `ty`, spelled beside `module`'s types, names one of them: the
/// file writing it then imports `super::types`.
pub fn names_own_type(program: &Program, module: ModuleId, ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(id) => program.type_def(*id).module == module,
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => names_own_type(program, module, inner),
        _ => false,
    }
}

/// `use super::types;` for a file of `module` that spells any of `types`.
pub fn types_import<'t>(
    program: &Program,
    module: ModuleId,
    mut types: impl Iterator<Item = &'t TypeRef>,
) -> Option<TokenStream> {
    types
        .any(|ty| names_own_type(program, module, ty))
        .then(|| quote! { use super::types; })
}

/// The Rust type for a reference, seen from inside `from`'s `types` module.
pub fn type_tokens(program: &Program, from: ModuleId, ty: &TypeRef) -> TokenStream {
    spelled(program, Spelling::Types(from), ty)
}

/// The Rust type for a reference, written where `spelling` says.
pub fn spelled(program: &Program, spelling: Spelling<'_>, ty: &TypeRef) -> TokenStream {
    let from = spelling;
    match ty {
        TypeRef::Named(id) => {
            let def = program.type_def(*id);
            let name = ident(&def.name);
            let module = ident(&program.module(def.module).name);
            match spelling {
                Spelling::Types(own) | Spelling::Review(own) if own == def.module => quote! { #name },
                Spelling::Review(_) => quote! { #module::types::#name },
                Spelling::Beside(own) if own == def.module => quote! { types::#name },
                Spelling::Extern(krate) => {
                    let krate = ident(krate);
                    quote! { #krate::#module::types::#name }
                }
                _ => quote! { crate::#module::types::#name },
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
            let inner = spelled(program, from, inner);
            quote! { Vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = spelled(program, from, inner);
            match from {
                Spelling::Review(_) => quote! { BTreeMap<String, #inner> },
                _ => quote! { std::collections::BTreeMap<String, #inner> },
            }
        }
        TypeRef::Nullable(inner) => {
            let inner = spelled(program, from, inner);
            quote! { Option<#inner> }
        }
    }
}
