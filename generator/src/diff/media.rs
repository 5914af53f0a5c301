//! Every media type of a body: added, removed, and the schema of each.
//!
//! The generated client sends and reads one media type per body (JSON when
//! there is one); its schema is compared through the lowered types, with
//! the Rust verdicts that follow. The other media types are read from the
//! documents: the schema of one that a named type stands for is compared
//! through that type, any other as written. Their Rust verdicts are
//! non-breaking: the client does not deserialise them, and a named type lists its
//! own Rust change under its own entry.

use super::documents::{BodyOf, Media, first_difference};
use super::pairs::OperationPair;
use super::schemas::{Place, Slot, Walker};
use super::{Assessment, Direction, Finding, Position};
use crate::ir::{Body, Program, TypeId, TypeRef};

/// The two versions of one body of an operation.
pub(crate) struct BodyPair<'b> {
    pub of: BodyOf,
    pub old: &'b Body,
    pub new: &'b Body,
    /// The Rust verdict of a change to what the client sends or reads.
    pub client_rust: Assessment,
}

impl BodyPair<'_> {
    fn direction(&self) -> Direction {
        match self.of {
            BodyOf::Request => Direction::Request,
            BodyOf::Response(_) => Direction::Response,
        }
    }

    fn ids(&self) -> (&'static str, &'static str) {
        match self.of {
            BodyOf::Request => ("request-body-media-type-added", "request-body-media-type-removed"),
            BodyOf::Response(_) => ("response-media-type-added", "response-media-type-removed"),
        }
    }

    /// What the generated client does with the body's media type.
    fn client_uses(&self, media: &str) -> Assessment {
        let verb = match self.of {
            BodyOf::Request => "sends",
            BodyOf::Response(_) => "reads",
        };
        Assessment::safe(format!("the generated client {verb} `{media}`"))
    }
}

/// The media types listed on one side; the lowered one alone when the
/// document does not say more.
fn listed(found: Vec<Media>, body: &Body) -> Vec<Media> {
    if found.is_empty() && !body.content_type.is_empty() {
        return vec![Media {
            name: body.content_type.clone(),
            schema: None,
        }];
    }
    found
}

