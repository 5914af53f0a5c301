//! Request bodies and responses: presence, statuses, and the schemas inside
//! them; their media types are compared in `media`.
//!
//! In the client the request body is the method's last argument; a success
//! body is what the method returns (or a variant of `{Op}Success`), an error
//! body the payload of a variant of `{Op}Error`.

use super::client::{
    Aliases, body_argument, error_enum, error_variants, response_text, success_text, success_variants,
};
use super::documents::BodyOf;
use super::media::{BodyPair, compare_media};
use super::pairs::{Located, Location, OperationPair};
use super::schemas::{Place, Slot, Walker, slot_verdict};
use super::{Assessment, Direction, Finding, Position};
use crate::ir::{Body, ModuleId, Program, Response};

pub(crate) fn compare_request_body(ops: &OperationPair, found: &mut Vec<Located>) {
    let method = &ops.after.name;
    let item = format!("Client::{method}(body)");
    let mut push = |id: &str, summary: String, wire: Assessment, rust: Assessment| {
        let finding = Finding::new(id, summary, wire, rust).at("", Some(&item));
        found.push((Location::RequestBody, finding));
    };
    match (&ops.before.request_body, &ops.after.request_body) {
        (None, None) => {}
        (None, Some(new)) => {
            let rust = Assessment::breaking(format!(
                "`{method}` takes a new `body: {}` argument, which every call must pass",
                argument(ops.new, ops.new_module.id, new)
            ));
            if new.required {
                push(
                    "request-body-added-required",
                    "required request body added".into(),
                    Assessment::breaking("requests without a body are rejected"),
                    rust,
                );
            } else {
                push(
                    "request-body-added-optional",
                    "optional request body added".into(),
                    Assessment::safe("requests may leave the body out"),
                    rust,
                );
            }
        }
        (Some(_), None) => push(
            "request-body-removed",
            "request body removed".into(),
            Assessment::review("clients that still send a body see it ignored, or rejected"),
            Assessment::breaking(format!(
                "`{method}` no longer takes a body; calls that pass one stop compiling"
            )),
        ),
        (Some(old), Some(new)) => compare_kept_body(ops, old, new, &item, found),
    }
}

/// The body argument's type as the method's signature shows it.
fn argument(program: &Program, module: ModuleId, body: &Body) -> String {
    body_argument(program, module, Some(body), Aliases::Kept).unwrap_or_else(|| "none".into())
}

/// A request body both versions have: whether it is required, its media
/// types, and its type.
fn compare_kept_body(ops: &OperationPair, old: &Body, new: &Body, item: &str, found: &mut Vec<Located>) {
    let slot = |program: &Program, module: ModuleId, body: &Body| Slot {
        shown: argument(program, module, body),
        resolved: body_argument(program, module, Some(body), Aliases::Resolved).unwrap_or_else(|| "none".into()),
    };
    let place = Place {
        position: Position::Body,
        pointer: String::new(),
        item: item.to_string(),
        old: slot(ops.old, ops.old_module.id, old),
        new: slot(ops.new, ops.new_module.id, new),
        old_format: None,
        new_format: None,
    };
    if old.required != new.required {
        let (id, summary, wire) = if new.required {
            (
                "request-body-became-required",
                "request body became required",
                Assessment::breaking("requests without a body are rejected"),
            )
        } else {
            (
                "request-body-became-optional",
                "request body became optional",
                Assessment::safe("requests may now leave the body out"),
            )
        };
        let finding = Finding::new(id, summary.to_string(), wire, slot_verdict(&place)).at("", Some(item));
        found.push((Location::RequestBody, finding));
    }
    let media = BodyPair {
        of: BodyOf::Request,
        old,
        new,
        client_rust: slot_verdict(&place),
    };
    for finding in compare_media(ops, &media) {
        found.push((Location::RequestBody, held_by(finding, item)));
    }
    let mut walker = Walker::deep(ops.old, ops.new, Direction::Request);
    compare_body_types(&mut walker, old, new, &place);
    found.extend(walker.findings.into_iter().map(|f| (Location::RequestBody, f)));
}

