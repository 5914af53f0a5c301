//! `allOf`: the parts merge into one struct.
//!
//! Properties of every object part (followed through `$ref` and nested
//! `allOf`) become fields of one struct, required where any part requires
//! them. A part that is not an object (a union, say) is kept whole as a
//! flattened field, so nothing the spec says is dropped.

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;

use super::schema::sub;
use super::shape::{ObjectParts, Shape, shape_of};
use super::{Loc, Lowerer, Resolved, names};
use crate::error::Result;
use crate::ir::{Field, TypeKind, TypeRef};

#[derive(Default)]
struct Merged {
    fields: Vec<Field>,
    required: Vec<String>,
    /// The value type of unlisted properties, where a part declares one.
    additional: Option<TypeRef>,
    /// Whether some object part says nothing about unlisted properties.
    open: bool,
    /// Parts that are not objects, as types.
    others: Vec<(String, TypeRef)>,
}

impl Lowerer<'_> {
    pub(crate) fn lower_all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        own: Option<&ObjectParts>,
        loc: &Loc,
        name: &str,
    ) -> Result<Option<TypeKind>> {
        let mut merged = Merged::default();
        self.merge_parts(parts, loc, name, &mut merged, 0)?;
        if let Some(own) = own {
            self.merge_object(own, loc, name, &mut merged)?;
        }
        merged
            .required
            .extend(required_at(self.set.node(loc.file, &loc.pointer)));
        if merged.fields.is_empty() && merged.additional.is_none() && merged.others.len() == 1 {
            let (_, ty) = merged.others.remove(0);
            return Ok(Some(TypeKind::Alias(ty)));
        }
        let Merged {
            mut fields,
            required,
            additional,
            open,
            others,
        } = merged;
        // A flattened part receives the properties the struct does not list.
        let additional = additional.or_else(|| (open && others.is_empty()).then_some(TypeRef::Json));
        for field in &mut fields {
            field.required |= required.contains(&field.wire_name);
        }
        for (part_name, ty) in others {
            fields.push(Field {
                name: names::snake_ident(&part_name, "part"),
                wire_name: part_name,
                ty,
                required: true,
                nullable: false,
                boxed: false,
                flatten: true,
                access: Default::default(),
                constraints: Default::default(),
                default: None,
                docs: Default::default(),
            });
        }
        Ok(Some(TypeKind::Struct(self.build_struct(fields, additional, loc))))
    }

    fn merge_parts(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        loc: &Loc,
        name: &str,
        merged: &mut Merged,
        depth: usize,
    ) -> Result<()> {
        if depth > 64 {
            return Err(self
                .set
                .error(loc.file, &loc.pointer, "`allOf` nested more than 64 levels deep"));
        }
        for (i, part) in parts.iter().enumerate() {
            let written_at = sub(loc, &format!("allOf/{i}"));
            let (part_loc, schema, part_name) = match part {
                ReferenceOr::Reference { reference } => {
                    let target = self
                        .set
                        .resolve_followed(written_at.file, &written_at.pointer, reference)?;
                    let schema = Resolved::Shared(self.read_shared::<openapiv3::Schema>(&target)?);
                    let part_name = reference.rsplit('/').next().unwrap_or(reference).to_string();
                    (target, schema, part_name)
                }
                ReferenceOr::Item(schema) => (written_at, Resolved::Written(schema), format!("part{i}")),
            };
            merged
                .required
                .extend(required_at(self.set.node(part_loc.file, &part_loc.pointer)));
            let shape = shape_of(&schema).map_err(|t| {
                self.set
                    .error(part_loc.file, &part_loc.pointer, format!("unknown schema type `{t}`"))
            })?;
            match shape {
                Shape::Object(object) => self.merge_object(&object, &part_loc, name, merged)?,
                Shape::AllOf { parts: inner, own } => {
                    self.merge_parts(inner, &part_loc, name, merged, depth + 1)?;
                    if let Some(own) = own {
                        self.merge_object(&own, &part_loc, name, merged)?;
                    }
                }
                // A part with no type of its own only adds words or `required`.
                Shape::Any => {}
                _ => {
                    let lowered = match part {
                        ReferenceOr::Reference { reference } => {
                            self.lower_ref(reference, &sub(loc, &format!("allOf/{i}")), name)?
                        }
                        ReferenceOr::Item(_) => self.lower_schema(&schema, &part_loc, &format!("{name}Part{i}"))?,
                    };
                    merged.others.push((part_name, lowered.ty));
                }
            }
        }
        Ok(())
    }

    fn merge_object(&mut self, object: &ObjectParts, loc: &Loc, name: &str, merged: &mut Merged) -> Result<()> {
        let strukt = self.lower_object(object, loc, name)?;
        merged.required.extend(object.required.iter().cloned());
        for field in strukt.fields {
            match merged.fields.iter_mut().find(|f| f.wire_name == field.wire_name) {
                // A later part refines a property an earlier one declared.
                Some(existing) => {
                    *existing = Field {
                        required: existing.required || field.required,
                        ..field
                    }
                }
                None => merged.fields.push(field),
            }
        }
        match object.additional {
            None => merged.open = true,
            Some(AdditionalProperties::Any(false)) => {}
            Some(_) => merged.additional = strukt.additional.map(|a| a.value),
        }
        Ok(())
    }
}

fn required_at(node: Option<&Value>) -> Vec<String> {
    node.and_then(|n| n.get("required"))
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).map(str::to_string).collect())
        .unwrap_or_default()
}
