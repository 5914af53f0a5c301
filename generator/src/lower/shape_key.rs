//! The key two types must share to be merged into one: every part of a
//! shape that the wire or the generated code sees, written as bytes.
//!
//! Each part is destructured in full, so a part added to the
//! representation does not compile until it is either written here or
//! named as left out (docs are left out: they do not change what a value
//! is). Strings carry their length, so two different shapes never write
//! the same bytes.

use serde_json::Value;

use crate::ir::{
    Additional, Constraints, Enum, EnumRepr, EnumVariant, Field, FloatKind, IntKind, Struct, TypeDef, TypeKind,
    TypeRef, Union, UnionVariant,
};

/// The key of `def`, with each named type written as the type it has been
/// merged into (`root`).
pub(super) fn shape_key(def: &TypeDef, root: &mut impl FnMut(usize) -> usize) -> Vec<u8> {
    let mut key = Key {
        bytes: Vec::with_capacity(256),
        root,
    };
    key.kind(&def.kind);
    key.constraints(&def.constraints);
    key.bytes
}

struct Key<'r, R> {
    bytes: Vec<u8>,
    root: &'r mut R,
}

impl<R: FnMut(usize) -> usize> Key<'_, R> {
    fn tag(&mut self, tag: u8) {
        self.bytes.push(tag);
    }

    fn flag(&mut self, flag: bool) {
        self.bytes.push(u8::from(flag));
    }

    fn number(&mut self, number: u64) {
        self.bytes.extend_from_slice(&number.to_le_bytes());
    }

    fn text(&mut self, text: &str) {
        self.number(text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }

    fn optional<T>(&mut self, value: &Option<T>, mut write: impl FnMut(&mut Self, &T)) {
        match value {
            None => self.tag(0),
            Some(value) => {
                self.tag(1);
                write(self, value);
            }
        }
    }

    fn value(&mut self, value: &Value) {
        self.text(&value.to_string());
    }

    fn kind(&mut self, kind: &TypeKind) {
        match kind {
            TypeKind::Struct(s) => {
                self.tag(0);
                self.structure(s);
            }
            TypeKind::Enum(e) => {
                self.tag(1);
                self.enumeration(e);
            }
            TypeKind::Union(u) => {
                self.tag(2);
                self.union(u);
            }
            TypeKind::Alias(target) => {
                self.tag(3);
                self.ty(target);
            }
        }
    }

    fn structure(&mut self, s: &Struct) {
        let Struct { fields, additional } = s;
        self.number(fields.len() as u64);
        for field in fields {
            self.field(field);
        }
        self.optional(additional, |key, additional| {
            let Additional { name, value } = additional;
            key.text(name);
            key.ty(value);
        });
    }

    fn field(&mut self, field: &Field) {
        let Field {
            name,
            wire_name,
            ty,
            required,
            nullable,
            boxed,
            flatten,
            access,
            constraints,
            default,
            docs: _,
        } = field;
        self.text(name);
        self.text(wire_name);
        self.ty(ty);
        for flag in [*required, *nullable, *boxed, *flatten] {
            self.flag(flag);
        }
        self.tag(*access as u8);
        self.constraints(constraints);
        self.optional(default, |key, value| key.value(value));
    }

    fn enumeration(&mut self, e: &Enum) {
        let Enum {
            repr,
            variants,
            catch_all,
        } = e;
        self.tag(match repr {
            EnumRepr::String => 0,
            EnumRepr::Integer => 1,
        });
        self.number(variants.len() as u64);
        for EnumVariant { name, value } in variants {
            self.text(name);
            self.value(value);
        }
        self.text(catch_all);
    }

    fn union(&mut self, u: &Union) {
        let Union {
            tag,
            variants,
            catch_all,
        } = u;
        self.optional(tag, |key, tag| key.text(tag));
        self.number(variants.len() as u64);
        for variant in variants {
            let UnionVariant {
                name,
                ty,
                tag_values,
                boxed,
            } = variant;
            self.text(name);
            self.ty(ty);
            self.number(tag_values.len() as u64);
            for value in tag_values {
                self.text(value);
            }
            self.flag(*boxed);
        }
        self.text(catch_all);
    }

    fn ty(&mut self, ty: &TypeRef) {
        match ty {
            TypeRef::Named(id) => {
                self.tag(0);
                let root = (self.root)(id.0);
                self.number(root as u64);
            }
            TypeRef::String => self.tag(1),
            TypeRef::Bool => self.tag(2),
            TypeRef::Int(kind) => {
                self.tag(3);
                self.tag(match kind {
                    IntKind::I8 => 0,
                    IntKind::I16 => 1,
                    IntKind::I32 => 2,
                    IntKind::I64 => 3,
                    IntKind::U8 => 4,
                    IntKind::U16 => 5,
                    IntKind::U32 => 6,
                    IntKind::U64 => 7,
                });
            }
            TypeRef::Float(kind) => {
                self.tag(4);
                self.tag(match kind {
                    FloatKind::F32 => 0,
                    FloatKind::F64 => 1,
                });
            }
            TypeRef::Json => self.tag(5),
            TypeRef::JsonObject => self.tag(6),
            TypeRef::Vec(inner) => {
                self.tag(7);
                self.ty(inner);
            }
            TypeRef::Map(inner) => {
                self.tag(8);
                self.ty(inner);
            }
            TypeRef::Nullable(inner) => {
                self.tag(9);
                self.ty(inner);
            }
        }
    }

    fn constraints(&mut self, constraints: &Constraints) {
        let Constraints {
            minimum,
            maximum,
            exclusive_minimum,
            exclusive_maximum,
            multiple_of,
            min_length,
            max_length,
            pattern,
            min_items,
            max_items,
            unique_items,
            items,
        } = constraints;
        for bound in [minimum, maximum, multiple_of] {
            self.optional(bound, |key, bound| key.number(bound.to_bits()));
        }
        for count in [min_length, max_length, min_items, max_items] {
            self.optional(count, |key, count| key.number(*count as u64));
        }
        for flag in [*exclusive_minimum, *exclusive_maximum, *unique_items] {
            self.flag(flag);
        }
        self.optional(pattern, |key, pattern| key.text(pattern));
        self.optional(items, |key, items| key.constraints(items));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Access, Docs, ModuleId, TypeId};

    fn record() -> TypeDef {
        let field = Field::plain("id", "id", TypeRef::Named(TypeId(3)), true, false);
        TypeDef {
            id: TypeId(0),
            module: ModuleId(0),
            name: "Record".into(),
            origin: "a.yml#/components/schemas/Record".into(),
            docs: Docs::default(),
            constraints: Default::default(),
            kind: TypeKind::Struct(Struct {
                fields: vec![field],
                additional: None,
            }),
        }
    }

    fn key(def: &TypeDef) -> Vec<u8> {
        shape_key(def, &mut |id| id)
    }

    fn field(def: &mut TypeDef) -> &mut Field {
        match &mut def.kind {
            TypeKind::Struct(s) => &mut s.fields[0],
            _ => unreachable!(),
        }
    }

    #[test]
    fn docs_and_names_of_the_type_do_not_count() {
        let mut other = record();
        other.name = "Other".into();
        other.origin = "b.yml#/x".into();
        other.docs.description = Some("Another record.".into());
        field(&mut other).docs.description = Some("The id.".into());
        assert_eq!(key(&record()), key(&other));
    }

    #[test]
    fn every_part_the_wire_or_the_code_sees_counts() {
        let changes: Vec<fn(&mut TypeDef)> = vec![
            |d| field(d).name = "ident".into(),
            |d| field(d).wire_name = "ID".into(),
            |d| field(d).ty = TypeRef::Named(TypeId(4)),
            |d| field(d).ty = TypeRef::Vec(Box::new(TypeRef::Named(TypeId(3)))),
            |d| field(d).required = false,
            |d| field(d).nullable = true,
            |d| field(d).boxed = true,
            |d| field(d).flatten = true,
            |d| field(d).access = Access::ReadOnly,
            |d| field(d).constraints.max_length = Some(3),
            |d| field(d).constraints.pattern = Some("^a".into()),
            |d| field(d).default = Some(Box::new(Value::from("x"))),
            |d| d.constraints.minimum = Some(0.0),
            |d| {
                if let TypeKind::Struct(s) = &mut d.kind {
                    s.additional = Some(Additional {
                        name: "additional_properties".into(),
                        value: TypeRef::Json,
                    });
                }
            },
            |d| d.kind = TypeKind::Alias(TypeRef::Named(TypeId(3))),
        ];
        let original = key(&record());
        for (index, change) in changes.iter().enumerate() {
            let mut changed = record();
            change(&mut changed);
            assert_ne!(key(&changed), original, "change {index} left the key as it was");
        }
    }

    #[test]
    fn a_reference_counts_as_the_type_it_was_merged_into() {
        let mut other = record();
        field(&mut other).ty = TypeRef::Named(TypeId(7));
        let merged = |id| if id == 7 { 3 } else { id };
        assert_eq!(shape_key(&other, &mut { merged }), key(&record()));
    }
}