/// A finding about the body as a whole is about the item holding it.
fn held_by(finding: Finding, item: &str) -> Finding {
    match finding.rust_item {
        Some(_) => finding,
        None => finding.at("", Some(item)),
    }
}

fn compare_body_types(walker: &mut Walker, old: &Body, new: &Body, place: &Place) {
    match (&old.ty, &new.ty) {
        (Some(a), Some(b)) => walker.compare(a, b, place),
        (None, None) => {}
        (a, b) => {
            let show = |ty: &Option<_>| if ty.is_some() { "JSON" } else { "not JSON" };
            let id = walker.direction.id(Position::Body, "type-changed");
            let wire = match walker.direction {
                Direction::Request => Assessment::breaking("requests written for the old body may be rejected"),
                _ => Assessment::breaking("clients written for the old body may fail on the new one"),
            };
            let summary = format!("body changed from {} to {}", show(a), show(b));
            walker.push(place, id, summary, wire, slot_verdict(place));
        }
    }
}

/// The Rust side of a response: where its body lands, and the verdict of a
/// change to its status or body.
struct ResponseShapes<'o> {
    ops: &'o OperationPair<'o>,
}

impl ResponseShapes<'_> {
    /// The item a response's body lands in.
    fn item(&self, response: &Response) -> String {
        if response.is_success() {
            format!("Client::{}", self.ops.after.name)
        } else {
            format!("{}::{}", error_enum(self.ops.after), response.variant)
        }
    }

    /// A success status or body changed: what the method returns before and after.
    fn success(&self, response: &Response) -> Assessment {
        let ops = self.ops;
        let method = &ops.after.name;
        let old = success_text(ops.old, ops.old_module.id, ops.before);
        let new = success_text(ops.new, ops.new_module.id, ops.after);
        if old != new {
            return Assessment::breaking(format!("`{method}` now returns `{new}` instead of `{old}`"));
        }
        let old_variants = success_variants(ops.old, ops.old_module.id, ops.before).unwrap_or_default();
        let new_variants = success_variants(ops.new, ops.new_module.id, ops.after).unwrap_or_default();
        if old_variants.is_empty() && new_variants.is_empty() {
            return Assessment::safe(format!("`{method}` still returns `{new}`"));
        }
        variant_change(
            &super::client::success_enum(ops.after),
            &response.variant,
            &old_variants,
            &new_variants,
        )
    }

    /// An error status or body changed: the variants of the error enum.
    fn error(&self, response: &Response) -> Assessment {
        let ops = self.ops;
        let old = error_variants(ops.old, ops.old_module.id, ops.before);
        let new = error_variants(ops.new, ops.new_module.id, ops.after);
        variant_change(&error_enum(ops.after), &response.variant, &old, &new)
    }

    fn verdict(&self, response: &Response) -> Assessment {
        if response.is_success() {
            self.success(response)
        } else {
            self.error(response)
        }
    }
}

/// A variant of a client enum added, removed, or carrying another payload.
fn variant_change(enum_name: &str, word: &str, old: &[(String, String)], new: &[(String, String)]) -> Assessment {
    let find = |variants: &[(String, String)]| variants.iter().find(|(w, _)| *w == word).map(|(_, p)| p.clone());
    match (find(old), find(new)) {
        (None, Some(_)) => Assessment::safe(format!(
            "`{enum_name}` gains `{word}`; it is `#[non_exhaustive]`, so `match`es already have a `_` arm"
        )),
        (Some(_), None) => {
            Assessment::breaking(format!("`{enum_name}::{word}` is gone; code naming it stops compiling"))
        }
        (Some(a), Some(b)) if a != b => {
            Assessment::breaking(format!("`{enum_name}::{word}` changes from `{a}` to `{b}`"))
        }
        _ => Assessment::safe(format!("`{enum_name}` keeps its variants")),
    }
}

