//! Request bodies that a response of the same resource can fill, so that
//! GET → modify → PUT takes a few lines:
//!
//! ```yaml
//! /{id}:
//!   get: {responses: {'200': {content: {application/json: {schema: {$ref: Application}}}}}}
//!   put: {requestBody: {content: {application/json: {schema: {$ref: UpdateRequest}}}}}
//! ```
//! gives `impl From<&Application> for UpdateRequest` (for `put` and `patch`)
//! when every field of
//! `UpdateRequest` is in `Application` with the same wire name and type
//! (optional fields may be missing: they become `None`), and a required
//! field is required in both.

use crate::ir::{Conversion, FieldSource, Method, Program, Struct, TypeId, TypeKind, TypeRef};

pub fn find_conversions(program: &mut Program) {
    for index in 0..program.modules.len() {
        let module = &program.modules[index];
        let mut found: Vec<Conversion> = Vec::new();
        for reader in module.operations.iter().filter(|op| op.method == Method::Get) {
            let sources = reader
                .responses
                .iter()
                .filter(|r| r.is_success())
                .filter_map(|r| r.body.as_ref()?.ty.as_ref().and_then(named));
            for from in sources {
                let writers = module
                    .operations
                    .iter()
                    .filter(|op| op.path == reader.path && matches!(op.method, Method::Put | Method::Patch));
                for to in writers.filter_map(|op| op.request_body.as_ref()?.ty.as_ref().and_then(named)) {
                    if from == to || found.iter().any(|c| c.from == from && c.to == to) {
                        continue;
                    }
                    if let Some(conversion) = conversion(program, from, to) {
                        found.push(conversion);
                    }
                }
            }
        }
        program.modules[index].conversions = found;
    }
}

fn named(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    }
}

fn struct_of(program: &Program, id: TypeId) -> Option<&Struct> {
    match &program.type_def(id).kind {
        TypeKind::Struct(s) => Some(s),
        _ => None,
    }
}

fn conversion(program: &Program, from: TypeId, to: TypeId) -> Option<Conversion> {
    let source = struct_of(program, from)?;
    let target = struct_of(program, to)?;
    let mut fields = Vec::new();
    for field in &target.fields {
        if field.flatten {
            return None;
        }
        let matching = source
            .fields
            .iter()
            .find(|f| f.wire_name == field.wire_name && !f.flatten && f.ty == field.ty && f.boxed == field.boxed);
        let required = |f: &crate::ir::Field| f.required && !f.nullable;
        fields.push(match matching {
            None if !field.required && !field.nullable => FieldSource::Absent,
            None => return None,
            Some(f) if f.required == field.required && f.nullable == field.nullable => {
                FieldSource::Same(f.name.clone())
            }
            Some(f) if required(f) && !field.required && !field.nullable => FieldSource::Wrapped(f.name.clone()),
            Some(_) => return None,
        });
    }
    if fields.iter().all(|f| *f == FieldSource::Absent) {
        return None;
    }
    let additional = match (&source.additional, &target.additional) {
        (Some(a), Some(b)) if a.value == b.value => true,
        (_, Some(_)) | (_, None) => false,
    };
    Some(Conversion {
        from,
        to,
        fields,
        additional,
    })
}
