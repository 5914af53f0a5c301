//! Schemas: two versions of a value's type compared member by member, from
//! a parameter, a body or a named type down through the types it reaches.
//!
//! The same walk serves operations and types. From an operation it follows
//! every named type (`deep`), so a change in a shared component shows up
//! under each operation using it; for one type's own entry it stops at the
//! named types the type refers to, which have entries of their own. Aliases
//! are `pub type` in Rust and invisible on the wire, so both walks look
//! through them.

use std::collections::HashSet;

use super::constraints::Range;
use super::rust::{resolved_text, type_def, type_text};
use super::wire::{format_range, resolve, string_format, strip_nullable, type_range, wire_text};
use super::{Assessment, Direction, Finding, Position, Verdict};
use crate::ir::{Constraints, Docs, EnumRepr, Program, TypeDef, TypeId, TypeKind, TypeRef};

/// The Rust declaration holding a value, on one side.
#[derive(Debug, Clone, Default)]
pub(crate) struct Slot {
    /// As written: `Option<UserId>`.
    pub shown: String,
    /// With aliases expanded: equal texts are the same Rust type.
    pub resolved: String,
}

impl Slot {
    pub fn of(program: &Program, module: crate::ir::ModuleId, ty: &TypeRef, wrap: impl Fn(String) -> String) -> Self {
        Slot {
            shown: wrap(type_text(program, module, ty)),
            resolved: wrap(resolved_text(program, module, ty)),
        }
    }
}

/// Where a compared value sits.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub position: Position,
    /// Wire path below the parameter or body: `/capabilities/voice`.
    pub pointer: String,
    /// The generated item holding the value: `User::name`, `list_users(page_size)`.
    pub item: String,
    pub old: Slot,
    pub new: Slot,
    /// The string `format` at this place, when the schema gives one.
    pub old_format: Option<String>,
    pub new_format: Option<String>,
}

impl Place {
    /// The items of an array or values of a map at this place: same holder,
    /// deeper on the wire.
    fn below(&self, suffix: &str) -> Place {
        Place {
            pointer: format!("{}{suffix}", self.pointer),
            old_format: None,
            new_format: None,
            ..self.clone()
        }
    }
}

/// The Rust verdict of a change that can only matter through the declared type.
pub(crate) fn slot_verdict(place: &Place) -> Assessment {
    if place.old.resolved == place.new.resolved {
        Assessment::safe(format!("`{}` stays `{}`", place.item, place.new.shown))
    } else {
        Assessment::breaking(format!(
            "`{}` changes from `{}` to `{}`",
            place.item, place.old.shown, place.new.shown
        ))
    }
}

pub(crate) fn unused() -> Assessment {
    Assessment::safe("no operation sends or receives this type")
}

/// The string format of a value: from its own schema, or from the named
/// type it refers to.
pub(crate) fn format_at(program: &Program, docs: &Docs, ty: &TypeRef) -> Option<String> {
    string_format(docs)
        .or_else(|| type_def(program, strip_nullable(ty).1).and_then(|def| string_format(&def.docs)))
        .map(str::to_string)
}

/// The constraints at a place: its own, or those of the named type it refers to.
pub(crate) fn constraints_at<'p>(program: &'p Program, own: &'p Constraints, ty: &TypeRef) -> &'p Constraints {
    if !own.is_empty() {
        return own;
    }
    match type_def(program, strip_nullable(ty).1) {
        Some(def) => &def.constraints,
        None => own,
    }
}

pub(crate) struct Walker<'p> {
    pub old: &'p Program,
    pub new: &'p Program,
    pub direction: Direction,
    /// Follow named types (from an operation) or stop at them (a type's own entry).
    deep: bool,
    /// Type pairs already compared: stops recursion, and reports a type
    /// reached along several paths once, at the first.
    seen: HashSet<(TypeId, TypeId)>,
    pub findings: Vec<Finding>,
}

impl<'p> Walker<'p> {
    pub fn deep(old: &'p Program, new: &'p Program, direction: Direction) -> Self {
        Walker {
            old,
            new,
            direction,
            deep: true,
            seen: HashSet::new(),
            findings: Vec::new(),
        }
    }

