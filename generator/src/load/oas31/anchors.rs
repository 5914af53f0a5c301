//! `$ref`s that name a schema by its `$anchor` (`#pet`) or by its `$id`
//! (`https://example.com/schemas/pet`, as written there) become JSON
//! pointers to it, which is all the resolution later stages know. `$id`s
//! are compared as written: a relative `$id` is not resolved against the
//! base of the schema around it, which the specs seen in practice never need.

use std::collections::HashMap;

use serde_json::Value;

use crate::error::escape_pointer_segment;

/// Keys whose values are data, never schemas.
fn is_data(key: &str) -> bool {
    key.starts_with("x-") || matches!(key, "example" | "examples" | "default" | "enum" | "const")
}

pub(super) fn resolve(root: &mut Value) {
    let mut names = HashMap::new();
    collect(root, &mut String::new(), &mut names);
    if !names.is_empty() {
        rewrite(root, &names);
    }
}

/// Every `$anchor` (as `#name`) and `$id` of the document, with the
/// pointer of the schema that declares it.
fn collect(value: &Value, pointer: &mut String, names: &mut HashMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(anchor) = map.get("$anchor").and_then(Value::as_str) {
                names.entry(format!("#{anchor}")).or_insert_with(|| pointer.clone());
            }
            if let Some(id) = map.get("$id").and_then(Value::as_str) {
                names
                    .entry(id.trim_end_matches('#').to_string())
                    .or_insert_with(|| pointer.clone());
            }
            for (key, child) in map {
                if is_data(key) {
                    continue;
                }
                let length = pointer.len();
                pointer.push('/');
                pointer.push_str(&escape_pointer_segment(key));
                collect(child, pointer, names);
                pointer.truncate(length);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let length = pointer.len();
                pointer.push_str(&format!("/{i}"));
                collect(child, pointer, names);
                pointer.truncate(length);
            }
        }
        _ => {}
    }
}

fn rewrite(value: &mut Value, names: &HashMap<String, String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref")
                && let Some(pointer) = target(reference, names)
            {
                *reference = format!("#{pointer}");
            }
            for (key, child) in map.iter_mut() {
                if !is_data(key) {
                    rewrite(child, names);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|child| rewrite(child, names)),
        _ => {}
    }
}

/// The pointer a `$ref` means when it names an anchor or an `$id`
/// (optionally followed by a pointer into that schema).
fn target(reference: &str, names: &HashMap<String, String>) -> Option<String> {
    if let Some(pointer) = names.get(reference) {
        return Some(pointer.clone());
    }
    let (base, fragment) = reference.split_once('#')?;
    if base.is_empty() || !(fragment.is_empty() || fragment.starts_with('/')) {
        return None;
    }
    names.get(base).map(|pointer| format!("{pointer}{fragment}"))
}
