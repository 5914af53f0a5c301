//! Named types, each on its own: paired by Rust name and compared one level
//! deep, in every direction the operations use them.
//!
//! Operations already list what a change in a type does to them; this entry
//! says what the change is to the type, once, including for types no
//! operation uses.

use std::collections::{HashMap, HashSet};

use super::constraints::compare_constraints;
use super::documents::Document;
use super::pairs::Sides;
use super::schemas::{Place, Slot, Walker};
use super::wire::string_format;
use super::{Assessment, Change, Direction, Finding, ModulePair, Position, Subject};
use crate::ir::{Program, TypeDef, TypeId, TypeKind, TypeRef};

/// Which named types each side's operations send and receive.
pub(crate) struct Usage {
    old: Reach,
    new: Reach,
}

#[derive(Default)]
struct Reach {
    request: HashSet<TypeId>,
    response: HashSet<TypeId>,
}

impl Usage {
    pub fn of(sides: &Sides) -> Self {
        Usage {
            old: reach(sides.old, sides.old_doc),
            new: reach(sides.new, sides.new_doc),
        }
    }

    /// The directions a type travels in on either side; `Unused` when none.
    fn directions(&self, old: TypeId, new: TypeId) -> Vec<Direction> {
        let mut directions = Vec::new();
        if self.old.request.contains(&old) || self.new.request.contains(&new) {
            directions.push(Direction::Request);
        }
        if self.old.response.contains(&old) || self.new.response.contains(&new) {
            directions.push(Direction::Response);
        }
        if directions.is_empty() {
            directions.push(Direction::Unused);
        }
        directions
    }
}

/// The types each direction reaches, from the lowered bodies and from every
/// media type the documents list.
fn reach(program: &Program, document: &Document) -> Reach {
    let mut listed_requests = Vec::new();
    let mut listed_responses = Vec::new();
    for module in &program.modules {
        for op in &module.operations {
            let (request, responses) = document.body_types(op);
            listed_requests.extend(request);
            listed_responses.extend(responses);
        }
    }
    let mut requests: Vec<&TypeRef> = listed_requests.iter().collect();
    let mut responses: Vec<&TypeRef> = listed_responses.iter().collect();
    for op in program.modules.iter().flat_map(|m| &m.operations) {
        requests.extend(op.parameters.iter().map(|p| &p.ty));
        requests.extend(op.request_body.iter().filter_map(|b| b.ty.as_ref()));
        responses.extend(op.responses.iter().filter_map(|r| r.body.as_ref()?.ty.as_ref()));
    }
    // A webhook's body travels like a response: from the API to its users.
    let webhooks = program.modules.iter().flat_map(|m| &m.webhooks);
    responses.extend(webhooks.filter_map(|w| w.body.as_ref()?.ty.as_ref()));
    Reach {
        request: named_types_below(program, requests),
        response: named_types_below(program, responses),
    }
}

/// Every named type reachable from `roots`.
fn named_types_below<'p>(program: &'p Program, roots: Vec<&'p TypeRef>) -> HashSet<TypeId> {
    let mut seen = HashSet::new();
    let mut stack = roots;
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(id) => {
                if !seen.insert(*id) {
                    continue;
                }
                match program.types.get(id.0).map(|def| &def.kind) {
                    Some(TypeKind::Struct(s)) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.iter().map(|a| &a.value));
                    }
                    Some(TypeKind::Union(u)) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    Some(TypeKind::Alias(target)) => stack.push(target),
                    Some(TypeKind::Enum(_)) | None => {}
                }
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => stack.push(inner),
            _ => {}
        }
    }
    seen
}

pub(crate) fn diff_types(old: &Program, new: &Program, pair: &ModulePair, usage: &Usage, out: &mut Vec<Change>) {
    let (Some(old_module), Some(new_module)) = (pair.old, pair.new) else {
        return;
    };
    let old_types: HashMap<&str, &TypeDef> = old.types_of(old_module.id).map(|d| (d.name.as_str(), d)).collect();
    let new_names: HashSet<&str> = new.types_of(new_module.id).map(|d| d.name.as_str()).collect();
    let subject = |def: &TypeDef| Subject::Type { name: def.name.clone() };
    for new_def in new.types_of(new_module.id) {
        let Some(old_def) = old_types.get(new_def.name.as_str()) else {
            let finding = Finding::new(
                "type-added",
                "type added",
                Assessment::safe("a Rust name only; operations that use it list their own changes"),
                Assessment::safe(format!("new type `types::{}`", new_def.name)),
            );
            out.push(finding.into_change(pair, subject(new_def), String::new()));
            continue;
        };
        for direction in usage.directions(old_def.id, new_def.id) {
            let location = match direction {
                Direction::Request => "in requests",
                Direction::Response => "in responses",
                Direction::Unused => "used by no operation",
            };
            for finding in compare_type(old, new, old_def, new_def, direction) {
                out.push(finding.into_change(pair, subject(new_def), location.to_string()));
            }
        }
    }
    for old_def in old
        .types_of(old_module.id)
        .filter(|d| !new_names.contains(d.name.as_str()))
    {
        let finding = Finding::new(
            "type-removed",
            "type removed",
            Assessment::safe("a Rust name only; operations that used it list their own changes"),
            Assessment::breaking(format!(
                "`types::{}` is gone; code naming it stops compiling",
                old_def.name
            )),
        );
        out.push(finding.into_change(pair, subject(old_def), String::new()));
    }
}

fn compare_type(
    old: &Program,
    new: &Program,
    old_def: &TypeDef,
    new_def: &TypeDef,
    direction: Direction,
) -> Vec<Finding> {
    // An alias is the type it stands for; anything else is its own name.
    let slot = |program: &Program, def: &TypeDef| match &def.kind {
        TypeKind::Alias(target) => Slot::of(program, def.module, target, |t| t),
        _ => Slot {
            shown: def.name.clone(),
            resolved: def.name.clone(),
        },
    };
    let place = Place {
        position: Position::Property,
        pointer: String::new(),
        item: new_def.name.clone(),
        old: slot(old, old_def),
        new: slot(new, new_def),
        old_format: string_format(&old_def.docs).map(str::to_string),
        new_format: string_format(&new_def.docs).map(str::to_string),
    };
    let mut walker = Walker::shallow(old, new, direction);
    walker.findings.extend(compare_constraints(
        &old_def.constraints,
        &new_def.constraints,
        direction,
        Position::Property,
        "",
        Some(&new_def.name),
    ));
    walker.compare_named(old_def.id, new_def.id, &place, true);
    walker.findings
}
