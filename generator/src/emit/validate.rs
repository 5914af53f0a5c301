//! Request validation: `Validate` impls for the types a request can carry,
//! and the checks of one value against its schema's constraints.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use crate::ir::{Constraints, Module, Program, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union};

/// Which types get a `Validate` impl, and which of those have something
/// to check.
pub struct Validated {
    /// Types that appear in some request body or parameter, in any module.
    impls: BTreeSet<TypeId>,
    /// The request types whose values can break a constraint, at any depth:
    /// only these are checked, by the client and by the types holding them.
    checked: BTreeSet<TypeId>,
}

impl Validated {
    pub fn new(program: &Program) -> Validated {
        let operations = program.modules.iter().flat_map(|m| &m.operations);
        let impls = program.reachable(operations.flat_map(|op| {
            op.parameters
                .iter()
                .map(|p| &p.ty)
                .chain(op.request_body.iter().flat_map(|b| b.type_refs()))
        }));
        // The least fixpoint: a type is checked once its body checks
        // something, given the types already known to be checked.
        let mut validated = Validated {
            impls,
            checked: BTreeSet::new(),
        };
        loop {
            let found: Vec<TypeId> = validated
                .impls
                .iter()
                .filter(|id| !validated.checked.contains(id))
                .filter(|id| impl_checks_anything(program, program.type_def(**id), &validated))
                .copied()
                .collect();
            if found.is_empty() {
                return validated;
            }
            validated.checked.extend(found);
        }
    }
}

/// Whether some type of `defs` gets a `Validate` impl.
pub fn any_validated(defs: &[&TypeDef], validated: &Validated) -> bool {
    defs.iter()
        .any(|def| validated.impls.contains(&def.id) && matches!(def.kind, TypeKind::Struct(_) | TypeKind::Union(_)))
}

