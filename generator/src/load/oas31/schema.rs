//! One 3.1 schema rewritten into its 3.0 spelling (see the table in the
//! module above). Only the schema's own keys are touched; its subschemas
//! are rewritten when the walk reaches them.

use serde_json::{Map, Value};

use super::Rewrite;
use crate::error::WarningKind;

/// Keys beside a `$ref` that change nothing about the type it names.
fn is_inert_beside_ref(key: &str) -> bool {
    key == "$ref" || key.starts_with("x-") || matches!(key, "$comment" | "$id" | "$anchor" | "$schema")
}

/// Keywords that apply to one `type` only, moved into that type's branch
/// when a `type` array is split.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &[
            "minLength",
            "maxLength",
            "pattern",
            "format",
            "contentEncoding",
            "contentMediaType",
        ],
        "integer" | "number" => &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
        "array" => &[
            "items",
            "prefixItems",
            "minItems",
            "maxItems",
            "uniqueItems",
            "contains",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "patternProperties",
            "propertyNames",
        ],
        _ => &[],
    }
}

/// JSON Schema keywords with no 3.0 spelling: documented, not checked.
const UNCHECKED: [&str; 10] = [
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "patternProperties",
    "propertyNames",
    "contains",
    "if",
    "$dynamicRef",
    "minContains",
];

pub(super) fn rewrite(rw: &mut Rewrite, map: &mut Map<String, Value>) {
    warn_3_0_spellings(rw, map);
    ref_with_siblings(map);
    type_array(rw, map);
    null_alternative(map);
    if let Some(value) = map.get("const").cloned()
        && !map.contains_key("enum")
    {
        map.insert("enum".to_string(), Value::Array(vec![value]));
    }
    if let Some(Value::Array(examples)) = map.shift_remove("examples")
        && let Some(first) = examples.into_iter().next()
    {
        map.entry("example").or_insert(first);
    }
    exclusive_bound(map, "exclusiveMinimum", "minimum", |bound, n| n >= bound);
    exclusive_bound(map, "exclusiveMaximum", "maximum", |bound, n| n <= bound);
    content_format(map);
    prefix_items(rw, map);
    for keyword in UNCHECKED {
        if map.contains_key(keyword) {
            rw.warn(
                WarningKind::Unchecked,
                format!("`{keyword}` is documented but not checked: OpenAPI 3.0 has no equivalent"),
            );
        }
    }
}

/// `nullable` and boolean `exclusiveMinimum` are 3.0; a 3.1 document that
/// still uses them means what 3.0 means.
fn warn_3_0_spellings(rw: &mut Rewrite, map: &Map<String, Value>) {
    if map.contains_key("nullable") {
        rw.warn(
            WarningKind::NonStandard,
            "`nullable` is OpenAPI 3.0; in 3.1 it is `type: [..., \"null\"]`; read as 3.0's".to_string(),
        );
    }
    for keyword in ["exclusiveMinimum", "exclusiveMaximum"] {
        if map.get(keyword).is_some_and(Value::is_boolean) {
            rw.warn(
                WarningKind::NonStandard,
                format!("boolean `{keyword}` is OpenAPI 3.0; in 3.1 it is the bound itself; read as 3.0's"),
            );
        }
    }
}

/// In 3.1 a `$ref` is one keyword among others, all of which apply; as the
/// first part of an `allOf` it is that in 3.0 too.
fn ref_with_siblings(map: &mut Map<String, Value>) {
    if !map.contains_key("$ref") || map.keys().all(|k| is_inert_beside_ref(k)) {
        return;
    }
    let Some(reference) = map.shift_remove("$ref") else {
        return;
    };
    let part = Value::Object(Map::from_iter([("$ref".to_string(), reference)]));
    prepend_all_of(map, part);
}

fn prepend_all_of(map: &mut Map<String, Value>, part: Value) {
    match map.get_mut("allOf") {
        Some(Value::Array(parts)) => parts.insert(0, part),
        _ => {
            map.insert("allOf".to_string(), Value::Array(vec![part]));
        }
    }
}

fn mark_nullable(map: &mut Map<String, Value>) {
    map.insert("nullable".to_string(), Value::Bool(true));
    // 3.1 lists `null` among the values of a nullable enum; 3.0 does not need to.
    if let Some(Value::Array(values)) = map.get_mut("enum") {
        values.retain(|v| !v.is_null());
    }
}

/// `type: [T, "null"]` is 3.0's `nullable`; several types are one branch each.
fn type_array(rw: &mut Rewrite, map: &mut Map<String, Value>) {
    let types: Vec<String> = match map.get("type") {
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).map(str::to_string).collect(),
        Some(Value::String(ty)) if ty == "null" => vec![ty.clone()],
        _ => return,
    };
    // An unknown name is left for lowering to report, at the `type` the file has.
    if let Some(unknown) = types.iter().find(|t| !is_known_type(t)) {
        map.insert("type".to_string(), Value::String(unknown.clone()));
        return;
    }
    let mut kept: Vec<String> = types.iter().filter(|t| *t != "null").cloned().collect();
    kept.dedup();
    if kept.len() < types.len() {
        mark_nullable(map);
    }
    match kept.as_slice() {
        [] => {
            map.shift_remove("type");
        }
        [one] => {
            map.insert("type".to_string(), Value::String(one.clone()));
        }
        _ => split_types(rw, map, &kept),
    }
}

