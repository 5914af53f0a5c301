//! Checks over the lowered program that warn a maintainer without stopping
//! generation: examples that contradict their schema, components nothing
//! uses.

use serde_json::Value;

use crate::ir::{EnumRepr, Program, TypeId, TypeKind, TypeRef};

/// Where and how `value` contradicts `ty`, or `None` when it fits.
pub fn example_mismatch(program: &Program, ty: &TypeRef, value: &Value) -> Option<String> {
    mismatch(program, ty, value, "", 0)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn mismatch(program: &Program, ty: &TypeRef, value: &Value, at: &str, depth: usize) -> Option<String> {
    // Examples are finite trees, but recursive types could be walked forever
    // through aliases; a generous bound keeps this linear.
    if depth > 64 {
        return None;
    }
    let expected = |what: &str| {
        Some(format!(
            "at `{}`: expected {what}, found {}",
            display(at),
            kind_of(value)
        ))
    };
    match ty {
        TypeRef::Json => None,
        TypeRef::JsonObject | TypeRef::Map(_) if !value.is_object() => expected("an object"),
        TypeRef::JsonObject => None,
        TypeRef::Map(inner) => value.as_object().and_then(|map| {
            map.iter()
                .find_map(|(k, v)| mismatch(program, inner, v, &format!("{at}/{k}"), depth + 1))
        }),
        TypeRef::String => (!value.is_string()).then(|| expected("a string")).flatten(),
        TypeRef::Bool => (!value.is_boolean()).then(|| expected("a boolean")).flatten(),
        TypeRef::Int(_) => (!(value.is_i64() || value.is_u64()))
            .then(|| expected("an integer"))
            .flatten(),
        TypeRef::Float(_) => (!value.is_number()).then(|| expected("a number")).flatten(),
        TypeRef::Vec(inner) => match value.as_array() {
            None => expected("an array"),
            Some(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, v)| mismatch(program, inner, v, &format!("{at}/{i}"), depth + 1)),
        },
        TypeRef::Nullable(inner) => {
            if value.is_null() {
                None
            } else {
                mismatch(program, inner, value, at, depth + 1)
            }
        }
        TypeRef::Named(id) => named_mismatch(program, *id, value, at, depth),
    }
}

fn named_mismatch(program: &Program, id: TypeId, value: &Value, at: &str, depth: usize) -> Option<String> {
    let def = program.type_def(id);
    match &def.kind {
        TypeKind::Alias(target) => mismatch(program, target, value, at, depth + 1),
        TypeKind::Enum(e) => {
            let listed = e.variants.iter().any(|v| v.value == *value);
            let right_kind = match e.repr {
                EnumRepr::String => value.is_string(),
                EnumRepr::Integer => value.is_i64(),
            };
            (!listed || !right_kind).then(|| {
                format!(
                    "at `{}`: {value} is not one of the values of `{}`",
                    display(at),
                    def.name
                )
            })
        }
        TypeKind::Union(u) => {
            let fits = u
                .variants
                .iter()
                .any(|v| mismatch(program, &v.ty, value, at, depth + 1).is_none());
            (!fits).then(|| format!("at `{}`: fits none of the variants of `{}`", display(at), def.name))
        }
        TypeKind::Struct(s) => {
            let Some(map) = value.as_object() else {
                return Some(format!(
                    "at `{}`: expected an object, found {}",
                    display(at),
                    kind_of(value)
                ));
            };
            for field in &s.fields {
                if field.flatten {
                    continue;
                }
                match map.get(&field.wire_name) {
                    None if field.required => {
                        return Some(format!(
                            "at `{}`: required property `{}` is missing",
                            display(at),
                            field.wire_name
                        ));
                    }
                    None => {}
                    Some(Value::Null) if field.nullable => {}
                    Some(v) => {
                        let found = mismatch(program, &field.ty, v, &format!("{at}/{}", field.wire_name), depth + 1);
                        if found.is_some() {
                            return found;
                        }
                    }
                }
            }
            if s.additional.is_none()
                && !s.fields.iter().any(|f| f.flatten)
                && let Some(extra) = map.keys().find(|k| !s.fields.iter().any(|f| &f.wire_name == *k))
            {
                return Some(format!("at `{}`: property `{extra}` is not in the schema", display(at)));
            }
            None
        }
    }
}

fn display(at: &str) -> &str {
    if at.is_empty() { "/" } else { at }
}

/// Component schemas that no operation reaches, directly or through other types.
pub fn unused_components(program: &Program) -> Vec<TypeId> {
    let operations = program.modules.iter().flat_map(|m| &m.operations);
    let roots = operations.flat_map(|op| {
        let parameters = op.parameters.iter().map(|p| &p.ty);
        let request = op.request_body.iter().flat_map(|b| b.type_refs());
        let responses = op
            .responses
            .iter()
            .filter_map(|r| r.body.as_ref())
            .flat_map(|b| b.type_refs());
        parameters.chain(request).chain(responses)
    });
    let webhooks = program
        .modules
        .iter()
        .flat_map(|m| &m.webhooks)
        .filter_map(|w| w.body.as_ref())
        .flat_map(|b| b.type_refs());
    let reached = program.reachable(roots.chain(webhooks));
    let any_operations = program
        .modules
        .iter()
        .any(|m| !m.operations.is_empty() || !m.webhooks.is_empty());
    program
        .types
        .iter()
        .filter(|t| any_operations && t.origin.contains("#/components/schemas/") && !reached.contains(&t.id))
        .map(|t| t.id)
        .collect()
}