    pub fn shallow(old: &'p Program, new: &'p Program, direction: Direction) -> Self {
        Walker {
            deep: false,
            ..Walker::deep(old, new, direction)
        }
    }

    pub(crate) fn push(&mut self, place: &Place, id: String, summary: String, wire: Assessment, rust: Assessment) {
        self.findings
            .push(Finding::new(id, summary, wire, rust).at(&place.pointer, Some(&place.item)));
    }

    pub(crate) fn push_what(&mut self, place: &Place, what: &str, summary: String, wire: Assessment, rust: Assessment) {
        let id = self.direction.id(place.position, what);
        self.push(place, id, summary, wire, rust);
    }

    /// Compares the values at one place: nullability, type, then members.
    pub fn compare(&mut self, old: &TypeRef, new: &TypeRef, place: &Place) {
        let (old_null, old_ty) = strip_nullable(resolve(self.old, old));
        let (new_null, new_ty) = strip_nullable(resolve(self.new, new));
        if old_null != new_null {
            self.nullable_changed(new_null, place);
        }
        let (old_ty, new_ty) = (resolve(self.old, old_ty), resolve(self.new, new_ty));
        match (old_ty, new_ty) {
            (TypeRef::Named(a), TypeRef::Named(b)) => self.compare_named(*a, *b, place, false),
            (TypeRef::Vec(a), TypeRef::Vec(b)) => self.compare(a, b, &place.below("[]")),
            (TypeRef::Map(a), TypeRef::Map(b)) => self.compare(a, b, &place.below("/*")),
            (TypeRef::String, TypeRef::String) => {
                let (old_format, new_format) = (place.old_format.as_deref(), place.new_format.as_deref());
                if old_format != new_format {
                    self.type_changed(old_ty, new_ty, format_range(old_format, new_format), place);
                }
            }
            (a, b) if a == b => {}
            // An enum dropped for its base type takes every value it took; the
            // other way round, only the listed ones.
            (TypeRef::Named(a), b) if enum_of(self.old, *a, b) => self.type_changed(old_ty, b, Range::Wider, place),
            (a, TypeRef::Named(b)) if enum_of(self.new, *b, a) => self.type_changed(a, new_ty, Range::Narrower, place),
            (a, b) => self.type_changed(a, b, type_range(a, b), place),
        }
    }

    /// Compares one named type with its counterpart; `root` for a type's own
    /// entry, where even a shallow walk looks inside.
    pub fn compare_named(&mut self, a: TypeId, b: TypeId, place: &Place, root: bool) {
        let (Some(old_def), Some(new_def)) = (self.old.types.get(a.0), self.new.types.get(b.0)) else {
            return;
        };
        if kind_name(&old_def.kind) != kind_name(&new_def.kind) {
            let summary = format!(
                "type changed from `{}` to `{}`",
                wire_text(self.old, &TypeRef::Named(a), None),
                wire_text(self.new, &TypeRef::Named(b), None)
            );
            let wire = self.type_wire(Range::Different);
            let rust = if old_def.name == new_def.name {
                Assessment::breaking(format!(
                    "`{}` changes from {} to {}",
                    new_def.name,
                    kind_name(&old_def.kind),
                    kind_name(&new_def.kind)
                ))
            } else {
                slot_verdict(place)
            };
            self.push_what(place, "type-changed", summary, wire, rust);
            return;
        }
        self.renamed(old_def, new_def, place);
        if !self.deep && !root {
            return;
        }
        if !self.seen.insert((a, b)) {
            return;
        }
        match (&old_def.kind, &new_def.kind) {
            (TypeKind::Struct(old_struct), TypeKind::Struct(new_struct)) => {
                self.compare_struct(old_def, new_def, old_struct, new_struct, place)
            }
            (TypeKind::Enum(old_enum), TypeKind::Enum(new_enum)) => {
                self.compare_enum(new_def, old_enum, new_enum, place)
            }
            (TypeKind::Union(old_union), TypeKind::Union(new_union)) => {
                self.compare_union(old_def, new_def, old_union, new_union, place)
            }
            (TypeKind::Alias(old_target), TypeKind::Alias(new_target)) => self.compare(old_target, new_target, place),
            _ => {}
        }
    }

