//! What a schema is, in one place: `openapiv3` spreads the same shape over
//! typed variants and its catch-all `AnySchema`; this folds both into one view.

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// Properties of an object schema, wherever `openapiv3` put them.
pub struct ObjectParts<'s> {
    pub properties: &'s IndexMap<String, ReferenceOr<Box<Schema>>>,
    pub required: &'s [String],
    pub additional: Option<&'s AdditionalProperties>,
}

impl ObjectParts<'_> {
    pub fn is_empty(&self) -> bool {
        self.properties.is_empty()
    }
}

pub enum Shape<'s> {
    Object(ObjectParts<'s>),
    Array(Option<&'s ReferenceOr<Box<Schema>>>),
    String {
        values: Vec<Value>,
    },
    Integer {
        format: Option<String>,
        values: Vec<Value>,
    },
    Number {
        format: Option<String>,
    },
    Boolean,
    AllOf {
        parts: &'s [ReferenceOr<Schema>],
        own: Option<ObjectParts<'s>>,
    },
    OneOf(&'s [ReferenceOr<Schema>]),
    AnyOf(&'s [ReferenceOr<Schema>]),
    /// No constraint on the value (`{}`, `not`, or a `type` with nothing else).
    Any,
}

/// The shape of `schema`, or the name of a `type` this generator does not know.
pub fn shape_of(schema: &Schema) -> Result<Shape<'_>, String> {
    Ok(match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Shape::Object(ObjectParts {
            properties: &o.properties,
            required: &o.required,
            additional: o.additional_properties.as_ref(),
        }),
        SchemaKind::Type(Type::Array(a)) => Shape::Array(a.items.as_ref()),
        SchemaKind::Type(Type::String(s)) => Shape::String {
            values: s
                .enumeration
                .iter()
                .map(|v| v.clone().map_or(Value::Null, Value::String))
                .collect(),
        },
        SchemaKind::Type(Type::Integer(i)) => Shape::Integer {
            format: format_name(&i.format, integer_format_name),
            values: i
                .enumeration
                .iter()
                .map(|v| v.map_or(Value::Null, Value::from))
                .collect(),
        },
        SchemaKind::Type(Type::Number(n)) => Shape::Number {
            format: format_name(&n.format, number_format_name),
        },
        SchemaKind::Type(Type::Boolean(_)) => Shape::Boolean,
        SchemaKind::AllOf { all_of } => Shape::AllOf {
            parts: all_of,
            own: None,
        },
        SchemaKind::OneOf { one_of } => Shape::OneOf(one_of),
        SchemaKind::AnyOf { any_of } => Shape::AnyOf(any_of),
        SchemaKind::Not { .. } => Shape::Any,
        SchemaKind::Any(any) => {
            let object = ObjectParts {
                properties: &any.properties,
                required: &any.required,
                additional: any.additional_properties.as_ref(),
            };
            if !any.all_of.is_empty() {
                Shape::AllOf {
                    parts: &any.all_of,
                    own: (!object.is_empty()).then_some(object),
                }
            } else if !any.one_of.is_empty() {
                Shape::OneOf(&any.one_of)
            } else if !any.any_of.is_empty() {
                Shape::AnyOf(&any.any_of)
            } else {
                match any.typ.as_deref() {
                    Some("object") => Shape::Object(object),
                    Some("array") => Shape::Array(any.items.as_ref()),
                    Some("string") => Shape::String {
                        values: any.enumeration.clone(),
                    },
                    Some("integer") => Shape::Integer {
                        format: any.format.clone(),
                        values: any.enumeration.clone(),
                    },
                    Some("number") => Shape::Number {
                        format: any.format.clone(),
                    },
                    Some("boolean") => Shape::Boolean,
                    Some(other) => return Err(other.to_string()),
                    None if !object.is_empty() || object.additional.is_some() => Shape::Object(object),
                    None if any.items.is_some() => Shape::Array(any.items.as_ref()),
                    None if !any.enumeration.is_empty() => infer_enum(&any.enumeration, any.format.clone()),
                    None if any.pattern.is_some() || any.min_length.is_some() || any.max_length.is_some() => {
                        Shape::String { values: Vec::new() }
                    }
                    None => Shape::Any,
                }
            }
        }
    })
}

/// An `enum` without a `type`: the values decide.
fn infer_enum(values: &[Value], format: Option<String>) -> Shape<'_> {
    let non_null = values.iter().filter(|v| !v.is_null());
    if non_null.clone().all(Value::is_string) {
        Shape::String {
            values: values.to_vec(),
        }
    } else if non_null.clone().all(|v| v.is_i64() || v.is_u64()) {
        Shape::Integer {
            format,
            values: values.to_vec(),
        }
    } else {
        Shape::Any
    }
}

fn format_name<T>(format: &VariantOrUnknownOrEmpty<T>, known: fn(&T) -> &'static str) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(known(item).to_string()),
        VariantOrUnknownOrEmpty::Unknown(other) => Some(other.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn integer_format_name(format: &IntegerFormat) -> &'static str {
    match format {
        IntegerFormat::Int32 => "int32",
        IntegerFormat::Int64 => "int64",
    }
}

fn number_format_name(format: &NumberFormat) -> &'static str {
    match format {
        NumberFormat::Float => "float",
        NumberFormat::Double => "double",
    }
}
