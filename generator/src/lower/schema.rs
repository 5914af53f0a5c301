//! Schemas to types: which schemas become named types, and the shape of each.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;

use super::shape::{ObjectParts, Shape, shape_of};
use super::{Loc, Lowerer, docs, names};
use crate::error::{Result, WarningKind, push_pointer_in};
use crate::ir::{
    Access, Additional, Constraints, Enum, EnumRepr, EnumVariant, Field, FloatKind, IntKind, Struct, TypeKind, TypeRef,
    Union, UnionVariant,
};

/// A lowered schema reference: the type, and whether the schema allows `null`.
#[derive(Debug, Clone)]
pub(crate) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

impl Lowerer<'_> {
    /// Lowers a schema or a reference to one found at `loc`.
    pub(crate) fn lower_schema_or_ref<S: std::borrow::Borrow<Schema>>(
        &mut self,
        item: &ReferenceOr<S>,
        loc: &Loc,
        hint: &str,
    ) -> Result<Lowered> {
        match item {
            ReferenceOr::Reference { reference } => self.lower_ref(reference, loc, hint),
            ReferenceOr::Item(schema) => self.lower_schema(schema.borrow(), loc, hint),
        }
    }

    /// Follows a `$ref` written at `loc` and lowers what it points to.
    pub(crate) fn lower_ref(&mut self, reference: &str, loc: &Loc, hint: &str) -> Result<Lowered> {
        let target = self.set.resolve_followed(loc.file, &loc.pointer, reference)?;
        if let Some(&id) = self.by_origin.get(&target) {
            return Ok(Lowered {
                ty: TypeRef::Named(id),
                nullable: self.nullable_types.contains(&id),
            });
        }
        let schema = self.read_shared::<openapiv3::Schema>(&target)?;
        let hint = target_hint(&target.pointer).unwrap_or_else(|| hint.to_string());
        self.lower_schema(&schema, &target, &hint)
    }

    /// Lowers an inline schema: a named type for objects, enums and unions,
    /// a structural reference for everything else.
    pub(crate) fn lower_schema(&mut self, schema: &Schema, loc: &Loc, hint: &str) -> Result<Lowered> {
        let nullable = schema.schema_data.nullable;
        if let Some(&id) = self.by_origin.get(loc) {
            return Ok(Lowered {
                ty: TypeRef::Named(id),
                nullable,
            });
        }
        if needs_named_type(schema) {
            let id = self.new_type(loc, &names::type_name(hint));
            self.by_origin.insert(loc.clone(), id);
            if nullable {
                self.nullable_types.insert(id);
            }
            let name = self.types[id.0].name.clone();
            self.types[id.0].docs = docs::schema_docs(schema);
            self.types[id.0].constraints = self.enforceable_constraints(loc, schema).into();
            self.collect_schema_example(loc, schema, TypeRef::Named(id));
            let kind = match self.lower_kind(schema, loc, &name)? {
                Some(kind) => kind,
                None => TypeKind::Alias(self.lower_structural(schema, loc, &name)?.ty),
            };
            self.types[id.0].kind = kind;
            return Ok(Lowered {
                ty: TypeRef::Named(id),
                nullable,
            });
        }
        self.lower_structural(schema, loc, hint)
    }

    /// The named shape of a schema (struct, enum, union), or `None` when it
    /// is structural (primitive, array, map).
    pub(crate) fn lower_kind(&mut self, schema: &Schema, loc: &Loc, name: &str) -> Result<Option<TypeKind>> {
        let shape = shape_of(schema).map_err(|t| self.unknown_type(loc, &t))?;
        Ok(match shape {
            Shape::Object(object) if !object.is_empty() => {
                Some(TypeKind::Struct(self.lower_object(&object, loc, name)?))
            }
            Shape::String { values, .. } if is_enum(&values, Value::is_string) => {
                Some(TypeKind::Enum(self.lower_enum(EnumRepr::String, &values, loc)))
            }
            Shape::Integer { values, .. } if is_enum(&values, |v| v.is_i64()) => {
                Some(TypeKind::Enum(self.lower_enum(EnumRepr::Integer, &values, loc)))
            }
            Shape::AllOf { parts, own } => self.lower_all_of(parts, own.as_ref(), loc, name)?,
            Shape::OneOf(parts) | Shape::AnyOf(parts) => {
                Some(TypeKind::Union(self.lower_union(parts, schema, loc, name)?))
            }
            _ => None,
        })
    }

    /// Primitives, arrays and maps, which need no name of their own.
    pub(crate) fn lower_structural(&mut self, schema: &Schema, loc: &Loc, hint: &str) -> Result<Lowered> {
        let nullable = schema.schema_data.nullable;
        let shape = shape_of(schema).map_err(|t| self.unknown_type(loc, &t))?;
        let ty = match shape {
            Shape::String { .. } => TypeRef::String,
            Shape::Boolean => TypeRef::Bool,
            Shape::Integer { format, .. } => TypeRef::Int(int_kind(format.as_deref())),
            Shape::Number { format, .. } => TypeRef::Float(if format.as_deref() == Some("float") {
                FloatKind::F32
            } else {
                FloatKind::F64
            }),
            Shape::Array(items) => {
                let item = match items {
                    Some(items) => {
                        let lowered = self.lower_schema_or_ref(items, &sub(loc, "items"), &format!("{hint}Item"))?;
                        nullable_ref(lowered)
                    }
                    None => TypeRef::Json,
                };
                TypeRef::Vec(Box::new(item))
            }
            Shape::Object(object) => match self.additional_type(&object, loc, hint)? {
                Some(TypeRef::Json) | None => TypeRef::JsonObject,
                Some(value) => TypeRef::Map(Box::new(value)),
            },
            Shape::AllOf { parts, own: None } if parts.len() == 1 => {
                let inner = self.lower_schema_or_ref(&parts[0], &sub(loc, "allOf/0"), hint)?;
                return Ok(Lowered {
                    ty: inner.ty,
                    nullable: nullable || inner.nullable,
                });
            }
            Shape::AllOf { .. } | Shape::OneOf(_) | Shape::AnyOf(_) | Shape::Any => TypeRef::Json,
        };
        Ok(Lowered { ty, nullable })
    }

    /// The value type of properties an object does not list, if it allows them.
    fn additional_type(&mut self, object: &ObjectParts, loc: &Loc, hint: &str) -> Result<Option<TypeRef>> {
        Ok(match object.additional {
            None if !object.is_empty() => None,
            None | Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Schema(schema)) => {
                let lowered =
                    self.lower_schema_or_ref(schema, &sub(loc, "additionalProperties"), &format!("{hint}Value"))?;
                Some(nullable_ref(lowered))
            }
        })
    }

    pub(crate) fn lower_object(&mut self, object: &ObjectParts, loc: &Loc, name: &str) -> Result<Struct> {
        // Sized up front: fields are large, and a doubling vector's spare
        // room showed as a tenth of the peak on GitHub's spec.
        let mut fields = Vec::with_capacity(object.properties.len());
        for (wire_name, property) in object.properties {
            fields.push(self.lower_field(wire_name, property, object.required, loc, name)?);
        }
        let additional = match object.additional {
            Some(AdditionalProperties::Any(false)) => None,
            Some(AdditionalProperties::Schema(_)) => self.additional_type(object, loc, name)?,
            // Servers send properties their spec does not list; keeping them
            // is what lets GET → modify → PUT leave them as they were.
            None | Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
        };
        Ok(self.build_struct(fields, additional, loc))
    }

    fn lower_field(
        &mut self,
        wire_name: &str,
        property: &ReferenceOr<Box<Schema>>,
        required: &[String],
        parent: &Loc,
        parent_name: &str,
    ) -> Result<Field> {
        let loc = Loc {
            file: parent.file,
            pointer: push_pointer_in(&parent.pointer, "properties", wire_name),
        };
        let names = self.property_names(wire_name);
        let hint = [parent_name, &names.type_part].concat();
        let lowered = self.lower_schema_or_ref(property, &loc, &hint)?;
        let docs = match property {
            ReferenceOr::Item(schema) => {
                if !matches!(lowered.ty, TypeRef::Named(_)) {
                    self.collect_schema_example(&loc, schema, lowered.ty.clone());
                }
                docs::schema_docs(schema)
            }
            ReferenceOr::Reference { .. } => docs::ref_sibling_docs(self.set.node(loc.file, &loc.pointer)),
        };
        let (access, constraints, default) = match property {
            ReferenceOr::Item(schema) => {
                let data = &schema.schema_data;
                let access = match (data.read_only, data.write_only) {
                    (true, _) => Access::ReadOnly,
                    (false, true) => Access::WriteOnly,
                    (false, false) => Access::ReadWrite,
                };
                (access, self.enforceable_constraints(&loc, schema), data.default.clone())
            }
            ReferenceOr::Reference { .. } => (Access::ReadWrite, Constraints::default(), None),
        };
        Ok(Field {
            name: names.field.clone(),
            wire_name: wire_name.to_string(),
            ty: lowered.ty,
            // One type serves requests and responses: a required `readOnly`
            // property is absent from requests, a `writeOnly` one from responses.
            required: required.iter().any(|r| r == wire_name) && access == Access::ReadWrite,
            nullable: lowered.nullable,
            boxed: false,
            flatten: false,
            access,
            constraints: constraints.into(),
            default: default.map(Box::new),
            docs,
        })
    }

    /// A struct of `fields` with distinct names, keeping unlisted properties
    /// of type `additional` in a map field when that is `Some`.
    pub(crate) fn build_struct(&mut self, mut fields: Vec<Field>, additional: Option<TypeRef>, loc: &Loc) -> Struct {
        let mut scope = names::Scope::default();
        let additional = additional.map(|value| {
            scope.reserve(names::ADDITIONAL_FIELD);
            Additional {
                name: names::ADDITIONAL_FIELD.to_string(),
                value,
            }
        });
        self.name_fields(&mut fields, scope, loc);
        Struct { fields, additional }
    }

    /// Gives the fields of one struct distinct names, none taken in `scope`.
    fn name_fields(&mut self, fields: &mut [Field], mut scope: names::Scope, loc: &Loc) {
        for field in fields {
            let (name, previous) = scope.claim(&field.name, &field.wire_name);
            if let Some(previous) = previous {
                let message = format!(
                    "properties `{previous}` and `{}` both become field `{}`; the second is named `{name}`",
                    field.wire_name, field.name
                );
                self.warn(WarningKind::Renamed, loc, message);
            }
            field.name = name;
        }
    }

    fn lower_enum(&mut self, repr: EnumRepr, values: &[Value], loc: &Loc) -> Enum {
        let mut scope = names::Scope::default();
        let mut variants = Vec::new();
        for value in values.iter().filter(|v| !v.is_null()) {
            let wanted = match value {
                Value::String(s) => names::variant_ident(s),
                Value::Number(n) => {
                    let text = n.to_string();
                    match text.strip_prefix('-') {
                        Some(abs) => format!("Minus{abs}"),
                        None => format!("V{text}"),
                    }
                }
                _ => continue,
            };
            if variants.iter().any(|v: &EnumVariant| v.value == *value) {
                continue;
            }
            let (name, previous) = scope.claim(&wanted, &value.to_string());
            if let Some(previous) = previous {
                self.warn(WarningKind::Renamed, loc, format!("enum values {previous} and {value} both become variant `{wanted}`; the second is named `{name}`"));
            }
            variants.push(EnumVariant {
                name,
                value: value.clone(),
            });
        }
        let catch_all = names::catch_all(variants.iter().map(|v| v.name.as_str()));
        Enum {
            repr,
            variants,
            catch_all,
        }
    }

    fn lower_union(&mut self, parts: &[ReferenceOr<Schema>], schema: &Schema, loc: &Loc, name: &str) -> Result<Union> {
        let keyword = if matches!(shape_of(schema), Ok(Shape::OneOf(_))) {
            "oneOf"
        } else {
            "anyOf"
        };
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut scope = names::Scope::default();
        let mut variants = Vec::new();
        for (i, part) in parts.iter().enumerate() {
            let part_loc = sub(loc, &format!("{keyword}/{i}"));
            let wanted = self.variant_name(part, &part_loc, i);
            let lowered = self.lower_schema_or_ref(part, &part_loc, &format!("{name}{wanted}"))?;
            let (variant_name, _) = scope.claim(&wanted, &i.to_string());
            let mut tag_values = Vec::new();
            if let (Some(d), ReferenceOr::Reference { reference }) = (discriminator, part) {
                let mapped: Vec<String> = d
                    .mapping
                    .iter()
                    .filter(|(_, target)| refers_to_same(target, reference))
                    .map(|(value, _)| value.clone())
                    .collect();
                tag_values = if mapped.is_empty() {
                    // Implicit mapping: the schema name is the tag value.
                    reference.rsplit('/').next().map(str::to_string).into_iter().collect()
                } else {
                    mapped
                };
            }
            variants.push(UnionVariant {
                name: variant_name,
                ty: nullable_ref(lowered),
                tag_values,
                boxed: false,
            });
        }
        let tagged = discriminator.is_some()
            && variants
                .iter()
                .all(|v| !v.tag_values.is_empty() && matches!(v.ty, TypeRef::Named(_)));
        let catch_all = names::catch_all(variants.iter().map(|v| v.name.as_str()));
        Ok(Union {
            catch_all,
            tag: if tagged {
                discriminator.map(|d| d.property_name.clone())
            } else {
                None
            },
            variants,
        })
    }

    fn variant_name(&self, part: &ReferenceOr<Schema>, loc: &Loc, index: usize) -> String {
        match part {
            ReferenceOr::Reference { reference } => names::type_name(reference.rsplit('/').next().unwrap_or(reference)),
            ReferenceOr::Item(schema) => {
                if let Some(title) = &schema.schema_data.title {
                    return names::type_name(title);
                }
                let _ = loc;
                match shape_of(schema) {
                    Ok(Shape::String { values, .. }) if values.is_empty() => "String".into(),
                    Ok(Shape::Integer { .. }) => "Integer".into(),
                    Ok(Shape::Number { .. }) => "Number".into(),
                    Ok(Shape::Boolean) => "Boolean".into(),
                    Ok(Shape::Array(_)) => "Array".into(),
                    _ => format!("Variant{index}"),
                }
            }
        }
    }

    fn unknown_type(&self, loc: &Loc, typ: &str) -> crate::Error {
        self.set.error(
            loc.file,
            &format!("{}/type", loc.pointer),
            format!("unknown schema type `{typ}`; expected one of object, array, string, integer, number, boolean"),
        )
    }

    /// Records a schema's `example` as a value its type must accept.
    pub(crate) fn collect_schema_example(&mut self, loc: &Loc, schema: &Schema, ty: TypeRef) {
        if let Some(example) = &schema.schema_data.example {
            let example_loc = sub(loc, "example");
            let ty = if schema.schema_data.nullable {
                TypeRef::Nullable(Box::new(ty))
            } else {
                ty
            };
            self.add_example(&example_loc, ty, example);
        }
    }
}

