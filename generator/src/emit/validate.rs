//! Request validation: `Validate` impls for the types a request can carry,
//! and the checks of one value against its schema's constraints.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use crate::ir::{Constraints, Module, ModuleId, Program, TypeDef, TypeId, TypeKind, TypeRef};

/// Types that appear in some request body or parameter, in any module:
/// only those get a `Validate` impl.
pub fn request_types(program: &Program) -> BTreeSet<TypeId> {
    let operations = program.modules.iter().flat_map(|m| &m.operations);
    program.reachable(operations.flat_map(|op| {
        op.parameters
            .iter()
            .map(|p| &p.ty)
            .chain(op.request_body.iter().flat_map(|b| b.type_refs()))
    }))
}

/// `impl Validate` for every type of `module` that requests carry.
pub fn emit_validate_impls(
    program: &Program,
    module: &Module,
    defs: &[&TypeDef],
    request_types: &BTreeSet<TypeId>,
) -> TokenStream {
    let impls = defs
        .iter()
        .filter(|def| request_types.contains(&def.id))
        .filter_map(|def| {
            let name = ident(&def.name);
            let body = match &def.kind {
                TypeKind::Struct(s) => {
                    let fields = s.fields.iter().map(|field| {
                        let member = ident(&field.name);
                        let wire = &field.wire_name;
                        let path = if field.flatten { quote! { path } } else { quote! { &path.field(#wire) } };
                        let check = value_checks(program, module.id, &field.ty, &field.constraints, quote! { value }, quote! { #path }, request_types);
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
                        let check = value_checks(program, module.id, &additional.value, &Constraints::default(), quote! { value }, quote! { &path.key(key) }, request_types);
                        if check.is_empty() {
                            quote! {}
                        } else {
                            let member = ident(&additional.name);
                            quote! { for (key, value) in &self.#member { #check } }
                        }
                    });
                    quote! { #(#fields)* #additional }
                }
                // A value the spec does not list came from the server, which
                // is the authority on its own enums: sending it back is fine.
                TypeKind::Enum(_) => return None,
                TypeKind::Union(u) => {
                    let arms = u.variants.iter().map(|v| {
                        let variant = ident(&v.name);
                        let check = value_checks(program, module.id, &v.ty, &Constraints::default(), quote! { value }, quote! { path }, request_types);
                        quote! { Self::#variant(value) => { #check } }
                    });
                    let rest = u.tag.as_ref().map(|_| quote! { _ => {} });
                    quote! { match self { #(#arms)* #rest } }
                }
                // An alias is its target; the target has the impl.
                TypeKind::Alias(_) => return None,
            };
            Some(quote! {
                #[cfg(feature = "validate")]
                impl crate::runtime::Validate for #name {
                    #[allow(unused_variables)]
                    fn validate_at(&self, path: &crate::runtime::Path<'_>, errors: &mut crate::runtime::ValidationErrors) {
                        #body
                    }
                }
            })
        });
    quote! { #(#impls)* }
}

/// Checks of `value` (an expression of type `&T` for the Rust type of `ty`)
/// at `path` (an expression of type `&Path`); empty when there is nothing to check.
pub fn value_checks(
    program: &Program,
    module: ModuleId,
    ty: &TypeRef,
    constraints: &Constraints,
    value: TokenStream,
    path: TokenStream,
    request_types: &BTreeSet<TypeId>,
) -> TokenStream {
    let _ = module;
    match ty {
        TypeRef::Named(id) => {
            let def = program.type_def(*id);
            match &def.kind {
                TypeKind::Alias(target) => {
                    let merged = merge(constraints, &def.constraints);
                    value_checks(program, module, target, &merged, value, path, request_types)
                }
                TypeKind::Enum(_) => quote! {},
                _ if request_types.contains(id) => {
                    quote! { crate::runtime::Validate::validate_at(#value, #path, errors); }
                }
                _ => quote! {},
            }
        }
        TypeRef::String => {
            let mut checks = Vec::new();
            if constraints.min_length.is_some() || constraints.max_length.is_some() {
                let (min, max) = (
                    option_usize(constraints.min_length),
                    option_usize(constraints.max_length),
                );
                checks.push(quote! { crate::runtime::check_count(errors, #path, #value.chars().count(), #min, #max, "characters"); });
            }
            if let Some(pattern) = &constraints.pattern {
                checks.push(quote! {
                    static PATTERN: crate::runtime::Pattern = crate::runtime::Pattern::new(#pattern);
                    PATTERN.check(errors, #path, #value);
                });
            }
            if checks.is_empty() {
                quote! {}
            } else {
                quote! { { #(#checks)* } }
            }
        }
        TypeRef::Int(_) | TypeRef::Float(_) => {
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
            quote! { crate::runtime::check_number(errors, #path, *#value as f64, #min, #max, #multiple); }
        }
        TypeRef::Vec(inner) => {
            let mut checks = Vec::new();
            if constraints.min_items.is_some() || constraints.max_items.is_some() {
                let (min, max) = (option_usize(constraints.min_items), option_usize(constraints.max_items));
                checks.push(quote! { crate::runtime::check_count(errors, #path, #value.len(), #min, #max, "items"); });
            }
            let item_constraints = constraints.items.as_deref().cloned().unwrap_or_default();
            let item = value_checks(
                program,
                module,
                inner,
                &item_constraints,
                quote! { item },
                quote! { &path.index(i) },
                request_types,
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
                module,
                inner,
                &Constraints::default(),
                quote! { item },
                quote! { &path.key(key) },
                request_types,
            );
            if item.is_empty() {
                quote! {}
            } else {
                quote! { { let path = #path; for (key, item) in #value.iter() { #item } } }
            }
        }
        TypeRef::Nullable(inner) => {
            let check = value_checks(
                program,
                module,
                inner,
                constraints,
                quote! { inner },
                path,
                request_types,
            );
            if check.is_empty() {
                quote! {}
            } else {
                quote! { if let Some(inner) = #value { #check } }
            }
        }
        TypeRef::Bool | TypeRef::Json | TypeRef::JsonObject => quote! {},
    }
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
