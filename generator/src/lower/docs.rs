//! What rustdoc says about a type or field: the spec's own words, then its
//! constraints, default and example.

use openapiv3::{Schema, SchemaKind, Type};
use serde_json::Value;

use crate::ir::Docs;

pub fn schema_docs(schema: &Schema) -> Docs {
    let data = &schema.schema_data;
    let mut notes = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            if let openapiv3::VariantOrUnknownOrEmpty::Unknown(format) = &s.format {
                notes.push(format!("Format: `{format}`."));
            } else if let openapiv3::VariantOrUnknownOrEmpty::Item(format) = &s.format {
                notes.push(format!(
                    "Format: `{}`.",
                    serde_json::to_value(format)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_string))
                        .unwrap_or_default()
                ));
            }
            length_notes(&mut notes, s.min_length, s.max_length, "length");
            if let Some(pattern) = &s.pattern {
                notes.push(format!("Pattern: `{}`.", pattern.replace('`', "\\`")));
            }
        }
        SchemaKind::Type(Type::Integer(i)) => {
            range_notes(
                &mut notes,
                i.minimum.map(|v| v.to_string()),
                i.exclusive_minimum,
                i.maximum.map(|v| v.to_string()),
                i.exclusive_maximum,
            );
            if let Some(m) = i.multiple_of {
                notes.push(format!("Multiple of {m}."));
            }
        }
        SchemaKind::Type(Type::Number(n)) => {
            range_notes(
                &mut notes,
                n.minimum.map(|v| v.to_string()),
                n.exclusive_minimum,
                n.maximum.map(|v| v.to_string()),
                n.exclusive_maximum,
            );
        }
        SchemaKind::Type(Type::Array(a)) => {
            length_notes(&mut notes, a.min_items, a.max_items, "items");
            if a.unique_items {
                notes.push("Items are unique.".to_string());
            }
        }
        SchemaKind::Any(any) => {
            if let Some(format) = &any.format {
                notes.push(format!("Format: `{format}`."));
            }
            length_notes(&mut notes, any.min_length, any.max_length, "length");
            length_notes(&mut notes, any.min_items, any.max_items, "items");
            if let Some(pattern) = &any.pattern {
                notes.push(format!("Pattern: `{}`.", pattern.replace('`', "\\`")));
            }
            range_notes(
                &mut notes,
                any.minimum.map(|v| v.to_string()),
                any.exclusive_minimum.unwrap_or(false),
                any.maximum.map(|v| v.to_string()),
                any.exclusive_maximum.unwrap_or(false),
            );
        }
        _ => {}
    }
    if let Some(default) = &data.default {
        notes.push(format!("Default: `{}`.", compact(default)));
    }
    if data.read_only {
        notes.push("Read-only: sent by the server, ignored in requests.".to_string());
    }
    if data.write_only {
        notes.push("Write-only: sent in requests, never returned.".to_string());
    }
    Docs {
        title: data.title.clone(),
        description: data.description.clone(),
        notes,
        example: data.example.clone(),
        deprecated: data.deprecated,
    }
}

/// OpenAPI 3.0 ignores siblings of `$ref`, but specs often put a
/// description there for the reader; rustdoc keeps it.
pub fn ref_sibling_docs(node: Option<&Value>) -> Docs {
    let text = |key: &str| {
        node.and_then(|n| n.get(key))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Docs {
        title: None,
        description: text("description"),
        notes: Vec::new(),
        example: None,
        deprecated: node
            .and_then(|n| n.get("deprecated"))
            .and_then(Value::as_bool)
            .unwrap_or(false),
    }
}

fn length_notes(notes: &mut Vec<String>, min: Option<usize>, max: Option<usize>, what: &str) {
    match (min, max) {
        (Some(min), Some(max)) => notes.push(format!("{} {min} to {max}.", capitalise(what))),
        (Some(min), None) => notes.push(format!("Minimum {what} {min}.")),
        (None, Some(max)) => notes.push(format!("Maximum {what} {max}.")),
        (None, None) => {}
    }
}

fn range_notes(
    notes: &mut Vec<String>,
    min: Option<String>,
    exclusive_min: bool,
    max: Option<String>,
    exclusive_max: bool,
) {
    if let Some(min) = min {
        notes.push(if exclusive_min {
            format!("Greater than {min}.")
        } else {
            format!("Minimum {min}.")
        });
    }
    if let Some(max) = max {
        notes.push(if exclusive_max {
            format!("Less than {max}.")
        } else {
            format!("Maximum {max}.")
        });
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

pub fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
