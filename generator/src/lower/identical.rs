//! One type per concept: inline schemas with the same shape become one type.
//!
//! ```yaml
//! answer_url: {type: object, properties: {http_method: {type: string, enum: [GET, POST]}}}
//! event_url:  {type: object, properties: {http_method: {type: string, enum: [GET, POST]}}}
//! ```
//! lowers to two structs whose `http_method` fields hold two identical
//! enums; they are merged into one enum `HttpMethod`, and then the two
//! structs, now identical, into one struct. Shapes compare by everything the
//! wire and the generated code see (fields, wire names, types, optionality,
//! constraints, defaults, enum values); docs do not count.
//!
//! Component schemas keep their names and are never merged with each other;
//! an inline shape equal to one becomes that component. A merged inline type
//! is named after the words its names end with (`…AnswerUrlHttpMethod` and
//! `…EventUrlHttpMethod` give `HttpMethod`) when those are specific enough
//! and free, otherwise after its first copy in spec order.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::shape_key::shape_key;
use super::{Lowerer, names};
use crate::error::{Warning, WarningKind};
use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Name endings too vague to name a type on their own.
const VAGUE: [&str; 14] = [
    "Type", "Status", "Item", "Items", "Data", "Value", "Response", "Request", "Error", "Result", "Kind", "Name", "Id",
    "Model",
];

