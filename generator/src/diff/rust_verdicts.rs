//! Every difference in the generated items carries a Rust verdict.
//!
//! The changes found from the specs name the items they touch. A generated
//! item that disappears or changes signature without a change that gives
//! it a breaking (or needs-review) Rust verdict, or appears without any
//! change naming it, gets a change of its own here, so that the summary
//! and `--fail-on breaking` never miss what the list of items shows.

use super::client::constructors;
use super::{Assessment, Change, Finding, ModulePair, RustItemChange, RustItemKind, Subject, Verdict};
use crate::ir::{Body, Encoding, Operation};

pub(crate) fn cover_rust_items(pair: &ModulePair, items: &[RustItemChange], changes: &mut Vec<Change>) {
    let covering: Vec<(Vec<String>, Verdict)> = changes
        .iter()
        .map(|change| (names_of(pair, change), change.rust.verdict))
        .collect();
    let new_types: Vec<String> = items
        .iter()
        .filter(|i| i.kind == RustItemKind::Type && i.old.is_none())
        .map(|i| local_path(&i.item))
        .collect();
    let mut added = Vec::new();
    for item in items.iter().filter(|i| i.kind != RustItemKind::Module) {
        let path = local_path(&item.item);
        let in_new_type = new_types.iter().any(|ty| related(ty, &path));
        let breaking = breaks(item) && !(item.old.is_none() && in_new_type);
        let covered = covering.iter().any(|(names, verdict)| {
            (!breaking || *verdict != Verdict::NonBreaking) && names.iter().any(|name| related(name, &path))
        });
        if !covered {
            added.push(uncovered(pair, item, &path, breaking));
        }
    }
    changes.extend(added);
}

/// `types::User::name` → `User::name`; `client::Client::get_user` → `Client::get_user`.
fn local_path(item: &str) -> String {
    item.strip_prefix("types::")
        .or_else(|| item.strip_prefix("client::"))
        .unwrap_or(item)
        .to_string()
}

/// One names the other or something inside it.
fn related(a: &str, b: &str) -> bool {
    let inside = |outer: &str, inner: &str| inner.strip_prefix(outer).is_some_and(|rest| rest.starts_with("::"));
    a == b || inside(a, b) || inside(b, a)
}

/// Whether code written against the old item may stop compiling.
fn breaks(item: &RustItemChange) -> bool {
    match (&item.old, &item.new) {
        (Some(_), None) => true,
        // A struct literal must name every field.
        (None, Some(_)) => item.kind == RustItemKind::Field,
        // Gaining `Default` takes nothing away; arguments are positional.
        (Some(old), Some(new)) => match item.kind {
            RustItemKind::Type => format!("{old}, derives Default") != *new,
            RustItemKind::Method => without_argument_names(old) != without_argument_names(new),
            _ => true,
        },
        (None, None) => false,
    }
}

/// `fn get(&self, id: &str) -> T` → `fn get(&self, &str) -> T`.
pub(crate) fn without_argument_names(signature: &str) -> String {
    let (Some(open), Some(close)) = (signature.find('('), signature.find(") ->")) else {
        return signature.to_string();
    };
    let mut arguments = Vec::new();
    let (mut depth, mut start) = (0usize, open + 1);
    let inside = &signature[open + 1..close];
    for (i, c) in inside.char_indices() {
        match c {
            '<' | '(' => depth += 1,
            '>' | ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                arguments.push(&signature[start..open + 1 + i]);
                start = open + 2 + i;
            }
            _ => {}
        }
    }
    arguments.push(&signature[start..close]);
    let types: Vec<&str> = arguments
        .iter()
        .map(|a| a.split_once(": ").map_or(a.trim(), |(_, ty)| ty.trim()))
        .collect();
    format!(
        "{}({}){}",
        &signature[..open],
        types.join(", "),
        &signature[close + 1..]
    )
}