/// Whether a schema needs a Rust type of its own rather than a structural one.
fn needs_named_type(schema: &Schema) -> bool {
    match shape_of(schema) {
        Ok(Shape::Object(object)) => !object.is_empty(),
        Ok(Shape::String { values, .. }) => is_enum(&values, Value::is_string),
        Ok(Shape::Integer { values, .. }) => is_enum(&values, |v| v.is_i64()),
        Ok(Shape::AllOf { parts, own }) => parts.len() > 1 || own.is_some(),
        Ok(Shape::OneOf(_) | Shape::AnyOf(_)) => true,
        _ => false,
    }
}

/// An enum worth a Rust enum: at least one value, all of the expected kind.
fn is_enum(values: &[Value], kind: fn(&Value) -> bool) -> bool {
    let mut non_null = values.iter().filter(|v| !v.is_null()).peekable();
    non_null.peek().is_some() && non_null.all(kind)
}

fn int_kind(format: Option<&str>) -> IntKind {
    match format {
        Some("int8") => IntKind::I8,
        Some("int16") => IntKind::I16,
        Some("int32") => IntKind::I32,
        Some("uint8") => IntKind::U8,
        Some("uint16") => IntKind::U16,
        Some("uint32") => IntKind::U32,
        Some("uint64") => IntKind::U64,
        _ => IntKind::I64,
    }
}