impl Lowerer<'_> {
    pub(super) fn merge_identical_types(&mut self) {
        let count = self.types.len();
        let component: Vec<bool> = self.types.iter().map(is_component).collect();
        let mut parent: Vec<usize> = (0..count).collect();
        // Who refers to each type: a merge changes only their shapes.
        let mut users: Vec<Vec<usize>> = vec![Vec::new(); count];
        for (id, def) in self.types.iter_mut().enumerate() {
            for_each_ref_in_kind(&mut def.kind, &mut |ty| {
                named_in(ty, &mut |target| users[target].push(id));
            });
        }
        let mut keys: Vec<Vec<u8>> = vec![Vec::new(); count];
        let mut dirty = vec![true; count];
        loop {
            for id in 0..count {
                if dirty[id] && find(&mut parent, id) == id {
                    keys[id] = shape_key(&self.types[id], &mut |t| find(&mut parent, t));
                    dirty[id] = false;
                }
            }
            let mut groups: HashMap<(usize, &[u8]), Vec<usize>> = HashMap::default();
            for (id, key) in keys.iter().enumerate() {
                if find(&mut parent, id) == id {
                    groups
                        .entry((self.types[id].module.0, key.as_slice()))
                        .or_default()
                        .push(id);
                }
            }
            let mut changed = false;
            for members in groups.values().filter(|m| m.len() > 1) {
                let target = members.iter().copied().find(|&m| component[m]).unwrap_or(members[0]);
                for &member in members.iter().filter(|&&m| m != target && !component[m]) {
                    parent[member] = target;
                    for &user in &users[member] {
                        dirty[user] = true;
                    }
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let mut absorbed: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for id in 0..count {
            let root = find(&mut parent, id);
            if root != id {
                absorbed.entry(root).or_default().push(id);
            }
        }
        if absorbed.is_empty() {
            return;
        }
        self.name_merged(&absorbed, &component);
        self.reindex(&mut parent);
    }

    /// Gives each merged inline type its name and reports every merge.
    fn name_merged(&mut self, absorbed: &BTreeMap<usize, Vec<usize>>, component: &[bool]) {
        let merged_away: HashSet<usize> = absorbed.values().flatten().copied().collect();
        let mut taken: HashMap<usize, HashSet<String>> = HashMap::default();
        for (id, def) in self.types.iter().enumerate() {
            if !merged_away.contains(&id) {
                taken.entry(def.module.0).or_default().insert(def.name.clone());
            }
        }
        for (&target, members) in absorbed {
            let first = self.types[target].name.clone();
            let all: Vec<&str> = std::iter::once(first.as_str())
                .chain(members.iter().map(|&m| self.types[m].name.as_str()))
                .collect();
            let module = self.types[target].module.0;
            let origins: Vec<&str> = std::iter::once(target)
                .chain(members.iter().copied())
                .map(|id| self.types[id].origin.as_str())
                .collect();
            let free = |name: &String| !taken.get(&module).is_some_and(|t| t.contains(name));
            let name = if component[target] {
                first.clone()
            } else {
                merged_name(&all, &origins)
                    .into_iter()
                    .find(free)
                    .unwrap_or_else(|| first.clone())
            };
            if let Some(names) = taken.get_mut(&module) {
                names.remove(&first);
                names.insert(name.clone());
            }
            let copies: Vec<String> = members.iter().map(|&m| format!("`{}`", self.types[m].name)).collect();
            let mut message = format!(
                "{} identical to `{first}`; they are one type `{name}`",
                if copies.len() == 1 {
                    format!("inline type {} is", copies[0])
                } else {
                    format!("inline types {} are", copies.join(", "))
                }
            );
            let first_docs = &self.types[target].docs;
            let differing: Vec<String> = members
                .iter()
                .filter(|&&m| self.types[m].docs.description != first_docs.description)
                .filter_map(|&m| self.types[m].docs.description.as_deref())
                .map(|d| format!("\"{}\"", d.lines().next().unwrap_or_default()))
                .collect();
            if !differing.is_empty() {
                message.push_str(&format!(
                    "; the first copy's docs are kept, the others said {}",
                    differing.join(", ")
                ));
            }
            let (file, pointer) = split_origin(&self.types[target].origin);
            self.warnings.push(Warning {
                kind: WarningKind::Merged,
                file: file.into(),
                pointer: pointer.to_string(),
                message,
            });
            self.types[target].name = name;
        }
    }

    /// Drops the merged copies and points every reference at what they merged into.
    fn reindex(&mut self, parent: &mut [usize]) {
        let count = self.types.len();
        let mut new_index = vec![0; count];
        let mut next = 0;
        for (id, index) in new_index.iter_mut().enumerate() {
            if find(parent, id) == id {
                *index = next;
                next += 1;
            }
        }
        let map: Vec<TypeId> = (0..count).map(|id| TypeId(new_index[find(parent, id)])).collect();
        let types = std::mem::take(&mut self.types);
        for (id, mut def) in types.into_iter().enumerate() {
            if find(parent, id) != id {
                continue;
            }
            def.id = map[id];
            for_each_ref_in_kind(&mut def.kind, &mut |ty| remap(ty, &map));
            self.types.push(def);
        }
        for module in &mut self.modules {
            for op in &mut module.operations {
                for p in &mut op.parameters {
                    remap(&mut p.ty, &map);
                }
                let bodies = op
                    .request_body
                    .iter_mut()
                    .chain(op.responses.iter_mut().filter_map(|r| r.body.as_mut()));
                for ty in bodies.flat_map(|body| body.type_refs_mut()) {
                    remap(ty, &map);
                }
            }
            for ty in module
                .webhooks
                .iter_mut()
                .filter_map(|w| w.body.as_mut())
                .flat_map(|body| body.type_refs_mut())
            {
                remap(ty, &map);
            }
            for example in &mut module.examples {
                remap(&mut example.ty, &map);
            }
        }
    }
}

/// A component schema, named by the spec: `#/components/schemas/Name`.
fn is_component(def: &TypeDef) -> bool {
    let (_, pointer) = split_origin(&def.origin);
    pointer
        .strip_prefix("/components/schemas/")
        .is_some_and(|name| !name.contains('/'))
}

fn split_origin(origin: &str) -> (&str, &str) {
    origin.split_once('#').unwrap_or((origin, ""))
}

fn find(parent: &mut [usize], id: usize) -> usize {
    let mut root = id;
    while parent[root] != root {
        root = parent[root];
    }
    let mut current = id;
    while parent[current] != root {
        let next = parent[current];
        parent[current] = root;
        current = next;
    }
    root
}

fn named_in(ty: &TypeRef, visit: &mut impl FnMut(usize)) {
    match ty {
        TypeRef::Named(id) => visit(id.0),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => named_in(inner, visit),
        _ => {}
    }
}

fn remap(ty: &mut TypeRef, map: &[TypeId]) {
    match ty {
        TypeRef::Named(id) => *id = map[id.0],
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => remap(inner, map),
        _ => {}
    }
}

fn for_each_ref_in_kind(kind: &mut TypeKind, visit: &mut impl FnMut(&mut TypeRef)) {
    match kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                visit(&mut field.ty);
            }
            if let Some(additional) = &mut s.additional {
                visit(&mut additional.value);
            }
        }
        TypeKind::Union(u) => {
            for variant in &mut u.variants {
                visit(&mut variant.ty);
            }
        }
        TypeKind::Alias(target) => visit(target),
        TypeKind::Enum(_) => {}
    }
}

