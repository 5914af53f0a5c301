//! `openapiv3::Schema` read straight off the JSON tree.
//!
//! serde reads a `Schema` through `#[serde(flatten)]` and untagged enums,
//! which copy every node into a buffer before trying each shape, and a
//! nested schema is copied again at every level above it: on GitHub's spec
//! that was a third of lowering's time. This reads the same fields, in the
//! same way, and picks the same `SchemaKind` by the same rules, without a
//! copy. Anything it is not certain to read as serde does (a field of an
//! unexpected type, a node that is not an object) makes it give up, and
//! the caller lets serde read the node, with serde's error where there is
//! one: the result is always the one serde gives.

use openapiv3::{
    AdditionalProperties, AnySchema, ArrayType, BooleanType, Discriminator, ExternalDocumentation, IntegerType,
    NumberType, ObjectType, ReferenceOr, Schema, SchemaData, SchemaKind, StringType, Type,
};
use serde::Deserialize;
use serde_json::{Map, Number, Value};

/// A node this reader leaves to serde.
pub(super) struct Unusual;

pub(super) type Read<T> = Result<T, Unusual>;

/// The node as a schema, as `Schema::deserialize` reads it, or `None` where
/// serde is to read it.
pub(crate) fn schema(node: &Value) -> Option<Schema> {
    read_schema(node).ok()
}

pub(super) fn read_schema(node: &Value) -> Read<Schema> {
    let node = Node::new(node.as_object().ok_or(Unusual)?);
    Ok(Schema {
        schema_data: schema_data(&node)?,
        schema_kind: schema_kind(&node)?,
    })
}

/// Every key openapiv3 reads in a schema.
#[derive(Clone, Copy)]
enum Key {
    Type,
    Pattern,
    MultipleOf,
    ExclusiveMinimum,
    ExclusiveMaximum,
    Minimum,
    Maximum,
    Properties,
    Required,
    AdditionalProperties,
    MinProperties,
    MaxProperties,
    Items,
    MinItems,
    MaxItems,
    UniqueItems,
    Enum,
    Format,
    MinLength,
    MaxLength,
    OneOf,
    AllOf,
    AnyOf,
    Not,
    Nullable,
    ReadOnly,
    WriteOnly,
    Deprecated,
    ExternalDocs,
    Example,
    Title,
    Description,
    Discriminator,
    Default,
}

const KEYS: usize = Key::Default as usize + 1;

impl Key {
    fn of(name: &str) -> Option<Key> {
        Some(match name {
            "type" => Key::Type,
            "pattern" => Key::Pattern,
            "multipleOf" => Key::MultipleOf,
            "exclusiveMinimum" => Key::ExclusiveMinimum,
            "exclusiveMaximum" => Key::ExclusiveMaximum,
            "minimum" => Key::Minimum,
            "maximum" => Key::Maximum,
            "properties" => Key::Properties,
            "required" => Key::Required,
            "additionalProperties" => Key::AdditionalProperties,
            "minProperties" => Key::MinProperties,
            "maxProperties" => Key::MaxProperties,
            "items" => Key::Items,
            "minItems" => Key::MinItems,
            "maxItems" => Key::MaxItems,
            "uniqueItems" => Key::UniqueItems,
            "enum" => Key::Enum,
            "format" => Key::Format,
            "minLength" => Key::MinLength,
            "maxLength" => Key::MaxLength,
            "oneOf" => Key::OneOf,
            "allOf" => Key::AllOf,
            "anyOf" => Key::AnyOf,
            "not" => Key::Not,
            "nullable" => Key::Nullable,
            "readOnly" => Key::ReadOnly,
            "writeOnly" => Key::WriteOnly,
            "deprecated" => Key::Deprecated,
            "externalDocs" => Key::ExternalDocs,
            "example" => Key::Example,
            "title" => Key::Title,
            "description" => Key::Description,
            "discriminator" => Key::Discriminator,
            "default" => Key::Default,
            _ => return None,
        })
    }
}

/// A schema object's values by key, found in one pass over its entries:
/// looking each key up in the map would hash it, dozens of times a node.
struct Node<'v> {
    values: [Option<&'v Value>; KEYS],
    object: &'v Map<String, Value>,
}

impl<'v> Node<'v> {
    fn new(object: &'v Map<String, Value>) -> Self {
        let mut values = [None; KEYS];
        for (name, value) in object {
            if let Some(key) = Key::of(name) {
                values[key as usize] = Some(value);
            }
        }
        Node { values, object }
    }