fn operation<'m>(pair: &'m ModulePair, name: &str) -> Option<&'m Operation> {
    [pair.new, pair.old]
        .into_iter()
        .flatten()
        .find_map(|m| m.operations.iter().find(|op| op.name == name))
}

/// The items a change is about: the one it names, its type, or its
/// operation's method and the client types named after it.
fn names_of(pair: &ModulePair, change: &Change) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(item) = &change.rust_item {
        let item = item.split('(').next().unwrap_or(item);
        names.push(item.to_string());
        names.push(format!("Client::{item}"));
    }
    let modules = [pair.old, pair.new].into_iter().flatten();
    match &change.subject {
        Subject::Type { name } => names.push(name.clone()),
        // Both versions of the operation, whatever its method is called on each side.
        Subject::Operation { method, path, name } => {
            let same = |op: &&Operation| op.name == *name || (op.method.as_str() == method && op.path.text == *path);
            for op in modules.flat_map(|m| m.operations.iter().filter(same)) {
                names.push(format!("Client::{}", op.name));
                names.extend(item_names(op));
            }
        }
        Subject::Api if change.location == "servers" => names.push("Client::DEFAULT_BASE_URL".into()),
        Subject::Api if change.location == "security schemes" => {
            let name = |c: &String| c.split('(').next().unwrap_or(c).to_string();
            names.extend(modules.flat_map(constructors).map(|c| format!("Client::{}", name(&c))));
        }
        Subject::Api => {}
    }
    names
}

/// The client items named after an operation: its error, params, success
/// and multipart types and its stream method, as lowering named them.
fn item_names(op: &Operation) -> impl Iterator<Item = String> + '_ {
    let multipart = match &op.request_body {
        Some(Body {
            encoding: Encoding::Multipart(multipart),
            ..
        }) => Some(&multipart.name),
        _ => None,
    };
    let stream = op.pagination.as_ref().map(|p| format!("Client::{}", p.stream));
    [
        Some(&op.items.error),
        op.items.params.as_ref(),
        op.items.success.as_ref(),
        multipart,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .chain(stream)
}

/// The subject an item belongs to: its type, its operation, or the spec.
fn subject_of(pair: &ModulePair, path: &str) -> Subject {
    let mut segments = path.split("::");
    let first = segments.next().unwrap_or_default();
    let module = pair.new.or(pair.old);
    let by_name = |name: &str| operation(pair, name);
    let by_item = |ty: &str| module.and_then(|m| m.operations.iter().find(|op| item_names(op).any(|name| name == ty)));
    let op = if first == "Client" {
        segments.next().and_then(by_name)
    } else {
        by_item(first)
    };
    match op {
        Some(op) => Subject::Operation {
            method: op.method.to_string(),
            path: op.path.to_string(),
            name: op.name.clone(),
        },
        None if path.starts_with("Client::") => Subject::Api,
        None => Subject::Type {
            name: first.to_string(),
        },
    }
}

fn uncovered(pair: &ModulePair, item: &RustItemChange, path: &str, breaking: bool) -> Change {
    let kind = item.kind.label();
    let (id, summary) = match (&item.old, &item.new) {
        (Some(_), None) => ("rust-item-removed", format!("{kind} `{path}` removed")),
        (None, Some(_)) => ("rust-item-added", format!("{kind} `{path}` added")),
        (old, new) => (
            "rust-item-changed",
            format!(
                "{kind} `{path}` changes from `{}` to `{}`",
                old.as_deref().unwrap_or_default(),
                new.as_deref().unwrap_or_default()
            ),
        ),
    };
    let rust = if breaking {
        Assessment::breaking(format!("code that uses `{path}` as it was may stop compiling"))
    } else {
        Assessment::safe(format!("`{path}` is new; existing code does not use it"))
    };
    let wire = Assessment::safe("a difference in the generated Rust only; wire changes are listed on their own");
    Finding::new(id, summary, wire, rust)
        .at("", Some(path))
        .into_change(pair, subject_of(pair, path), String::new())
}
