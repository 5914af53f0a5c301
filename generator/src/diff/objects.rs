//! Objects: properties paired by wire name, then added, removed, or
//! compared one by one; and the Rust struct each object is.
//!
//! A required property is a plain field, an optional one an `Option`; a
//! struct derives `Default` only while every field is optional, so a struct
//! literal can leave the rest to `..Default::default()`.

use super::constraints::{compare_constraints, compare_default};
use super::rust::{derives_default, field_text};
use super::schemas::{Place, Slot, Walker, constraints_at, deprecated_rust, format_at, slot_verdict, unused};
use super::{Assessment, Direction, Position};
use crate::error::escape_pointer_segment;
use crate::ir::{Access, Field, Program, Struct, TypeDef};

impl Walker<'_> {
    pub(crate) fn compare_struct(
        &mut self,
        old_def: &TypeDef,
        new_def: &TypeDef,
        old: &Struct,
        new: &Struct,
        place: &Place,
    ) {
        let direction = self.direction;
        let visible = |field: &&Field| travels(direction, field);
        for new_field in new.fields.iter().filter(visible) {
            let counterpart = old
                .fields
                .iter()
                .filter(visible)
                .find(|f| f.wire_name == new_field.wire_name);
            match counterpart {
                Some(old_field) => self.compare_field(old_def, new_def, old, new, old_field, new_field, place),
                None => self.field_added(old_def, new_def, old, new, new_field, place),
            }
        }
        for old_field in old.fields.iter().filter(visible) {
            if !new
                .fields
                .iter()
                .filter(visible)
                .any(|f| f.wire_name == old_field.wire_name)
            {
                self.field_removed(old_def, new_def, new, old_field, place);
            }
        }
        self.compare_additional(new_def, old, new, place);
    }

    pub(crate) fn field_place(
        &self,
        (old_def, new_def): (&TypeDef, &TypeDef),
        old: Option<&Field>,
        new: Option<&Field>,
        parent: &Place,
    ) -> Place {
        let (wire_name, name) = match new.or(old) {
            Some(f) => (f.wire_name.as_str(), f.name.as_str()),
            None => ("", ""),
        };
        let slot = |program: &Program, def: &TypeDef, field: Option<&Field>| {
            field
                .map(|f| {
                    Slot::of(program, def.module, &f.ty, |t| {
                        field_text(t, f.required || f.flatten, f.nullable, f.boxed)
                    })
                })
                .unwrap_or_default()
        };
        Place {
            position: Position::Property,
            pointer: format!("{}/{}", parent.pointer, escape_pointer_segment(wire_name)),
            item: format!("{}::{name}", new_def.name),
            old: slot(self.old, old_def, old),
            new: slot(self.new, new_def, new),
            old_format: old.and_then(|f| format_at(self.old, &f.docs, &f.ty)),
            new_format: new.and_then(|f| format_at(self.new, &f.docs, &f.ty)),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn compare_field(
        &mut self,
        old_def: &TypeDef,
        new_def: &TypeDef,
        old_struct: &Struct,
        new_struct: &Struct,
        old: &Field,
        new: &Field,
        parent: &Place,
    ) {
        let place = self.field_place((old_def, new_def), Some(old), Some(new), parent);
        let name = &new.wire_name;
        if old.required != new.required {
            let (what, summary, wire) = if new.required {
                let wire = match self.direction {
                    Direction::Request => Assessment::breaking(format!("requests without `{name}` are rejected")),
                    Direction::Response => Assessment::safe(format!("the server now always sends `{name}`")),
                    Direction::Unused => unused(),
                };
                ("became-required", format!("`{name}` became required"), wire)
            } else {
                let wire = match self.direction {
                    Direction::Request => Assessment::safe(format!("requests may now leave `{name}` out")),
                    Direction::Response => {
                        Assessment::breaking(format!("clients that rely on `{name}` may not get it"))
                    }
                    Direction::Unused => unused(),
                };
                ("became-optional", format!("`{name}` became optional"), wire)
            };
            let rust = with_default_note(slot_verdict(&place), new_def, old_struct, new_struct);
            self.push_what(&place, what, summary, wire, rust);
        }
        if old.nullable != new.nullable {
            self.nullable_changed(new.nullable, &place);
        }
        if !old.docs.deprecated && new.docs.deprecated {
            let wire = Assessment::safe(format!("`{name}` still works; the spec marks it for removal"));
            self.push_what(
                &place,
                "deprecated",
                format!("`{name}` deprecated"),
                wire,
                deprecated_rust(),
            );
        }
        let (direction, position) = (self.direction, place.position);
        if let Some(finding) = compare_default(
            old.default.as_deref(),
            new.default.as_deref(),
            direction,
            position,
            &place.pointer,
            Some(&place.item),
        ) {
            self.findings.push(finding);
        }
        let old_constraints = constraints_at(self.old, &old.constraints, &old.ty);
        let new_constraints = constraints_at(self.new, &new.constraints, &new.ty);
        self.findings.extend(compare_constraints(
            old_constraints,
            new_constraints,
            direction,
            position,
            &place.pointer,
            Some(&place.item),
        ));
        self.compare(&old.ty, &new.ty, &place);
    }

    fn field_added(
        &mut self,
        old_def: &TypeDef,
        new_def: &TypeDef,
        old_struct: &Struct,
        new_struct: &Struct,
        field: &Field,
        parent: &Place,
    ) {
        // Present before but not in this direction (it was read-only or write-only).
        let hidden = old_struct.fields.iter().find(|f| f.wire_name == field.wire_name);
        let place = self.field_place((old_def, new_def), hidden, Some(field), parent);
        let name = &field.wire_name;
        let (id, wire) = match (self.direction, field.required) {
            (Direction::Request, true) => (
                "new-required-request-property",
                Assessment::breaking(format!("requests without `{name}` are rejected")),
            ),
            (Direction::Request, false) => (
                "new-optional-request-property",
                Assessment::safe(format!("requests may leave `{name}` out")),
            ),
            (Direction::Response, true) => (
                "response-required-property-added",
                Assessment::safe("clients ignore properties they do not know"),
            ),
            (Direction::Response, false) => (
                "response-optional-property-added",
                Assessment::safe("clients ignore properties they do not know"),
            ),
            (Direction::Unused, true) => ("required-property-added", unused()),
            (Direction::Unused, false) => ("optional-property-added", unused()),
        };
        let shown = &place.new.shown;
        let rust = if hidden.is_some() {
            slot_verdict(&place)
        } else if field.required || field.flatten {
            let reason = format!(
                "`{}` gains `{}: {shown}`, which every struct literal must set",
                new_def.name, field.name
            );
            with_default_note(Assessment::breaking(reason), new_def, old_struct, new_struct)
        } else if derives_default(new_struct) {
            Assessment::review(format!(
                "`{}` gains `{}: {shown}`: struct literals that list every field stop compiling, those ending in `..Default::default()` do not",
                new_def.name, field.name
            ))
        } else {
            Assessment::breaking(format!(
                "`{}` gains `{}: {shown}` and does not derive `Default`, so every struct literal must set it",
                new_def.name, field.name
            ))
        };
        let summary = if field.required {
            format!("required property `{name}` added")
        } else {
            format!("optional property `{name}` added")
        };
        self.push(&place, id.to_string(), summary, wire, rust);
    }

    fn field_removed(
        &mut self,
        old_def: &TypeDef,
        new_def: &TypeDef,
        new_struct: &Struct,
        field: &Field,
        parent: &Place,
    ) {
        let hidden = new_struct.fields.iter().find(|f| f.wire_name == field.wire_name);
        let mut place = self.field_place((old_def, new_def), Some(field), hidden, parent);
        place.item = format!("{}::{}", old_def.name, field.name);
        let name = &field.wire_name;
        let (id, wire) = match (self.direction, field.required) {
            (Direction::Request, _) => (
                "request-property-removed",
                Assessment::review(format!(
                    "clients that still send `{name}` may be rejected, or see it ignored"
                )),
            ),
            (Direction::Response, true) => (
                "response-required-property-removed",
                Assessment::breaking(format!("clients that read `{name}` no longer get it")),
            ),
            (Direction::Response, false) => (
                "response-optional-property-removed",
                Assessment::review(format!("clients that use `{name}` when present never get it now")),
            ),
            (Direction::Unused, _) => ("property-removed", unused()),
        };
        let rust = if hidden.is_some() {
            slot_verdict(&place)
        } else {
            Assessment::breaking(format!(
                "`{}` is gone; code that reads or sets it stops compiling",
                place.item
            ))
        };
        self.push(&place, id.to_string(), format!("property `{name}` removed"), wire, rust);
    }

    fn compare_additional(&mut self, new_def: &TypeDef, old: &Struct, new: &Struct, parent: &Place) {
        let field = new.additional.as_ref().or(old.additional.as_ref());
        let field = field.map_or(crate::lower::names::ADDITIONAL_FIELD, |a| a.name.as_str());
        let item = format!("{}::{field}", new_def.name);
        let value = |a: &crate::ir::Additional| a.value.clone();
        match (old.additional.as_ref().map(value), new.additional.as_ref().map(value)) {
            (Some(a), Some(b)) => {
                let wrap = |t: String| format!("BTreeMap<String, {t}>");
                let place = Place {
                    position: Position::Property,
                    pointer: format!("{}/*", parent.pointer),
                    item,
                    old: Slot::of(self.old, new_def.module, &a, wrap),
                    new: Slot::of(self.new, new_def.module, &b, wrap),
                    old_format: None,
                    new_format: None,
                };
                self.compare(&a, &b, &place);
            }
            (None, Some(_)) => {
                let wire = match self.direction {
                    Direction::Request => Assessment::safe("the server accepts properties the spec does not list"),
                    Direction::Response => Assessment::review("clients receive properties the spec does not list"),
                    Direction::Unused => unused(),
                };
                let rust = if derives_default(new) {
                    Assessment::review(format!(
                        "`{}` gains `{field}`: struct literals that list every field stop compiling, those ending in `..Default::default()` do not",
                        new_def.name
                    ))
                } else {
                    Assessment::breaking(format!(
                        "`{}` gains `{field}`, which every struct literal must set",
                        new_def.name
                    ))
                };
                let place = Place { item, ..parent.clone() };
                self.push_what(
                    &place,
                    "additional-properties-added",
                    "unlisted properties allowed".into(),
                    wire,
                    rust,
                );
            }
            (Some(_), None) => {
                let wire = match self.direction {
                    Direction::Request => Assessment::review("requests with unlisted properties may be rejected"),
                    Direction::Response => Assessment::safe("the server sends only the listed properties"),
                    Direction::Unused => unused(),
                };
                let rust =
                    Assessment::breaking(format!("`{item}` is gone; code that reads or sets it stops compiling"));
                let place = Place { item, ..parent.clone() };
                self.push_what(
                    &place,
                    "additional-properties-removed",
                    "unlisted properties no longer allowed".into(),
                    wire,
                    rust,
                );
            }
            (None, None) => {}
        }
    }
}

/// Whether a property travels in a direction at all: a read-only one is
/// never in a request, a write-only one never in a response.
fn travels(direction: Direction, field: &Field) -> bool {
    match direction {
        Direction::Request => field.access != Access::ReadOnly,
        Direction::Response => field.access != Access::WriteOnly,
        Direction::Unused => true,
    }
}

/// Adds that a struct lost its `Default` derive, when this change made it so.
fn with_default_note(verdict: Assessment, def: &TypeDef, old: &Struct, new: &Struct) -> Assessment {
    if derives_default(old) && !derives_default(new) {
        Assessment::breaking(format!(
            "{}; `{}` no longer derives `Default`",
            verdict.reason, def.name
        ))
    } else {
        verdict
    }
}