/// `impl Validate` for every type of `defs` that requests carry, as items
/// of the module's `validate` file; the first piece carries its header.
pub fn emit_validate_impls(
    program: &Program,
    module: &Module,
    defs: &[&TypeDef],
    validated: &Validated,
    first: bool,
    origin: &str,
) -> TokenStream {
    let impls = defs
        .iter()
        .filter(|def| validated.impls.contains(&def.id))
        .filter_map(|def| {
            let name = ident(&def.name);
            // A value the spec does not list came from the server, which is
            // the authority on its own enums: sending it back is fine. An
            // alias is its target, which has the impl.
            if matches!(def.kind, TypeKind::Enum(_) | TypeKind::Alias(_)) {
                return None;
            }
            let body = impl_body(program, def, validated);
            // Nothing to check: the trait's own `validate_at` checks nothing.
            if body.is_empty() {
                return Some(quote! { impl runtime::Validate for types::#name {} });
            }
            Some(quote! {
                impl runtime::Validate for types::#name {
                    fn validate_at(&self, path: &runtime::Path<'_>, errors: &mut runtime::ValidationErrors) {
                        #body
                    }
                }
            })
        });
    let impls = quote! { #(#impls)* };
    if !first {
        return impls;
    }
    let allow_deprecated = super::allow_deprecated(module);
    let doc = format!(" Checks of the request types of `{origin}` against the spec's constraints.");
    quote! {
        #![doc = #doc]
        #allow_deprecated

        use super::types;
        use crate::runtime;

        #impls
    }
}

/// The statements of a type's `validate_at`; empty when nothing can fail.
fn impl_body(program: &Program, def: &TypeDef, validated: &Validated) -> TokenStream {
    match &def.kind {
        TypeKind::Struct(s) => struct_checks(program, s, validated),
        TypeKind::Union(u) => union_checks(program, &ident(&def.name), u, validated),
        TypeKind::Enum(_) | TypeKind::Alias(_) => quote! {},
    }
}

/// Whether [`impl_body`] checks anything, found without building it.
fn impl_checks_anything(program: &Program, def: &TypeDef, validated: &Validated) -> bool {
    let none = Constraints::default();
    match &def.kind {
        TypeKind::Struct(s) => {
            s.fields
                .iter()
                .any(|field| checks_anything(program, &field.ty, &field.constraints, validated))
                || s.additional
                    .as_ref()
                    .is_some_and(|additional| checks_anything(program, &additional.value, &none, validated))
        }
        TypeKind::Union(u) => u
            .variants
            .iter()
            .any(|v| checks_anything(program, &v.ty, &none, validated)),
        TypeKind::Enum(_) | TypeKind::Alias(_) => false,
    }
}

/// Each field's checks, then those of every unlisted property.
fn struct_checks(program: &Program, s: &Struct, validated: &Validated) -> TokenStream {
    let fields = s.fields.iter().map(|field| {
        let member = ident(&field.name);
        let wire = &field.wire_name;
        let path = if field.flatten {
            quote! { path }
        } else {
            quote! { &path.field(#wire) }
        };
        let check = value_checks(
            program,
            &field.ty,
            &field.constraints,
            quote! { value },
            quote! { #path },
            validated,
        );
        if check.is_empty() {
            return quote! {};
        }
        let value = quote! { &self.#member };
        // Optional and nullable fields are checked only when they hold a value.
        match (field.required || field.flatten, field.nullable) {
            (true, false) => quote! { { let value = #value; #check } },
            (true, true) | (false, false) => quote! { if let Some(value) = #value { #check } },
            (false, true) => quote! { if let Some(Some(value)) = #value { #check } },
        }
    });
    let additional = s.additional.as_ref().map(|additional| {
        let check = value_checks(
            program,
            &additional.value,
            &Constraints::default(),
            quote! { value },
            quote! { &path.key(key) },
            validated,
        );
        if check.is_empty() {
            quote! {}
        } else {
            let member = ident(&additional.name);
            quote! { for (key, value) in &self.#member { #check } }
        }
    });
    quote! { #(#fields)* #additional }
}

/// A match on the variants that have checks.
fn union_checks(program: &Program, name: &syn::Ident, u: &Union, validated: &Validated) -> TokenStream {
    let checks: Vec<(syn::Ident, TokenStream)> = u
        .variants
        .iter()
        .map(|v| {
            let check = value_checks(
                program,
                &v.ty,
                &Constraints::default(),
                quote! { value },
                quote! { path },
                validated,
            );
            (ident(&v.name), check)
        })
        .collect();
    if checks.iter().all(|(_, check)| check.is_empty()) {
        return quote! {};
    }
    let arms = checks
        .iter()
        .filter(|(_, check)| !check.is_empty())
        .map(|(variant, check)| {
            quote! { types::#name::#variant(value) => { #check } }
        });
    // The variants without checks, and a tagged union's catch-all.
    let rest = (u.tag.is_some() || checks.iter().any(|(_, check)| check.is_empty())).then(|| quote! { _ => {} });
    quote! { match self { #(#arms)* #rest } }
}

/// Whether [`value_checks`] of `ty`, with no constraints of its own, is
/// the one call of its `Validate` impl.
pub fn checked_by_impl(program: &Program, ty: &TypeRef, validated: &Validated) -> bool {
    let TypeRef::Named(id) = ty else {
        return false;
    };
    let kind = &program.type_def(*id).kind;
    !matches!(kind, TypeKind::Alias(_) | TypeKind::Enum(_)) && validated.checked.contains(id)
}

/// Checks of `value` (an expression of type `&T` for the Rust type of `ty`)
/// at `path` (an expression of type `&Path`); empty when there is nothing to check.
pub fn value_checks(
    program: &Program,
    ty: &TypeRef,
    constraints: &Constraints,
    value: TokenStream,
    path: TokenStream,
    validated: &Validated,
) -> TokenStream {
    match ty {
        TypeRef::Named(id) => {
            let def = program.type_def(*id);
            match &def.kind {
                TypeKind::Alias(target) => {
                    let merged = merge(constraints, &def.constraints);
                    value_checks(program, target, &merged, value, path, validated)
                }
                TypeKind::Enum(_) => quote! {},
                _ if validated.checked.contains(id) => {
                    quote! { runtime::Validate::validate_at(#value, #path, errors); }
                }
                _ => quote! {},
            }
        }
        TypeRef::String => string_checks(constraints, &value, &path),
        TypeRef::Int(_) | TypeRef::Float(_) => number_checks(constraints, &value, &path),
        TypeRef::Vec(inner) => {
            let mut checks = Vec::new();
            if constraints.min_items.is_some() || constraints.max_items.is_some() {
                let (min, max) = (option_usize(constraints.min_items), option_usize(constraints.max_items));
                checks.push(quote! { runtime::check_count(errors, #path, #value.len(), #min, #max, "items"); });
            }
            let item_constraints = constraints.items.as_deref().cloned().unwrap_or_default();
            let item = value_checks(
                program,
                inner,
                &item_constraints,
                quote! { item },
                quote! { &path.index(i) },
                validated,
            );
            if !item.is_empty() {
                checks.push(quote! {
                    let path = #path;
                    for (i, item) in #value.iter().enumerate() { #item }
                });
            }
            if checks.is_empty() {
                quote! {}
            } else {
                quote! { { #(#checks)* } }
            }
        }
        TypeRef::Map(inner) => {
            let item = value_checks(
                program,
                inner,
                &Constraints::default(),
                quote! { item },
                quote! { &path.key(key) },
                validated,
            );
            if item.is_empty() {
                quote! {}
            } else {
                quote! { { let path = #path; for (key, item) in #value.iter() { #item } } }
            }
        }
        TypeRef::Nullable(inner) => {
            let check = value_checks(program, inner, constraints, quote! { inner }, path, validated);
            if check.is_empty() {
                quote! {}
            } else {
                quote! { if let Some(inner) = #value { #check } }
            }
        }
        TypeRef::Bool | TypeRef::Json | TypeRef::JsonObject => quote! {},
    }
}

/// Whether [`value_checks`] checks anything: the same cases, without the
/// tokens.
fn checks_anything(program: &Program, ty: &TypeRef, constraints: &Constraints, validated: &Validated) -> bool {
    match ty {
        TypeRef::Named(id) => {
            let def = program.type_def(*id);
            match &def.kind {
                TypeKind::Alias(target) => {
                    checks_anything(program, target, &merge(constraints, &def.constraints), validated)
                }
                TypeKind::Enum(_) => false,
                _ => validated.checked.contains(id),
            }
        }
        TypeRef::String => {
            constraints.min_length.is_some() || constraints.max_length.is_some() || constraints.pattern.is_some()
        }
        TypeRef::Int(_) | TypeRef::Float(_) => {
            constraints.minimum.is_some() || constraints.maximum.is_some() || constraints.multiple_of.is_some()
        }
        TypeRef::Vec(inner) => {
            let none = Constraints::default();
            let items = constraints.items.as_deref().unwrap_or(&none);
            constraints.min_items.is_some()
                || constraints.max_items.is_some()
                || checks_anything(program, inner, items, validated)
        }
        TypeRef::Map(inner) => checks_anything(program, inner, &Constraints::default(), validated),
        TypeRef::Nullable(inner) => checks_anything(program, inner, constraints, validated),
        TypeRef::Bool | TypeRef::Json | TypeRef::JsonObject => false,
    }
}

/// The length and pattern checks of a string.
fn string_checks(constraints: &Constraints, value: &TokenStream, path: &TokenStream) -> TokenStream {
    let mut checks = Vec::new();
    if constraints.min_length.is_some() || constraints.max_length.is_some() {
        let (min, max) = (
            option_usize(constraints.min_length),
            option_usize(constraints.max_length),
        );
        checks.push(quote! { runtime::check_count(errors, #path, #value.chars().count(), #min, #max, "characters"); });
    }
    if let Some(pattern) = &constraints.pattern {
        checks.push(quote! {
            static PATTERN: runtime::Pattern = runtime::Pattern::new(#pattern);
            PATTERN.check(errors, #path, #value);
        });
    }
    if checks.is_empty() {
        quote! {}
    } else {
        quote! { { #(#checks)* } }
    }
}

/// The bounds and divisor checks of a number.
fn number_checks(constraints: &Constraints, value: &TokenStream, path: &TokenStream) -> TokenStream {
    if constraints.minimum.is_none() && constraints.maximum.is_none() && constraints.multiple_of.is_none() {
        return quote! {};
    }
    // A bound YAML spells `.inf` constrains nothing.
    let bound = |v: Option<f64>, exclusive: bool| match v.filter(|v| v.is_finite()) {
        Some(v) => {
            let v = Literal::f64_unsuffixed(v);
            quote! { Some((#v, #exclusive)) }
        }
        None => quote! { None },
    };
    let min = bound(constraints.minimum, constraints.exclusive_minimum);
    let max = bound(constraints.maximum, constraints.exclusive_maximum);
    let multiple = match constraints.multiple_of.filter(|m| m.is_finite()) {
        Some(m) => {
            let m = Literal::f64_unsuffixed(m);
            quote! { Some(#m) }
        }
        None => quote! { None },
    };
    quote! { runtime::check_number(errors, #path, *#value as f64, #min, #max, #multiple); }
}

/// The field's own constraints win; the alias fills what the field leaves open.
fn merge(own: &Constraints, alias: &Constraints) -> Constraints {
    Constraints {
        minimum: own.minimum.or(alias.minimum),
        maximum: own.maximum.or(alias.maximum),
        exclusive_minimum: own.exclusive_minimum || alias.exclusive_minimum,
        exclusive_maximum: own.exclusive_maximum || alias.exclusive_maximum,
        multiple_of: own.multiple_of.or(alias.multiple_of),
        min_length: own.min_length.or(alias.min_length),
        max_length: own.max_length.or(alias.max_length),
        pattern: own.pattern.clone().or_else(|| alias.pattern.clone()),
        min_items: own.min_items.or(alias.min_items),
        max_items: own.max_items.or(alias.max_items),
        unique_items: own.unique_items || alias.unique_items,
        items: own.items.clone().or_else(|| alias.items.clone()),
    }
}

fn option_usize(value: Option<usize>) -> TokenStream {
    match value {
        Some(v) => {
            let v = Literal::usize_unsuffixed(v);
            quote! { Some(#v) }
        }
        None => quote! { None },
    }
}

#[cfg(test)]
mod tests;