/// Wraps a type in `Nullable` where it sits outside a struct field.
pub(crate) fn nullable_ref(lowered: Lowered) -> TypeRef {
    if lowered.nullable {
        TypeRef::Nullable(Box::new(lowered.ty))
    } else {
        lowered.ty
    }
}

/// The place `segments` (already escaped, `/`-joined) below `loc`.
pub(crate) fn sub(loc: &Loc, segments: &str) -> Loc {
    let mut pointer = String::with_capacity(loc.pointer.len() + 1 + segments.len());
    pointer.push_str(&loc.pointer);
    pointer.push('/');
    pointer.push_str(segments);
    Loc {
        file: loc.file,
        pointer,
    }
}

/// Names for schemas reached through a `$ref` into `components`: the
/// component's own name, whoever refers to it.
fn target_hint(pointer: &str) -> Option<String> {
    let segments: Vec<&str> = pointer.trim_start_matches('/').split('/').collect();
    match segments.as_slice() {
        ["components", _, name] => Some(crate::error::unescape_pointer_segment(name)),
        [
            "components",
            "responses" | "requestBodies",
            name,
            "content",
            _,
            "schema",
        ] => Some(crate::error::unescape_pointer_segment(name)),
        // A schema kept in `$defs` is named like a component.
        [.., "$defs", name] => Some(crate::error::unescape_pointer_segment(name)),
        _ => None,
    }
}

fn refers_to_same(mapping_target: &str, reference: &str) -> bool {
    mapping_target == reference
        || (!mapping_target.contains('/') && reference.rsplit('/').next() == Some(mapping_target))
        || mapping_target.rsplit('#').next() == reference.rsplit('#').next()
}
