//! Paginated list operations, recognised from the shapes in the spec.
//!
//! Two conventions are known: page numbers (a `page` query parameter and a
//! `total_pages` response property, as in Vonage's Application API) and
//! cursors (a `cursor` query parameter and a HAL `_links.next.href`, as in
//! the Users API). In both, the items are the one array of the response or
//! of its `_embedded` object.

use super::names::{Scope, unraw};
use crate::ir::{
    Encoding, Field, FieldStep, Module, Operation, PageNext, Pagination, ParameterLocation, Program, TypeKind, TypeRef,
};

/// Gives every paginated operation its pagination and stream method name,
/// distinct from the client's other methods.
pub(crate) fn find_pagination(program: &mut Program, client_methods: &[&str]) {
    let mut found = Vec::new();
    for (m, module) in program.modules.iter().enumerate() {
        let mut scope = method_scope(module, client_methods);
        for (o, op) in module.operations.iter().enumerate() {
            if let Some(mut pagination) = detect(program, op) {
                pagination.stream = scope.claim(&format!("{}_stream", unraw(&op.name)), &op.name).0;
                found.push((m, o, pagination));
            }
        }
    }
    for (m, o, pagination) in found {
        program.modules[m].operations[o].pagination = Some(pagination);
    }
}

fn method_scope(module: &Module, client_methods: &[&str]) -> Scope {
    let mut scope = Scope::default();
    let names = client_methods
        .iter()
        .copied()
        .chain(module.operations.iter().map(|op| unraw(&op.name)))
        .chain(module.security_schemes.iter().map(|s| unraw(&s.setter)));
    for name in names {
        scope.reserve(name);
    }
    scope
}

fn detect(program: &Program, op: &Operation) -> Option<Pagination> {
    op.items.params.as_ref()?;
    // One page body; and a body argument cloned for each page.
    let clonable = |body: &crate::ir::Body| {
        matches!(
            body.encoding,
            Encoding::Json | Encoding::Form(_) | Encoding::Text | Encoding::Bytes
        )
    };
    if op.items.success.is_some() || op.request_body.as_ref().is_some_and(|b| !clonable(b)) {
        return None;
    }
    let query = |name: &str| {
        op.parameters
            .iter()
            .find(|p| p.location == ParameterLocation::Query && p.wire_name == name && !p.required)
    };
    let body = op
        .responses
        .iter()
        .find(|r| r.is_success())?
        .body
        .as_ref()?
        .ty
        .as_ref()?;
    let (items, item_type) = find_items(program, body)?;
    let next = if query("page").is_some_and(|p| matches!(p.ty, TypeRef::Int(_))) {
        let total_pages = field_path(program, body, &["total_pages"])?;
        matches!(total_pages.last()?.ty, TypeRef::Int(_)).then_some(PageNext::PageNumber {
            total_pages: steps(&total_pages),
        })?
    } else if query("cursor").is_some_and(|p| p.ty == TypeRef::String) {
        let next_href = field_path(program, body, &["_links", "next", "href"])?;
        (next_href.last()?.ty == TypeRef::String).then_some(PageNext::Cursor {
            next_href: steps(&next_href),
        })?
    } else {
        return None;
    };
    Some(Pagination {
        stream: String::new(),
        next,
        items: steps(&items),
        item_type,
    })
}

fn steps(fields: &[Field]) -> Vec<FieldStep> {
    fields
        .iter()
        .map(|f| FieldStep {
            name: f.name.clone(),
            required: f.required,
            nullable: f.nullable,
        })
        .collect()
}

fn struct_fields(program: &Program, ty: &TypeRef) -> Option<Vec<Field>> {
    match ty {
        TypeRef::Named(id) => match &program.type_def(*id).kind {
            TypeKind::Struct(s) => Some(s.fields.clone()),
            TypeKind::Alias(target) => struct_fields(program, target),
            _ => None,
        },
        _ => None,
    }
}

/// The fields to follow from `ty` through the given wire names.
fn field_path(program: &Program, ty: &TypeRef, wire_names: &[&str]) -> Option<Vec<Field>> {
    let mut path = Vec::new();
    let mut current = ty.clone();
    for wire in wire_names {
        let field = struct_fields(program, &current)?
            .into_iter()
            .find(|f| f.wire_name == *wire && !f.boxed && !f.flatten)?;
        current = field.ty.clone();
        path.push(field);
    }
    Some(path)
}

/// The one array of the body, or of its `_embedded` object.
fn find_items(program: &Program, body: &TypeRef) -> Option<(Vec<Field>, TypeRef)> {
    let only_array = |fields: &[Field]| {
        let arrays: Vec<&Field> = fields
            .iter()
            .filter(|f| matches!(f.ty, TypeRef::Vec(_)) && !f.boxed)
            .collect();
        match arrays.as_slice() {
            [one] => Some((*one).clone()),
            _ => None,
        }
    };
    let fields = struct_fields(program, body)?;
    if let Some(array) = only_array(&fields) {
        let TypeRef::Vec(item) = &array.ty else { return None };
        return Some((vec![array.clone()], (**item).clone()));
    }
    let embedded = fields.iter().find(|f| f.wire_name == "_embedded" && !f.boxed)?;
    let array = only_array(&struct_fields(program, &embedded.ty)?)?;
    let TypeRef::Vec(item) = &array.ty else { return None };
    Some((vec![embedded.clone(), array.clone()], (**item).clone()))
}
