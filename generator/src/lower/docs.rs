//! What a schema says beyond its type: constraints, and the rustdoc of a
//! type or field — the spec's own words, then constraints, default, example.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

use crate::ir::{Constraints, Docs};

/// The constraints of a schema, wherever `openapiv3` keeps them.
pub fn constraints_of(schema: &Schema) -> Constraints {
    let mut c = Constraints::default();
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => {
            c.min_length = s.min_length;
            c.max_length = s.max_length;
            c.pattern = s.pattern.clone();
        }
        SchemaKind::Type(Type::Integer(i)) => {
            c.minimum = i.minimum.map(|v| v as f64);
            c.maximum = i.maximum.map(|v| v as f64);
            c.exclusive_minimum = i.exclusive_minimum;
            c.exclusive_maximum = i.exclusive_maximum;
            c.multiple_of = i.multiple_of.map(|v| v as f64);
        }
        SchemaKind::Type(Type::Number(n)) => {
            c.minimum = n.minimum;
            c.maximum = n.maximum;
            c.exclusive_minimum = n.exclusive_minimum;
            c.exclusive_maximum = n.exclusive_maximum;
            c.multiple_of = n.multiple_of;
        }
        SchemaKind::Type(Type::Array(a)) => {
            c.min_items = a.min_items;
            c.max_items = a.max_items;
            c.unique_items = a.unique_items;
            c.items = item_constraints(a.items.as_ref());
        }
        SchemaKind::Any(any) => {
            c.min_length = any.min_length;
            c.max_length = any.max_length;
            c.pattern = any.pattern.clone();
            c.minimum = any.minimum;
            c.maximum = any.maximum;
            c.exclusive_minimum = any.exclusive_minimum.unwrap_or(false);
            c.exclusive_maximum = any.exclusive_maximum.unwrap_or(false);
            c.multiple_of = any.multiple_of;
            c.min_items = any.min_items;
            c.max_items = any.max_items;
            c.unique_items = any.unique_items.unwrap_or(false);
            c.items = item_constraints(any.items.as_ref());
        }
        _ => {}
    }
    c
}

fn item_constraints(items: Option<&ReferenceOr<Box<Schema>>>) -> Option<Box<Constraints>> {
    match items {
        Some(ReferenceOr::Item(item)) => Some(Box::new(constraints_of(item))).filter(|c| !c.is_empty()),
        _ => None,
    }
}

pub fn schema_docs(schema: &Schema) -> Docs {
    let data = &schema.schema_data;
    let mut notes = Vec::new();
    let format = format_of(schema);
    if let Some(format) = &format {
        notes.push(format!("Format: `{format}`."));
    }
    constraint_notes(&constraints_of(schema), &mut notes);
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
        example: data.example.clone().map(Box::new),
        deprecated: data.deprecated,
        format,
    }
}

fn format_of(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match &s.format {
            VariantOrUnknownOrEmpty::Unknown(format) => Some(format.clone()),
            VariantOrUnknownOrEmpty::Item(format) => serde_json::to_value(format)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string)),
            VariantOrUnknownOrEmpty::Empty => None,
        },
        SchemaKind::Any(any) => any.format.clone(),
        _ => None,
    }
}

/// The constraints as rustdoc sentences.
fn constraint_notes(c: &Constraints, notes: &mut Vec<String>) {
    length_notes(notes, c.min_length, c.max_length, "length");
    if let Some(pattern) = &c.pattern {
        notes.push(format!("Pattern: `{}`.", pattern.replace('`', "\\`")));
    }
    if let Some(min) = c.minimum {
        notes.push(if c.exclusive_minimum {
            format!("Greater than {min}.")
        } else {
            format!("Minimum {min}.")
        });
    }
    if let Some(max) = c.maximum {
        notes.push(if c.exclusive_maximum {
            format!("Less than {max}.")
        } else {
            format!("Maximum {max}.")
        });
    }
    if let Some(m) = c.multiple_of {
        notes.push(format!("Multiple of {m}."));
    }
    length_notes(notes, c.min_items, c.max_items, "items");
    if c.unique_items {
        notes.push("Items are unique.".to_string());
    }
    if let Some(items) = &c.items {
        let mut item_notes = Vec::new();
        constraint_notes(items, &mut item_notes);
        if !item_notes.is_empty() {
            notes.push(format!("Each item: {}", item_notes.join(" ")));
        }
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
        format: None,
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