/// `type: [string, integer]` → `anyOf: [{type: string, …}, {type: integer, …}]`,
/// each branch with the keywords and enum values of its type.
fn split_types(rw: &mut Rewrite, map: &mut Map<String, Value>, types: &[String]) {
    map.shift_remove("type");
    let values = match map.shift_remove("enum") {
        Some(Value::Array(values)) => Some(values),
        _ => None,
    };
    let mut branches = Vec::new();
    for ty in types {
        let mut branch = Map::new();
        branch.insert("type".to_string(), Value::String(ty.clone()));
        for &keyword in keywords_of(ty) {
            if let Some(value) = map.get(keyword) {
                branch.insert(keyword.to_string(), value.clone());
            }
        }
        if let Some(values) = &values {
            let of_type: Vec<Value> = values.iter().filter(|v| value_has_type(v, ty)).cloned().collect();
            if !of_type.is_empty() {
                branch.insert("enum".to_string(), Value::Array(of_type));
            }
        }
        branches.push(Value::Object(branch));
    }
    for ty in types {
        for keyword in keywords_of(ty) {
            map.shift_remove(*keyword);
        }
    }
    if map.contains_key("anyOf") || map.contains_key("oneOf") {
        // The schema is already a union: the type union is one more condition on it.
        let part = Value::Object(Map::from_iter([("anyOf".to_string(), Value::Array(branches))]));
        prepend_all_of(map, part);
        rw.warn(
            WarningKind::Approximated,
            "a `type` array beside `anyOf`/`oneOf` is read as one more `allOf` part".to_string(),
        );
    } else {
        map.insert("anyOf".to_string(), Value::Array(branches));
    }
}

fn is_known_type(ty: &str) -> bool {
    matches!(
        ty,
        "null" | "string" | "integer" | "number" | "boolean" | "array" | "object"
    )
}

fn value_has_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

/// A schema that admits only `null`: `{type: "null"}`, `{type: ["null"]}`,
/// `{const: null}`, `{enum: [null]}`, with nothing else but annotations.
fn is_null_schema(value: &Value) -> bool {
    let Some(map) = value.as_object() else {
        return false;
    };
    let null_type = match map.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(ts)) => ts.iter().all(|t| t == "null") && !ts.is_empty(),
        _ => false,
    };
    let null_const = map.get("const") == Some(&Value::Null)
        || map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| v.iter().all(Value::is_null) && !v.is_empty());
    (null_type || null_const)
        && map.keys().all(|k| {
            k.starts_with("x-")
                || matches!(
                    k.as_str(),
                    "type" | "const" | "enum" | "description" | "title" | "$comment"
                )
        })
}

/// `anyOf: [X, {type: "null"}]` is 3.0's `allOf: [X]` with `nullable: true`.
fn null_alternative(map: &mut Map<String, Value>) {
    for keyword in ["anyOf", "oneOf"] {
        let Some(Value::Array(parts)) = map.get_mut(keyword) else {
            continue;
        };
        if !parts.iter().any(is_null_schema) || parts.len() < 2 {
            continue;
        }
        parts.retain(|p| !is_null_schema(p));
        let single = (parts.len() == 1 && !map.contains_key("discriminator")).then(|| map.shift_remove(keyword));
        if let Some(Some(Value::Array(mut only))) = single
            && let Some(part) = only.pop()
        {
            prepend_all_of(map, part);
        }
        mark_nullable(map);
    }
}

/// 3.1's numeric `exclusiveMinimum: n` is 3.0's `minimum: n` with
/// `exclusiveMinimum: true`; a `minimum` that is already tighter wins.
fn exclusive_bound(map: &mut Map<String, Value>, exclusive: &str, inclusive: &str, tighter: fn(f64, f64) -> bool) {
    let Some(bound) = map.get(exclusive).filter(|v| v.is_number()).cloned() else {
        return;
    };
    let existing = map.get(inclusive).and_then(Value::as_f64);
    match (bound.as_f64(), existing) {
        (Some(b), Some(n)) if n != b && tighter(b, n) => {
            map.shift_remove(exclusive);
        }
        _ => {
            map.insert(inclusive.to_string(), bound);
            map.insert(exclusive.to_string(), Value::Bool(true));
        }
    }
}

/// 3.0 says "binary data" and "base64 data" with `format`.
fn content_format(map: &mut Map<String, Value>) {
    if map.contains_key("format") {
        return;
    }
    let encoding = map.get("contentEncoding").and_then(Value::as_str);
    let media_type = map.get("contentMediaType").and_then(Value::as_str);
    let format = match (encoding, media_type) {
        (Some(e), _) if e.eq_ignore_ascii_case("base64") || e.eq_ignore_ascii_case("base64url") => "byte",
        (None, Some("application/octet-stream")) => "binary",
        _ => return,
    };
    map.insert("format".to_string(), Value::String(format.to_string()));
}

/// A tuple has no 3.0 spelling: it is read as a list of its items' type
/// when they are all one, of any value otherwise.
fn prefix_items(rw: &mut Rewrite, map: &mut Map<String, Value>) {
    let Some(Value::Array(items)) = map.get("prefixItems") else {
        return;
    };
    let same = items.first().filter(|first| items.iter().all(|i| i == *first)).cloned();
    let read_as = match (map.get("items"), same) {
        (Some(_), _) => "a list of its `items`",
        (None, Some(first)) => {
            map.insert("items".to_string(), first);
            "a list of its one item type"
        }
        (None, None) => "a list of any JSON values",
    };
    rw.warn(
        WarningKind::Approximated,
        format!("`prefixItems` (a tuple) has no OpenAPI 3.0 spelling; read as {read_as}"),
    );
}