    fn get(&self, key: Key) -> Option<&'v Value> {
        self.values[key as usize]
    }
}

/// As openapiv3's untagged `ReferenceOr`: any object whose `$ref` is a
/// string is a reference, whatever else it holds; any other object is an
/// item. (serde also reads `["#/a"]` as a reference: that is left to it.)
pub(super) fn reference_or<T>(node: &Value, item: impl FnOnce(&Value) -> Read<T>) -> Read<ReferenceOr<T>> {
    let object = node.as_object().ok_or(Unusual)?;
    match super::grammar::ref_value(object) {
        Some(Value::String(reference)) => Ok(ReferenceOr::Reference {
            reference: reference.clone(),
        }),
        _ => item(node).map(ReferenceOr::Item),
    }
}

fn boxed_schema(node: &Value) -> Read<Box<Schema>> {
    read_schema(node).map(Box::new)
}

/// A field serde reads as an `Option`: absent and `null` are both `None`.
fn optional<'v, T>(node: &Node<'v>, key: Key, read: impl FnOnce(&'v Value) -> Read<T>) -> Read<Option<T>> {
    match node.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => read(value).map(Some),
    }
}

/// A `bool` field with a default: absent is `false`, `null` is not a `bool`.
fn flag(node: &Node, key: Key) -> Read<bool> {
    match node.get(key) {
        None => Ok(false),
        Some(Value::Bool(value)) => Ok(*value),
        Some(_) => Err(Unusual),
    }
}

pub(super) fn string(value: &Value) -> Read<String> {
    value.as_str().map(str::to_string).ok_or(Unusual)
}

pub(super) fn boolean(value: &Value) -> Read<bool> {
    value.as_bool().ok_or(Unusual)
}

fn number(value: &Value) -> Read<Number> {
    match value {
        Value::Number(number) => Ok(number.clone()),
        _ => Err(Unusual),
    }
}

/// What serde takes for a `usize`: a non-negative integer, not `1.0`.
fn size(value: &Value) -> Read<usize> {
    value
        .as_u64()
        .and_then(|size| usize::try_from(size).ok())
        .ok_or(Unusual)
}

pub(super) fn any(value: &Value) -> Read<Value> {
    Ok(value.clone())
}

pub(super) fn list<T>(value: &Value, item: impl Fn(&Value) -> Read<T>) -> Read<Vec<T>> {
    let items = value.as_array().ok_or(Unusual)?;
    // Sized up front: collecting `Result`s would grow the list by doubling.
    let mut read = Vec::with_capacity(items.len());
    for node in items {
        read.push(item(node)?);
    }
    Ok(read)
}

/// A mapping's values read one by one, in the order written, into a map
/// sized up front: collecting `Result`s would grow it by doubling.
pub(super) fn map_of<T>(
    object: &Map<String, Value>,
    read: impl Fn(&Value) -> Read<T>,
) -> Read<indexmap::IndexMap<String, T>> {
    let mut map = indexmap::IndexMap::with_capacity(object.len());
    for (key, value) in object {
        map.insert(key.clone(), read(value)?);
    }
    Ok(map)
}

fn schema_list(value: &Value) -> Read<Vec<ReferenceOr<Schema>>> {
    list(value, |node| reference_or(node, read_schema))
}

/// A small object serde reads from the tree directly, without buffering.
pub(super) fn deserialized<T: for<'de> Deserialize<'de>>(value: &Value) -> Read<T> {
    T::deserialize(value).map_err(|_| Unusual)
}

