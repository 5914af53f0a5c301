//! Enums and unions: values and shapes added or removed.
//!
//! The generated enums keep a value the spec does not list in a catch-all
//! variant, so a new value never fails deserialisation, and they are
//! `#[non_exhaustive]`, so a new variant never stops a `match` from
//! compiling; but a value that used to arrive in the catch-all now arrives
//! in its own variant. Unions (`oneOf`) are exhaustive: a new shape is a new
//! variant every `match` must handle.

use serde_json::Value;

use super::schemas::{Place, Slot, Walker, unused};
use super::{Assessment, Direction};
use crate::ir::{Enum, TypeDef, Union};

impl Walker<'_> {
    pub(crate) fn compare_enum(&mut self, new_def: &TypeDef, old: &Enum, new: &Enum, place: &Place) {
        for variant in new
            .variants
            .iter()
            .filter(|v| !old.variants.iter().any(|o| o.value == v.value))
        {
            let value = show(&variant.value);
            let wire = match self.direction {
                Direction::Request => Assessment::safe("the server accepts one more value"),
                Direction::Response => Assessment::breaking(format!(
                    "clients that know only the listed values may fail on `{value}`; the generated enum keeps it in `Other(..)`"
                )),
                Direction::Unused => unused(),
            };
            let item = format!("{}::{}", new_def.name, variant.name);
            let rust = Assessment::safe(format!(
                "new variant `{item}`; `{}` is `#[non_exhaustive]`, so `match`es already have a `_` arm, and `{value}` now arrives as `{item}` rather than `Other(..)`",
                new_def.name
            ));
            let at = Place { item, ..place.clone() };
            let id = self.direction.id(place.position, "enum-value-added");
            self.push(&at, id, format!("enum value `{value}` added"), wire, rust);
        }
        for variant in old
            .variants
            .iter()
            .filter(|v| !new.variants.iter().any(|n| n.value == v.value))
        {
            let value = show(&variant.value);
            let wire = match self.direction {
                Direction::Request => Assessment::breaking(format!("requests that send `{value}` are rejected")),
                Direction::Response => Assessment::safe(format!("the server no longer sends `{value}`")),
                Direction::Unused => unused(),
            };
            let item = format!("{}::{}", new_def.name, variant.name);
            let rust = Assessment::breaking(format!(
                "variant `{item}` is gone; code naming it stops compiling, and `{value}` now arrives as `Other(..)`"
            ));
            let at = Place { item, ..place.clone() };
            let id = self.direction.id(place.position, "enum-value-removed");
            self.push(&at, id, format!("enum value `{value}` removed"), wire, rust);
        }
    }

    pub(crate) fn compare_union(
        &mut self,
        old_def: &TypeDef,
        new_def: &TypeDef,
        old: &Union,
        new: &Union,
        place: &Place,
    ) {
        for variant in &new.variants {
            let item = format!("{}::{}", new_def.name, variant.name);
            match old.variants.iter().find(|o| o.name == variant.name) {
                Some(before) => {
                    let wrap = |boxed: bool| move |t: String| if boxed { format!("Box<{t}>") } else { t };
                    let at = Place {
                        pointer: format!("{}/oneOf[{}]", place.pointer, variant.name),
                        item,
                        old: Slot::of(self.old, old_def.module, &before.ty, wrap(before.boxed)),
                        new: Slot::of(self.new, new_def.module, &variant.ty, wrap(variant.boxed)),
                        old_format: None,
                        new_format: None,
                        ..place.clone()
                    };
                    self.compare(&before.ty, &variant.ty, &at);
                }
                None => {
                    let wire = match self.direction {
                        Direction::Request => Assessment::safe("the server accepts one more shape"),
                        Direction::Response => Assessment::breaking("clients may receive a shape they do not know"),
                        Direction::Unused => unused(),
                    };
                    let rust = Assessment::review(format!(
                        "new variant `{item}`: exhaustive `match`es without a `_` arm stop compiling"
                    ));
                    let at = Place { item, ..place.clone() };
                    let id = self.direction.id(place.position, "one-of-added");
                    self.push(&at, id, format!("oneOf variant `{}` added", variant.name), wire, rust);
                }
            }
        }
        for variant in old
            .variants
            .iter()
            .filter(|v| !new.variants.iter().any(|n| n.name == v.name))
        {
            let item = format!("{}::{}", old_def.name, variant.name);
            let wire = match self.direction {
                Direction::Request => {
                    Assessment::breaking(format!("requests in the `{}` shape are rejected", variant.name))
                }
                Direction::Response => {
                    Assessment::safe(format!("the server no longer sends the `{}` shape", variant.name))
                }
                Direction::Unused => unused(),
            };
            let rust = Assessment::breaking(format!("variant `{item}` is gone; code naming it stops compiling"));
            let at = Place { item, ..place.clone() };
            let id = self.direction.id(place.position, "one-of-removed");
            self.push(&at, id, format!("oneOf variant `{}` removed", variant.name), wire, rust);
        }
        if old.tag != new.tag {
            self.discriminator_changed(new_def, old, new, place);
        }
    }

    /// The property that tells a union's shapes apart, added, removed or renamed.
    fn discriminator_changed(&mut self, new_def: &TypeDef, old: &Union, new: &Union, place: &Place) {
        let show_tag = |tag: &Option<String>| tag.as_deref().map(|t| format!("`{t}`")).unwrap_or("none".into());
        let summary = format!(
            "discriminator changed from {} to {}",
            show_tag(&old.tag),
            show_tag(&new.tag)
        );
        let wire = match self.direction {
            Direction::Unused => unused(),
            _ => Assessment::review("the property that tells the shapes apart changed; check both sides agree"),
        };
        let rust = if old.tag.is_some() != new.tag.is_some() {
            Assessment::review(format!(
                "`{}` {} its catch-all variant for unknown tags",
                new_def.name,
                if new.tag.is_some() { "gains" } else { "loses" }
            ))
        } else {
            Assessment::safe("only how a value is told apart changes, not the Rust enum")
        };
        let id = self.direction.id(place.position, "discriminator-changed");
        self.push(place, id, summary, wire, rust);
    }
}

/// A value as a reader writes it: `eu`, `3`.
fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
