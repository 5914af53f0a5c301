//! Type definitions: structs and enums (in their own files), unions,
//! aliases, and the conversions between request and response types.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ident;
use super::layout::Part;
use super::type_refs::type_tokens;
use crate::ir::{FieldSource, Program, TypeDef, TypeKind, TypeRef};

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
                    add(&mut parts, &mut tokens, part);
                }
                continue;
            }
            TypeKind::Enum(e) => {
                add(&mut parts, &mut tokens, super::enums::emit_enum(&name, &def.docs, e));
                continue;
            }
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

/// Adds `part` after `parts` and the `tokens` not yet pushed, which gather
/// until text comes between them.
fn add(parts: &mut Vec<Part>, tokens: &mut TokenStream, part: Part) {
    match part {
        Part::Tokens(more) => tokens.extend(more),
        other => {
            if !tokens.is_empty() {
                parts.push(Part::Tokens(std::mem::take(tokens)));
            }
            parts.push(other);
        }
    }
}

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