fn same_media(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

pub(crate) fn compare_media(ops: &OperationPair, body: &BodyPair) -> Vec<Finding> {
    let before = listed(ops.old_doc.media_types(ops.before, body.of), body.old);
    let after = listed(ops.new_doc.media_types(ops.after, body.of), body.new);
    let find = |list: &'_ [Media], name: &str| list.iter().position(|m| same_media(&m.name, name));
    let (added_id, removed_id) = body.ids();
    let (old_sent, new_sent) = (&body.old.content_type, &body.new.content_type);
    let mut found = Vec::new();
    for media in &before {
        let name = &media.name;
        let Some(counterpart) = find(&after, name) else {
            let wire = match body.of {
                BodyOf::Request => Assessment::breaking(format!("clients that send `{name}` are rejected")),
                BodyOf::Response(_) => Assessment::breaking(format!(
                    "clients that ask for `{name}` no longer get a documented response"
                )),
            };
            let rust = if same_media(name, old_sent) {
                body.client_rust.clone()
            } else {
                body.client_uses(new_sent)
            };
            found.push(Finding::new(
                removed_id,
                format!("media type `{name}` removed"),
                wire,
                rust,
            ));
            continue;
        };
        found.extend(compare_schemas(
            ops,
            body,
            media,
            &after[counterpart],
            (&before, &after),
        ));
    }
    for media in after.iter().filter(|m| find(&before, &m.name).is_none()) {
        let name = &media.name;
        let wire = match body.of {
            BodyOf::Request => Assessment::safe(format!("the server also reads `{name}`")),
            BodyOf::Response(_) => {
                Assessment::safe("clients that ask for the media types listed before still get them")
            }
        };
        // The client switches to it while its old media type stays listed.
        let switched =
            same_media(name, new_sent) && !same_media(old_sent, new_sent) && find(&after, old_sent).is_some();
        let rust = if switched {
            body.client_rust.clone()
        } else {
            body.client_uses(new_sent)
        };
        found.push(Finding::new(added_id, format!("media type `{name}` added"), wire, rust));
    }
    found
}

/// The schemas of one media type listed on both sides.
fn compare_schemas(
    ops: &OperationPair,
    body: &BodyPair,
    old: &Media,
    new: &Media,
    (before, after): (&[Media], &[Media]),
) -> Vec<Finding> {
    let typed = body.old.ty.is_some() && body.new.ty.is_some();
    let schema_of = |list: &[Media], name: &str| {
        list.iter()
            .find(|m| same_media(&m.name, name))
            .and_then(|m| m.schema.clone())
    };
    // The client's own schemas are compared through the lowered types.
    let client_pair = (
        schema_of(before, &body.old.content_type),
        schema_of(after, &body.new.content_type),
    );
    let client_media = same_media(&old.name, &body.old.content_type) && same_media(&new.name, &body.new.content_type);
    if typed && (client_media || (old.schema.clone(), new.schema.clone()) == client_pair) {
        return Vec::new();
    }
    let direction = body.direction();
    let not_read = Assessment::safe(format!(
        "the generated client does not deserialise `{}` bodies; a type lowered from the schema lists its own Rust change",
        new.name
    ));
    let (old_schema, new_schema) = match (&old.schema, &new.schema) {
        (None, None) => return Vec::new(),
        (Some(a), Some(b)) => (a, b),
        _ => {
            let what = if new.schema.is_some() { "added" } else { "removed" };
            return vec![schema_changed(direction, &new.name, format!("schema {what}"), not_read)];
        }
    };
    let named = (ops.old_doc.named_type(old_schema), ops.new_doc.named_type(new_schema));
    if let (Some(a), Some(b)) = named {
        return compare_named(ops, direction, (a, b), &new.name, &not_read);
    }
    match first_difference(ops.old_doc.specs, old_schema, ops.new_doc.specs, new_schema) {
        Some(pointer) => {
            let at = if pointer.is_empty() {
                "at its root".to_string()
            } else {
                format!("at `{pointer}`")
            };
            vec![schema_changed(
                direction,
                &new.name,
                format!("schema changed {at}"),
                not_read,
            )]
        }
        None => Vec::new(),
    }
}

/// Schemas that are component types on both sides, compared as the types
/// they lower to; no client code reads them, which each finding says.
fn compare_named(
    ops: &OperationPair,
    direction: Direction,
    (a, b): (TypeId, TypeId),
    media: &str,
    not_read: &Assessment,
) -> Vec<Finding> {
    let name = |program: &Program, id: TypeId| {
        let name = program.type_def(id).name.clone();
        Slot {
            shown: name.clone(),
            resolved: name,
        }
    };
    let place = Place {
        position: Position::Body,
        pointer: String::new(),
        item: ops.new.type_def(b).name.clone(),
        old: name(ops.old, a),
        new: name(ops.new, b),
        old_format: None,
        new_format: None,
    };
    let mut walker = Walker::deep(ops.old, ops.new, direction);
    walker.compare(&TypeRef::Named(a), &TypeRef::Named(b), &place);
    walker
        .findings
        .into_iter()
        .map(|mut finding| {
            finding.summary = format!("{} in `{media}`", finding.summary);
            finding.rust = not_read.clone();
            finding
        })
        .collect()
}

fn schema_changed(direction: Direction, media: &str, what: String, rust: Assessment) -> Finding {
    let wire = match direction {
        Direction::Request => {
            Assessment::review(format!("requests written for the old `{media}` schema may be rejected"))
        }
        _ => Assessment::review(format!(
            "clients written for the old `{media}` schema may fail on the new one"
        )),
    };
    Finding::new(
        direction.id(Position::Body, "schema-changed"),
        format!("`{media}` {what}"),
        wire,
        rust,
    )
}
