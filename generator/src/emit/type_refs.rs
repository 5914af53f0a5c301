//! How a type reference is spelled where it is written.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, ident_spelling};
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

/// [`type_tokens`] as text, as [`super::layout::type_text`] prints the
/// tokens, written straight into a string: struct fields are most of a
/// large API's types, and building their tokens only to print them cost
/// more than the text.
pub fn type_text_of(program: &Program, from: ModuleId, ty: &TypeRef) -> String {
    let mut out = String::new();
    spell_into(program, from, ty, &mut out);
    out
}

fn spell_into(program: &Program, from: ModuleId, ty: &TypeRef, out: &mut String) {
    let generic = |out: &mut String, outer: &str, inner: &TypeRef| {
        out.push_str(outer);
        out.push('<');
        spell_into(program, from, inner, out);
        out.push('>');
    };
    match ty {
        TypeRef::Named(id) => {
            let def = program.type_def(*id);
            if def.module != from {
                out.push_str("crate::");
                out.push_str(ident_spelling(&program.module(def.module).name));
                out.push_str("::types::");
            }
            out.push_str(ident_spelling(&def.name));
        }
        TypeRef::String => out.push_str("String"),
        TypeRef::Bool => out.push_str("bool"),
        TypeRef::Int(kind) => out.push_str(match kind {
            IntKind::I8 => "i8",
            IntKind::I16 => "i16",
            IntKind::I32 => "i32",
            IntKind::I64 => "i64",
            IntKind::U8 => "u8",
            IntKind::U16 => "u16",
            IntKind::U32 => "u32",
            IntKind::U64 => "u64",
        }),
        TypeRef::Float(FloatKind::F32) => out.push_str("f32"),
        TypeRef::Float(FloatKind::F64) => out.push_str("f64"),
        TypeRef::Json => out.push_str("serde_json::Value"),
        TypeRef::JsonObject => out.push_str("serde_json::Map<String, serde_json::Value>"),
        TypeRef::Vec(inner) => generic(out, "Vec", inner),
        TypeRef::Map(inner) => {
            out.push_str("std::collections::BTreeMap<String, ");
            spell_into(program, from, inner, out);
            out.push('>');
        }
        TypeRef::Nullable(inner) => generic(out, "Option", inner),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::TypeKind;

    /// Every type a field, variant or alias refers to, wrapped as lowering
    /// may wrap it, spelled from every module.
    fn check(program: &Program) -> usize {
        let mut refs: Vec<&TypeRef> = Vec::new();
        for def in &program.types {
            match &def.kind {
                TypeKind::Struct(s) => {
                    refs.extend(s.fields.iter().map(|f| &f.ty));
                    refs.extend(s.additional.iter().map(|a| &a.value));
                }
                TypeKind::Union(u) => refs.extend(u.variants.iter().map(|v| &v.ty)),
                TypeKind::Alias(target) => refs.push(target),
                TypeKind::Enum(_) => {}
            }
        }
        let mut checked = 0;
        for ty in refs {
            let wrapped = [
                ty.clone(),
                TypeRef::Nullable(Box::new(TypeRef::Vec(Box::new(ty.clone())))),
                TypeRef::Map(Box::new(TypeRef::Nullable(Box::new(ty.clone())))),
            ];
            for ty in &wrapped {
                for module in &program.modules {
                    let tokens = type_tokens(program, module.id, ty);
                    assert_eq!(
                        type_text_of(program, module.id, ty),
                        crate::emit::layout::type_text(&tokens)
                    );
                    checked += 1;
                }
            }
        }
        checked
    }

    #[test]
    fn types_written_as_text_are_the_text_of_their_tokens() {
        let programs = crate::emit::layout::testing::repository_programs();
        let checked: usize = programs.iter().map(|(_, program)| check(program)).sum();
        assert!(checked > 1000, "only {checked} types checked");
    }
}