/// Names for a merged inline type, best first: the name a spec component
/// (a response, request body, parameter) gives a copy; the property every
/// copy is the value of (`HttpMethod` for `http_method`); the words all
/// names end with, when specific enough.
fn merged_name(names: &[&str], origins: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for (name, origin) in names.iter().zip(origins) {
        let (_, pointer) = split_origin(origin);
        let named_by_component = pointer
            .strip_prefix("/components/")
            .and_then(|rest| rest.split_once('/'))
            .is_some_and(|(kind, _)| matches!(kind, "responses" | "requestBodies" | "parameters" | "headers"));
        if named_by_component {
            out.push(name.to_string());
        }
    }
    let properties: Vec<Option<String>> = origins.iter().map(|o| property_of(split_origin(o).1)).collect();
    if let Some(Some(first)) = properties.first()
        && properties.iter().all(|p| p.as_ref() == Some(first))
        && !VAGUE.contains(&first.as_str())
    {
        out.push(first.clone());
    }
    if let Some(ending) = common_ending(names) {
        let words = camel_words(&ending).len();
        if words > 1 || properties.iter().flatten().any(|p| *p == ending) {
            out.push(ending);
        }
    }
    out
}

/// The type name of the property a schema is the value (or the items) of:
/// `…/properties/http_method` → `HttpMethod`, `…/properties/tags/items` → `TagsItem`.
fn property_of(pointer: &str) -> Option<String> {
    let mut segments = pointer.rsplit('/');
    match (segments.next(), segments.next(), segments.next()) {
        (Some("items"), Some(property), Some("properties")) => Some(format!("{}Item", names::type_name(property))),
        (Some(property), Some("properties"), _) => Some(names::type_name(property)),
        _ => None,
    }
}

/// The words every name ends with, without a trailing `Item` (the name of
/// an array's items), when they make a specific enough name.
fn common_ending(names: &[&str]) -> Option<String> {
    let words: Vec<Vec<&str>> = names
        .iter()
        .map(|name| {
            let mut words = camel_words(name);
            if words.len() > 1 && words.last() == Some(&"Item") {
                words.pop();
            }
            words
        })
        .collect();
    let shortest = words.iter().map(Vec::len).min()?;
    let mut ending: Vec<&str> = Vec::new();
    for back in 1..=shortest {
        let word = words[0][words[0].len() - back];
        if words.iter().all(|w| w[w.len() - back] == word) {
            ending.insert(0, word);
        } else {
            break;
        }
    }
    let specific = ending.len() > 1 || ending.first().is_some_and(|w| !VAGUE.contains(w));
    (specific
        && !ending
            .first()
            .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit())))
    .then(|| ending.concat())
}

/// `VoiceCapabilityHttpMethod` → `Voice`, `Capability`, `Http`, `Method`.
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_ascii_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    words.push(&name[start..]);
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endings_name_merged_types() {
        assert_eq!(
            common_ending(&[
                "VoiceCapabilityWebhooksAnswerUrlHttpMethod",
                "MessagesInboundHttpMethod"
            ])
            .as_deref(),
            Some("HttpMethod")
        );
        assert_eq!(
            common_ending(&["CallDirection", "ListCallsDirectionItem", "GetCallsCountDirectionItem"]).as_deref(),
            Some("Direction")
        );
        assert_eq!(common_ending(&["CallType", "EventType"]), None);
        assert_eq!(common_ending(&["Foo", "Bar"]), None);
    }
}
