//! Constraints and defaults: whether a place now accepts more values, fewer,
//! or different ones, and what its default became.

use serde_json::Value;

use super::{Assessment, Direction, Finding, Position};
use crate::ir::Constraints;

/// Which way a change moves the set of values a place allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Range {
    /// Every value allowed before is still allowed.
    Wider,
    /// Every value allowed now was allowed before.
    Narrower,
    /// Neither, or impossible to tell.
    Different,
}

/// The Rust verdict of every constraint change.
fn rust_unaffected() -> Assessment {
    Assessment::safe("constraints are not part of any Rust type or signature, only of rustdoc")
}

/// The wire verdict of a constraint that moved the allowed values.
fn constraint_wire(direction: Direction, range: Range) -> Assessment {
    match (direction, range) {
        (Direction::Request, Range::Narrower) => {
            Assessment::breaking("requests the old limits allowed may now be rejected")
        }
        (Direction::Request, Range::Wider) => Assessment::safe("the server accepts everything it accepted before"),
        (Direction::Response, Range::Narrower) => Assessment::safe("the server sends a subset of what it sent before"),
        (Direction::Response, Range::Wider) => {
            Assessment::review("clients that check the old limits may reject what the server now sends")
        }
        (Direction::Request | Direction::Response, Range::Different) => {
            Assessment::review("neither limit contains the other; check values on both sides")
        }
        (Direction::Unused, _) => Assessment::safe("no operation sends or receives this type"),
    }
}

/// Every constraint that differs between `old` and `new`.
pub(crate) fn compare_constraints(
    old: &Constraints,
    new: &Constraints,
    direction: Direction,
    position: Position,
    pointer: &str,
    rust_item: Option<&str>,
) -> Vec<Finding> {
    let mut changes: Vec<Change> = Vec::new();
    bound_changes(&mut changes, old, new);
    shape_changes(&mut changes, old, new);
    let mut findings: Vec<Finding> = changes
        .into_iter()
        .map(|(what, summary, range)| {
            Finding::new(
                direction.id(position, &what),
                summary,
                constraint_wire(direction, range),
                rust_unaffected(),
            )
            .at(pointer, rust_item)
        })
        .collect();
    let empty = Constraints::default();
    let old_items = old.items.as_deref().unwrap_or(&empty);
    let new_items = new.items.as_deref().unwrap_or(&empty);
    if old_items != new_items {
        let items_pointer = format!("{pointer}[]");
        findings.extend(compare_constraints(
            old_items,
            new_items,
            direction,
            position,
            &items_pointer,
            rust_item,
        ));
    }
    findings
}

/// One constraint's change: its id, the summary, and how the range of
/// valid values moved.
type Change = (String, String, Range);

/// Changes of the bounds on values, lengths and item counts.
fn bound_changes(changes: &mut Vec<Change>, old: &Constraints, new: &Constraints) {
    upper_bound(
        changes,
        "max",
        "maximum",
        bound(old.maximum, old.exclusive_maximum),
        bound(new.maximum, new.exclusive_maximum),
    );
    lower_bound(
        changes,
        "min",
        "minimum",
        bound(old.minimum, old.exclusive_minimum),
        bound(new.minimum, new.exclusive_minimum),
    );
    upper_bound(
        changes,
        "max-length",
        "maxLength",
        count(old.max_length),
        count(new.max_length),
    );
    lower_bound(
        changes,
        "min-length",
        "minLength",
        count(old.min_length),
        count(new.min_length),
    );
    upper_bound(
        changes,
        "max-items",
        "maxItems",
        count(old.max_items),
        count(new.max_items),
    );
    lower_bound(
        changes,
        "min-items",
        "minItems",
        count(old.min_items),
        count(new.min_items),
    );
}

/// Changes of the pattern, the multiple and item uniqueness.
fn shape_changes(changes: &mut Vec<Change>, old: &Constraints, new: &Constraints) {
    match (&old.pattern, &new.pattern) {
        (None, Some(p)) => changes.push(("pattern-added".into(), format!("pattern `{p}` added"), Range::Narrower)),
        (Some(p), None) => changes.push(("pattern-removed".into(), format!("pattern `{p}` removed"), Range::Wider)),
        (Some(a), Some(b)) if a != b => changes.push((
            "pattern-changed".into(),
            format!("pattern changed from `{a}` to `{b}`"),
            Range::Different,
        )),
        _ => {}
    }
    multiple_of(changes, old.multiple_of, new.multiple_of);
    match (old.unique_items, new.unique_items) {
        (false, true) => changes.push((
            "unique-items-added".into(),
            "items must now be unique".into(),
            Range::Narrower,
        )),
        (true, false) => changes.push((
            "unique-items-removed".into(),
            "items no longer need to be unique".into(),
            Range::Wider,
        )),
        _ => {}
    }
}