    /// The value keeps its shape under another Rust type: a `$ref` moved to
    /// a copy, or inline types merged or split. Nothing changes on the wire;
    /// code naming the old type stops compiling.
    fn renamed(&mut self, old_def: &TypeDef, new_def: &TypeDef, place: &Place) {
        let path = |program: &Program, def: &TypeDef| {
            (
                program.modules.get(def.module.0).map(|m| m.name.clone()),
                def.name.clone(),
            )
        };
        let rust = slot_verdict(place);
        if path(self.old, old_def) == path(self.new, new_def) || rust.verdict != Verdict::Breaking {
            return;
        }
        let summary = format!("Rust type `{}` replaced by `{}`", old_def.name, new_def.name);
        let wire = Assessment::safe("type names are not sent; the shapes are compared on their own");
        self.push_what(place, "type-renamed", summary, wire, rust);
    }

    fn type_wire(&self, range: Range) -> Assessment {
        match (self.direction, range) {
            (Direction::Request, Range::Wider) => Assessment::safe("the server accepts every value it accepted before"),
            (Direction::Request, _) => Assessment::breaking("requests written for the old type may be rejected"),
            (Direction::Response, Range::Narrower) => {
                Assessment::safe("the server sends a subset of what it sent before")
            }
            (Direction::Response, _) => {
                Assessment::breaking("clients written for the old type may fail on what the server now sends")
            }
            (Direction::Unused, _) => unused(),
        }
    }

    fn type_changed(&mut self, old: &TypeRef, new: &TypeRef, range: Range, place: &Place) {
        let summary = format!(
            "type/format changed from `{}` to `{}`",
            wire_text(self.old, old, place.old_format.as_deref()),
            wire_text(self.new, new, place.new_format.as_deref())
        );
        let wire = self.type_wire(range);
        self.push_what(place, "type-changed", summary, wire, slot_verdict(place));
    }

    pub(crate) fn nullable_changed(&mut self, now_nullable: bool, place: &Place) {
        let (what, summary, wire) = match (now_nullable, self.direction) {
            (_, Direction::Unused) => (nullable_what(now_nullable), nullable_summary(now_nullable), unused()),
            (true, Direction::Request) => (
                "became-nullable",
                nullable_summary(true),
                Assessment::safe("the server also accepts `null`"),
            ),
            (true, Direction::Response) => (
                "became-nullable",
                nullable_summary(true),
                Assessment::breaking("clients may now receive `null`"),
            ),
            (false, Direction::Request) => (
                "became-not-nullable",
                nullable_summary(false),
                Assessment::breaking("requests that send `null` are rejected"),
            ),
            (false, Direction::Response) => (
                "became-not-nullable",
                nullable_summary(false),
                Assessment::safe("the server no longer sends `null`"),
            ),
        };
        self.push_what(place, what, summary, wire, slot_verdict(place));
    }
}

pub(crate) fn deprecated_rust() -> Assessment {
    Assessment::safe("`#[deprecated]` adds warnings where it is used, not errors, unless warnings are denied")
}

fn nullable_what(now_nullable: bool) -> &'static str {
    if now_nullable {
        "became-nullable"
    } else {
        "became-not-nullable"
    }
}

fn nullable_summary(now_nullable: bool) -> String {
    if now_nullable {
        "became nullable".into()
    } else {
        "is no longer nullable".into()
    }
}

/// Whether type `id` of `program` is an enum over the values of `base`.
fn enum_of(program: &Program, id: TypeId, base: &TypeRef) -> bool {
    match program.types.get(id.0).map(|def| &def.kind) {
        Some(TypeKind::Enum(e)) => match e.repr {
            EnumRepr::String => *base == TypeRef::String,
            EnumRepr::Integer => matches!(base, TypeRef::Int(_)),
        },
        _ => false,
    }
}

/// What a named type is in Rust, for messages and to tell kinds apart.
pub(crate) fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(e) if e.repr == EnumRepr::String => "a string enum",
        TypeKind::Enum(_) => "an integer enum",
        TypeKind::Union(_) => "a oneOf enum",
        TypeKind::Alias(_) => "an alias",
    }
}