/// Keys starting with `x-`, in the order written.
pub(super) fn extensions(object: &Map<String, Value>) -> indexmap::IndexMap<String, Value> {
    object
        .iter()
        .filter(|(key, _)| key.starts_with("x-"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect()
}

fn schema_data(node: &Node) -> Read<SchemaData> {
    Ok(SchemaData {
        nullable: flag(node, Key::Nullable)?,
        read_only: flag(node, Key::ReadOnly)?,
        write_only: flag(node, Key::WriteOnly)?,
        deprecated: flag(node, Key::Deprecated)?,
        external_docs: optional(node, Key::ExternalDocs, deserialized::<ExternalDocumentation>)?,
        example: optional(node, Key::Example, any)?,
        title: optional(node, Key::Title, string)?,
        description: optional(node, Key::Description, string)?,
        discriminator: optional(node, Key::Discriminator, deserialized::<Discriminator>)?,
        default: optional(node, Key::Default, any)?,
        extensions: extensions(node.object),
    })
}

/// Every field openapiv3 looks at to choose a `SchemaKind`, read as it
/// reads them.
struct Fields {
    typ: Option<String>,
    pattern: Option<String>,
    multiple_of: Option<Number>,
    exclusive_minimum: Option<bool>,
    exclusive_maximum: Option<bool>,
    minimum: Option<Number>,
    maximum: Option<Number>,
    properties: Option<indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>>,
    required: Option<Vec<String>>,
    additional_properties: Option<AdditionalProperties>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    items: Option<ReferenceOr<Box<Schema>>>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: Option<bool>,
    enumeration: Option<Vec<Value>>,
    format: Option<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    one_of: Option<Vec<ReferenceOr<Schema>>>,
    all_of: Option<Vec<ReferenceOr<Schema>>>,
    any_of: Option<Vec<ReferenceOr<Schema>>>,
    not: Option<Box<ReferenceOr<Schema>>>,
}

impl Fields {
    fn read(node: &Node) -> Read<Fields> {
        let properties = |value: &Value| {
            map_of(value.as_object().ok_or(Unusual)?, |node| {
                reference_or(node, boxed_schema)
            })
        };
        let additional = |value: &Value| match value {
            Value::Bool(allowed) => Ok(AdditionalProperties::Any(*allowed)),
            node => Ok(AdditionalProperties::Schema(Box::new(reference_or(node, read_schema)?))),
        };
        Ok(Fields {
            typ: optional(node, Key::Type, string)?,
            pattern: optional(node, Key::Pattern, string)?,
            multiple_of: optional(node, Key::MultipleOf, number)?,
            exclusive_minimum: optional(node, Key::ExclusiveMinimum, boolean)?,
            exclusive_maximum: optional(node, Key::ExclusiveMaximum, boolean)?,
            minimum: optional(node, Key::Minimum, number)?,
            maximum: optional(node, Key::Maximum, number)?,
            properties: optional(node, Key::Properties, properties)?,
            required: optional(node, Key::Required, |value| list(value, string))?,
            additional_properties: optional(node, Key::AdditionalProperties, additional)?,
            min_properties: optional(node, Key::MinProperties, size)?,
            max_properties: optional(node, Key::MaxProperties, size)?,
            items: optional(node, Key::Items, |node| reference_or(node, boxed_schema))?,
            min_items: optional(node, Key::MinItems, size)?,
            max_items: optional(node, Key::MaxItems, size)?,
            unique_items: optional(node, Key::UniqueItems, boolean)?,
            enumeration: optional(node, Key::Enum, |value| list(value, any))?,
            format: optional(node, Key::Format, string)?,
            min_length: optional(node, Key::MinLength, size)?,
            max_length: optional(node, Key::MaxLength, size)?,
            one_of: optional(node, Key::OneOf, schema_list)?,
            all_of: optional(node, Key::AllOf, schema_list)?,
            any_of: optional(node, Key::AnyOf, schema_list)?,
            not: optional(node, Key::Not, |node| reference_or(node, read_schema).map(Box::new))?,
        })
    }

    /// Which fields are set, one bit each, to compare with what a kind allows.
    fn present(&self) -> u32 {
        [
            self.typ.is_some(),
            self.pattern.is_some(),
            self.multiple_of.is_some(),
            self.exclusive_minimum.is_some(),
            self.exclusive_maximum.is_some(),
            self.minimum.is_some(),
            self.maximum.is_some(),
            self.properties.is_some(),
            self.required.is_some(),
            self.additional_properties.is_some(),
            self.min_properties.is_some(),
            self.max_properties.is_some(),
            self.items.is_some(),
            self.min_items.is_some(),
            self.max_items.is_some(),
            self.unique_items.is_some(),
            self.enumeration.is_some(),
            self.format.is_some(),
            self.min_length.is_some(),
            self.max_length.is_some(),
            self.one_of.is_some(),
            self.all_of.is_some(),
            self.any_of.is_some(),
            self.not.is_some(),
        ]
        .iter()
        .enumerate()
        .fold(0, |bits, (i, &set)| bits | (u32::from(set) << i))
    }
}

// One bit per field of `Fields`, in its order.
const TYPE: u32 = 1 << 0;
const PATTERN: u32 = 1 << 1;
const MULTIPLE_OF: u32 = 1 << 2;
const EXCLUSIVE_MINIMUM: u32 = 1 << 3;
const EXCLUSIVE_MAXIMUM: u32 = 1 << 4;
const MINIMUM: u32 = 1 << 5;
const MAXIMUM: u32 = 1 << 6;
const PROPERTIES: u32 = 1 << 7;
const REQUIRED: u32 = 1 << 8;
const ADDITIONAL_PROPERTIES: u32 = 1 << 9;
const MIN_PROPERTIES: u32 = 1 << 10;
const MAX_PROPERTIES: u32 = 1 << 11;
const ITEMS: u32 = 1 << 12;
const MIN_ITEMS: u32 = 1 << 13;
const MAX_ITEMS: u32 = 1 << 14;
const UNIQUE_ITEMS: u32 = 1 << 15;
const ENUM: u32 = 1 << 16;
const FORMAT: u32 = 1 << 17;
const MIN_LENGTH: u32 = 1 << 18;
const MAX_LENGTH: u32 = 1 << 19;
const ONE_OF: u32 = 1 << 20;
const ALL_OF: u32 = 1 << 21;
const ANY_OF: u32 = 1 << 22;
const NOT: u32 = 1 << 23;

/// The fields each typed kind may have; any other field makes the schema
/// `SchemaKind::Any`.
const STRING_FIELDS: u32 = TYPE | PATTERN | ENUM | FORMAT | MIN_LENGTH | MAX_LENGTH;
const NUMBER_FIELDS: u32 =
    TYPE | MULTIPLE_OF | EXCLUSIVE_MINIMUM | EXCLUSIVE_MAXIMUM | MINIMUM | MAXIMUM | ENUM | FORMAT;
const BOOLEAN_FIELDS: u32 = TYPE | ENUM;
const OBJECT_FIELDS: u32 = TYPE | PROPERTIES | REQUIRED | ADDITIONAL_PROPERTIES | MIN_PROPERTIES | MAX_PROPERTIES;
const ARRAY_FIELDS: u32 = TYPE | ITEMS | MIN_ITEMS | MAX_ITEMS | UNIQUE_ITEMS;

/// openapiv3's choice of kind, rule for rule and in its order: a typed kind
/// when `type` names it and no field of another kind is set (and the enum's
/// values are of the type, or `null`); a composition when its keyword is
/// the only field set; otherwise `Any`, which keeps everything.
fn schema_kind(node: &Node) -> Read<SchemaKind> {
    let fields = Fields::read(node)?;
    let present = fields.present();
    let within = |allowed: u32| present & !allowed == 0;
    let enum_all = |check: fn(&Value) -> bool| {
        fields
            .enumeration
            .as_ref()
            .is_none_or(|values| values.iter().all(|v| v.is_null() || check(v)))
    };
    let int_or_none = |number: &Option<Number>| number.as_ref().is_none_or(Number::is_i64);
    let typ = fields.typ.as_deref();
    let kind = if typ == Some("string") && within(STRING_FIELDS) && enum_all(Value::is_string) {
        let Fields {
            pattern,
            enumeration,
            format,
            min_length,
            max_length,
            ..
        } = fields;
        SchemaKind::Type(Type::String(StringType {
            format: format.into(),
            pattern,
            enumeration: enum_values(enumeration, |v| v.as_str().map(str::to_string))?,
            min_length,
            max_length,
        }))
    } else if typ == Some("number") && within(NUMBER_FIELDS) && enum_all(Value::is_number) {
        let Fields {
            multiple_of,
            exclusive_minimum,
            exclusive_maximum,
            minimum,
            maximum,
            enumeration,
            format,
            ..
        } = fields;
        SchemaKind::Type(Type::Number(NumberType {
            format: format.into(),
            multiple_of: float(multiple_of)?,
            exclusive_minimum: exclusive_minimum.unwrap_or_default(),
            exclusive_maximum: exclusive_maximum.unwrap_or_default(),
            minimum: float(minimum)?,
            maximum: float(maximum)?,
            enumeration: enum_values(enumeration, Value::as_f64)?,
        }))
    } else if typ == Some("integer")
        && within(NUMBER_FIELDS)
        && enum_all(Value::is_i64)
        && int_or_none(&fields.multiple_of)
        && int_or_none(&fields.minimum)
        && int_or_none(&fields.maximum)
    {
        let Fields {
            multiple_of,
            exclusive_minimum,
            exclusive_maximum,
            minimum,
            maximum,
            enumeration,
            format,
            ..
        } = fields;
        SchemaKind::Type(Type::Integer(IntegerType {
            format: format.into(),
            multiple_of: integer(multiple_of)?,
            exclusive_minimum: exclusive_minimum.unwrap_or_default(),
            exclusive_maximum: exclusive_maximum.unwrap_or_default(),
            minimum: integer(minimum)?,
            maximum: integer(maximum)?,
            enumeration: enum_values(enumeration, Value::as_i64)?,
        }))
    } else if typ == Some("boolean") && within(BOOLEAN_FIELDS) && enum_all(Value::is_boolean) {
        SchemaKind::Type(Type::Boolean(BooleanType {
            enumeration: enum_values(fields.enumeration, Value::as_bool)?,
        }))
    } else if typ == Some("object") && within(OBJECT_FIELDS) {
        let Fields {
            properties,
            required,
            additional_properties,
            min_properties,
            max_properties,
            ..
        } = fields;
        SchemaKind::Type(Type::Object(ObjectType {
            properties: properties.unwrap_or_default(),
            required: required.unwrap_or_default(),
            additional_properties,
            min_properties,
            max_properties,
        }))
    } else if typ == Some("array") && within(ARRAY_FIELDS) {
        let Fields {
            items,
            min_items,
            max_items,
            unique_items,
            ..
        } = fields;
        SchemaKind::Type(Type::Array(ArrayType {
            items,
            min_items,
            max_items,
            unique_items: unique_items.unwrap_or_default(),
        }))
    } else if present == ONE_OF {
        SchemaKind::OneOf {
            one_of: fields.one_of.unwrap_or_default(),
        }
    } else if present == ALL_OF {
        SchemaKind::AllOf {
            all_of: fields.all_of.unwrap_or_default(),
        }
    } else if present == ANY_OF {
        SchemaKind::AnyOf {
            any_of: fields.any_of.unwrap_or_default(),
        }
    } else if present == NOT {
        SchemaKind::Not {
            not: fields.not.ok_or(Unusual)?,
        }
    } else {
        SchemaKind::Any(any_schema(fields)?)
    };
    Ok(kind)
}

fn any_schema(fields: Fields) -> Read<AnySchema> {
    Ok(AnySchema {
        typ: fields.typ,
        pattern: fields.pattern,
        multiple_of: float(fields.multiple_of)?,
        exclusive_minimum: fields.exclusive_minimum,
        exclusive_maximum: fields.exclusive_maximum,
        minimum: float(fields.minimum)?,
        maximum: float(fields.maximum)?,
        properties: fields.properties.unwrap_or_default(),
        required: fields.required.unwrap_or_default(),
        additional_properties: fields.additional_properties,
        min_properties: fields.min_properties,
        max_properties: fields.max_properties,
        items: fields.items,
        min_items: fields.min_items,
        max_items: fields.max_items,
        unique_items: fields.unique_items,
        enumeration: fields.enumeration.unwrap_or_default(),
        format: fields.format,
        min_length: fields.min_length,
        max_length: fields.max_length,
        one_of: fields.one_of.unwrap_or_default(),
        all_of: fields.all_of.unwrap_or_default(),
        any_of: fields.any_of.unwrap_or_default(),
        not: fields.not,
    })
}

fn float(number: Option<Number>) -> Read<Option<f64>> {
    number.map(|n| n.as_f64().ok_or(Unusual)).transpose()
}

fn integer(number: Option<Number>) -> Read<Option<i64>> {
    number.map(|n| n.as_i64().ok_or(Unusual)).transpose()
}

/// An enum's values, `null` as `None`.
fn enum_values<T>(values: Option<Vec<Value>>, value: impl Fn(&Value) -> Option<T>) -> Read<Vec<Option<T>>> {
    let values = values.unwrap_or_default();
    let mut read = Vec::with_capacity(values.len());
    for v in &values {
        read.push(if v.is_null() {
            None
        } else {
            Some(value(v).ok_or(Unusual)?)
        });
    }
    Ok(read)
}

#[cfg(test)]
pub(super) mod tests;