/// A bound as a comparable value: its number, and whether the number itself is excluded.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bound {
    value: f64,
    exclusive: bool,
}

fn bound(value: Option<f64>, exclusive: bool) -> Option<Bound> {
    value.map(|value| Bound { value, exclusive })
}

fn count(value: Option<usize>) -> Option<Bound> {
    value.map(|v| Bound {
        value: v as f64,
        exclusive: false,
    })
}

fn show(b: Bound) -> String {
    if b.exclusive {
        format!("{} (exclusive)", b.value)
    } else {
        b.value.to_string()
    }
}

/// `maximum`, `maxLength`, `maxItems`: a lower number allows fewer values.
fn upper_bound(out: &mut Vec<Change>, id: &str, keyword: &str, old: Option<Bound>, new: Option<Bound>) {
    compare_bound(out, id, keyword, old, new, |a, b| {
        a.value > b.value || (a.value == b.value && b.exclusive && !a.exclusive)
    });
}

/// `minimum`, `minLength`, `minItems`: a higher number allows fewer values.
fn lower_bound(out: &mut Vec<Change>, id: &str, keyword: &str, old: Option<Bound>, new: Option<Bound>) {
    compare_bound(out, id, keyword, old, new, |a, b| {
        a.value < b.value || (a.value == b.value && b.exclusive && !a.exclusive)
    });
}

fn compare_bound(
    out: &mut Vec<Change>,
    id: &str,
    keyword: &str,
    old: Option<Bound>,
    new: Option<Bound>,
    tightened: fn(Bound, Bound) -> bool,
) {
    match (old, new) {
        (None, Some(b)) => out.push((
            format!("{id}-set"),
            format!("{keyword} set to {}", show(b)),
            Range::Narrower,
        )),
        (Some(a), None) => out.push((
            format!("{id}-unset"),
            format!("{keyword} {} removed", show(a)),
            Range::Wider,
        )),
        (Some(a), Some(b)) if a != b => {
            let (range, verb) = if tightened(a, b) {
                (Range::Narrower, "tightened")
            } else {
                (Range::Wider, "loosened")
            };
            let direction = if b.value < a.value {
                "decreased"
            } else if b.value > a.value {
                "increased"
            } else {
                verb
            };
            out.push((
                format!("{id}-{direction}"),
                format!("{keyword} {direction} from {} to {}", show(a), show(b)),
                range,
            ));
        }
        _ => {}
    }
}

fn multiple_of(out: &mut Vec<Change>, old: Option<f64>, new: Option<f64>) {
    let divides = |a: f64, b: f64| a != 0.0 && (b / a).fract() == 0.0;
    match (old, new) {
        (None, Some(b)) => out.push((
            "multiple-of-set".into(),
            format!("multipleOf set to {b}"),
            Range::Narrower,
        )),
        (Some(a), None) => out.push((
            "multiple-of-unset".into(),
            format!("multipleOf {a} removed"),
            Range::Wider,
        )),
        (Some(a), Some(b)) if a != b => {
            // Multiples of 4 are multiples of 2: a new divisor of the old one widens.
            let range = if divides(a, b) {
                Range::Narrower
            } else if divides(b, a) {
                Range::Wider
            } else {
                Range::Different
            };
            out.push((
                "multiple-of-changed".into(),
                format!("multipleOf changed from {a} to {b}"),
                range,
            ));
        }
        _ => {}
    }
}

/// A changed `default`: the value a server assumes when a request leaves
/// the property out, or a client when a response does.
pub(crate) fn compare_default(
    old: Option<&Value>,
    new: Option<&Value>,
    direction: Direction,
    position: Position,
    pointer: &str,
    rust_item: Option<&str>,
) -> Option<Finding> {
    if old == new {
        return None;
    }
    let show = |v: Option<&Value>| v.map(|v| format!("`{v}`")).unwrap_or_else(|| "none".into());
    let summary = format!("default changed from {} to {}", show(old), show(new));
    let wire = match direction {
        Direction::Request => Assessment::review(format!(
            "requests that leave it out now get {} instead of {}",
            show(new),
            show(old)
        )),
        Direction::Response => Assessment::review(format!(
            "clients that assume the default when it is absent now assume {}",
            show(new)
        )),
        Direction::Unused => Assessment::safe("no operation sends or receives this type"),
    };
    let rust = Assessment::safe("defaults only reach rustdoc; the generated types do not fill them in");
    Some(Finding::new(direction.id(position, "default-value-changed"), summary, wire, rust).at(pointer, rust_item))
}