pub(crate) fn compare_responses(ops: &OperationPair, found: &mut Vec<Located>) {
    let shapes = ResponseShapes { ops };
    for new in &ops.after.responses {
        let status = new.status.to_string();
        let location = Location::Responses(vec![status.clone()]);
        let Some(old) = ops.before.responses.iter().find(|r| r.status == new.status) else {
            let finding = if new.is_success() {
                Finding::new(
                    "response-success-status-added",
                    format!("success status `{status}` added"),
                    Assessment::review(format!(
                        "clients that accept only the listed success statuses may treat `{status}` as an error"
                    )),
                    shapes.success(new),
                )
            } else {
                Finding::new(
                    "response-non-success-status-added",
                    format!("status `{status}` added"),
                    Assessment::safe("it documents an error the server may return"),
                    shapes.error(new),
                )
            };
            found.push((location, finding));
            continue;
        };
        compare_response(&shapes, old, new, location, found);
    }
    for old in &ops.before.responses {
        if ops.after.responses.iter().any(|r| r.status == old.status) {
            continue;
        }
        let status = old.status.to_string();
        let finding = if old.is_success() {
            Finding::new(
                "response-success-status-removed",
                format!("success status `{status}` removed"),
                Assessment::breaking(format!("clients that expect `{status}` no longer get it")),
                shapes.success(old),
            )
        } else {
            Finding::new(
                "response-non-success-status-removed",
                format!("status `{status}` removed"),
                Assessment::safe(format!(
                    "the server no longer documents `{status}`; clients that handle it are unaffected"
                )),
                shapes.error(old),
            )
        };
        found.push((Location::Responses(vec![status]), finding));
    }
}

fn compare_response(
    shapes: &ResponseShapes,
    old: &Response,
    new: &Response,
    location: Location,
    found: &mut Vec<Located>,
) {
    let ops = shapes.ops;
    let success = new.is_success();
    let item = shapes.item(new);
    let mut push = |id: &str, summary: String, wire: Assessment, rust: Assessment| {
        let finding = Finding::new(id, summary, wire, rust).at("", Some(&item));
        found.push((location.clone(), finding));
    };
    match (&old.body, &new.body) {
        (None, None) => {}
        (None, Some(_)) => push(
            "response-media-type-added",
            "body added".into(),
            Assessment::safe("clients that ignored the empty body are unaffected"),
            shapes.verdict(new),
        ),
        (Some(_), None) => push(
            "response-media-type-removed",
            "body removed".into(),
            if success {
                Assessment::breaking("clients that read the body get none")
            } else {
                Assessment::review("clients that read the error body get none")
            },
            shapes.verdict(new),
        ),
        (Some(old_body), Some(new_body)) => {
            let media = BodyPair {
                of: BodyOf::Response(new.status),
                old: old_body,
                new: new_body,
                client_rust: shapes.verdict(new),
            };
            for finding in compare_media(ops, &media) {
                found.push((location.clone(), held_by(finding, &item)));
            }
            let slot = |program: &Program, module: ModuleId, body: &Body| Slot {
                shown: response_text(program, module, body, success, Aliases::Kept),
                resolved: response_text(program, module, body, success, Aliases::Resolved),
            };
            let place = Place {
                position: Position::Body,
                pointer: String::new(),
                item: item.clone(),
                old: slot(ops.old, ops.old_module.id, old_body),
                new: slot(ops.new, ops.new_module.id, new_body),
                old_format: None,
                new_format: None,
            };
            // A walk per status, so a shared error body is reported under each.
            let mut walker = Walker::deep(ops.old, ops.new, Direction::Response);
            compare_body_types(&mut walker, old_body, new_body, &place);
            found.extend(walker.findings.into_iter().map(|f| (location.clone(), f)));
        }
    }
}
