//! Request and response bodies: which media type is used, how it is
//! encoded, and the types its schema becomes.

use openapiv3::{MediaType, ReferenceOr, RequestBody, Schema, SchemaKind, Type};
use serde_json::Value;

use super::schema::{nullable_ref, sub};
use super::{Loc, Lowerer, Resolved, names};
use crate::error::{Result, WarningKind, escape_pointer_segment, push_pointer};
use crate::ir::{Body, Docs, Encoding, FormRule, FormStyle, ListedMedia, Multipart, Part, PartKind, TypeKind, TypeRef};

/// What a media type is, by its essence (`type/subtype`, lowercase).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MediaKind {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
}

fn media_kind(media: &str) -> MediaKind {
    let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    match essence.as_str() {
        "application/json" | "*/*" => MediaKind::Json,
        "application/x-www-form-urlencoded" => MediaKind::Form,
        "multipart/form-data" | "multipart/mixed" => MediaKind::Multipart,
        "application/xml" => MediaKind::Text,
        _ if essence.ends_with("+json") => MediaKind::Json,
        _ if essence.starts_with("text/") || essence.ends_with("+xml") => MediaKind::Text,
        _ => MediaKind::Binary,
    }
}

/// The media type a body is sent and read as: JSON first, then a form,
/// then the first listed. An operation that offers JSON and a form gets
/// one body, sent as JSON.
fn pick_content(content: &indexmap::IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    let ranked = |wanted: MediaKind| content.iter().find(|(media, _)| media_kind(media) == wanted);
    ranked(MediaKind::Json)
        .or_else(|| ranked(MediaKind::Form))
        .or_else(|| ranked(MediaKind::Multipart))
        .or_else(|| content.iter().next())
}

pub(crate) fn lower_body(
    lowerer: &mut Lowerer,
    content: &indexmap::IndexMap<String, MediaType>,
    loc: &Loc,
    hint: &str,
    required: bool,
    description: Option<String>,
) -> Result<Option<Body>> {
    let Some((media, media_type)) = pick_content(content) else {
        return Ok(None);
    };
    let media_loc = sub(loc, &format!("content/{}", escape_pointer_segment(media)));
    let schema_loc = sub(&media_loc, "schema");
    let (ty, encoding) = match (media_kind(media), &media_type.schema) {
        (_, Some(schema)) if is_binary(lowerer, schema, &schema_loc)? => (None, Encoding::Binary),
        (MediaKind::Json, Some(schema)) => {
            let ty = nullable_ref(lowerer.lower_schema_or_ref(schema, &schema_loc, hint)?);
            (Some(ty), Encoding::Json)
        }
        (MediaKind::Form, Some(schema)) => {
            let ty = nullable_ref(lowerer.lower_schema_or_ref(schema, &schema_loc, hint)?);
            (Some(ty), Encoding::Form(form_rules(lowerer, media_type, &media_loc)))
        }
        (MediaKind::Multipart, Some(schema)) => match multipart(lowerer, media_type, schema, &schema_loc, hint)? {
            Some((ty, parts)) => (ty, Encoding::Multipart(parts)),
            None => {
                lowerer.warn(
                    WarningKind::NonStandard,
                    &schema_loc,
                    "a multipart body whose schema is not an object with properties is sent as the bytes given"
                        .to_string(),
                );
                (None, Encoding::Bytes)
            }
        },
        (MediaKind::Text, _) => (None, Encoding::Text),
        (MediaKind::Binary, _) => (None, Encoding::Binary),
        // No schema to type the body with: the bytes as they are.
        (MediaKind::Json | MediaKind::Form | MediaKind::Multipart, None) => (None, Encoding::Bytes),
    };
    if let (Some(ty), Encoding::Json | Encoding::Form(_)) = (&ty, &encoding) {
        collect_media_examples(lowerer, media_type, &media_loc, ty)?;
    }
    Ok(Some(Body {
        content_type: media.clone(),
        ty,
        encoding,
        required,
        description,
        signed_by: None,
    }))
}

/// Every media type of the `content` of the body at `loc`, in spec order,
/// with where its schema is.
pub(crate) fn listed_media(lowerer: &Lowerer, loc: &Loc) -> Vec<ListedMedia> {
    let set = lowerer.set;
    let content = push_pointer(&loc.pointer, "content");
    let Some(map) = set.node(loc.file, &content).and_then(Value::as_object) else {
        return Vec::new();
    };
    let here = set.file(loc.file).path.display().to_string();
    map.iter()
        .map(|(name, media)| {
            let pointer = push_pointer(&push_pointer(&content, name), "schema");
            let schema = media.get("schema").and_then(|schema| {
                let reference = schema
                    .as_object()
                    .and_then(crate::load::ref_value)
                    .and_then(Value::as_str);
                match reference {
                    // Followed from the node in hand, not looked up again from the root.
                    Some(reference) => set
                        .follow_ref(
                            Loc {
                                file: loc.file,
                                pointer,
                            },
                            reference,
                        )
                        .ok()
                        .filter(|target| set.node(target.file, &target.pointer).is_some())
                        .map(|target| format!("{}#{}", set.file(target.file).path.display(), target.pointer)),
                    None => Some(format!("{here}#{pointer}")),
                }
            });
            ListedMedia {
                name: name.clone(),
                schema,
            }
        })
        .collect()
}

pub(crate) fn lower_request_body(
    lowerer: &mut Lowerer,
    body: &ReferenceOr<RequestBody>,
    loc: &Loc,
    hint: &str,
) -> Result<Option<Body>> {
    let (loc, body, hint) = match body {
        ReferenceOr::Item(body) => (loc.clone(), Resolved::Written(body), hint.to_string()),
        ReferenceOr::Reference { reference } => {
            let target = lowerer.set.resolve_followed(loc.file, &loc.pointer, reference)?;
            let body = Resolved::Shared(lowerer.read_shared::<RequestBody>(&target)?);
            let name = target
                .pointer
                .rsplit('/')
                .next()
                .map(crate::error::unescape_pointer_segment)
                .unwrap_or_default();
            (target, body, name)
        }
    };
    lower_body(
        lowerer,
        &body.content,
        &loc,
        &hint,
        body.required,
        body.description.clone(),
    )
}

/// The schema, after `$ref`s, unless it cannot be read as one.
fn resolve_schema<'s>(
    lowerer: &Lowerer,
    schema: &'s ReferenceOr<Schema>,
    loc: &Loc,
) -> Result<Option<(Resolved<'s, Schema>, Loc)>> {
    match schema {
        ReferenceOr::Item(schema) => Ok(Some((Resolved::Written(schema), loc.clone()))),
        ReferenceOr::Reference { reference } => {
            let target = lowerer.set.resolve_followed(loc.file, &loc.pointer, reference)?;
            Ok(lowerer
                .read_shared::<openapiv3::Schema>(&target)
                .ok()
                .map(|schema| (Resolved::Shared(schema), target)))
        }
    }
}

fn boxed_schema(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Item(schema) => ReferenceOr::Item((**schema).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
}

/// `type: string, format: binary`: bytes that are not text.
fn is_binary(lowerer: &Lowerer, schema: &ReferenceOr<Schema>, loc: &Loc) -> Result<bool> {
    Ok(resolve_schema(lowerer, schema, loc)?.is_some_and(|(schema, _)| binary_string(&schema)))
}

fn binary_string(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s))
        if matches!(&s.format, openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)))
}

/// The `encoding` object of a form: how each property it names is written.
fn form_rules(lowerer: &Lowerer, media_type: &MediaType, loc: &Loc) -> Vec<FormRule> {
    media_type
        .encoding
        .iter()
        .map(|(name, encoding)| {
            let style = match encoding.style {
                Some(openapiv3::QueryStyle::SpaceDelimited) => FormStyle::SpaceDelimited,
                Some(openapiv3::QueryStyle::PipeDelimited) => FormStyle::PipeDelimited,
                Some(openapiv3::QueryStyle::DeepObject) => FormStyle::DeepObject,
                Some(openapiv3::QueryStyle::Form) | None => FormStyle::Form,
            };
            FormRule {
                wire_name: name.clone(),
                style,
                // OpenAPI: `explode` defaults to true for the form style only;
                // the document model cannot tell a `false` from an omission.
                explode: lowerer
                    .set
                    .node(
                        loc.file,
                        &format!("{}/encoding/{}/explode", loc.pointer, escape_pointer_segment(name)),
                    )
                    .and_then(serde_json::Value::as_bool)
                    .unwrap_or(style == FormStyle::Form),
                as_json: encoding
                    .content_type
                    .as_deref()
                    // `*/*` names no encoding: the style applies.
                    .is_some_and(|media| media_kind(media) == MediaKind::Json && !media.trim().starts_with("*/*")),
            }
        })
        .collect()
}

/// The parts of a multipart body: one per property of its object schema.
/// Its type, when the schema is a named component, keeps the component
/// reached.
fn multipart(
    lowerer: &mut Lowerer,
    media_type: &MediaType,
    schema: &ReferenceOr<Schema>,
    loc: &Loc,
    hint: &str,
) -> Result<Option<(Option<TypeRef>, Multipart)>> {
    let Some((resolved, at)) = resolve_schema(lowerer, schema, loc)? else {
        return Ok(None);
    };
    let SchemaKind::Type(Type::Object(object)) = &resolved.schema_kind else {
        return Ok(None);
    };
    if object.properties.is_empty() {
        return Ok(None);
    }
    let component = match schema {
        ReferenceOr::Reference { .. } => Some(nullable_ref(lowerer.lower_schema_or_ref(schema, loc, hint)?)),
        ReferenceOr::Item(_) => None,
    };
    let mut field_names = names::Scope::default();
    let mut parts = Vec::new();
    for (wire_name, property) in &object.properties {
        let property_loc = sub(&at, &format!("properties/{}", escape_pointer_segment(wire_name)));
        let property = boxed_schema(property);
        let (name, _) = field_names.claim(&names::snake_ident(wire_name, "part"), wire_name);
        let part_hint = format!("{hint}{}", names::type_name(wire_name));
        let kind = part_kind(lowerer, &property, &property_loc, &part_hint)?;
        let docs = match resolve_schema(lowerer, &property, &property_loc)? {
            Some((schema, _)) => Docs {
                title: schema.schema_data.title.clone(),
                description: schema.schema_data.description.clone(),
                deprecated: schema.schema_data.deprecated,
                format: super::docs::schema_docs(&schema).format,
                ..Docs::default()
            },
            None => Docs::default(),
        };
        parts.push(Part {
            name,
            wire_name: wire_name.clone(),
            kind,
            required: object.required.contains(wire_name),
            content_type: media_type
                .encoding
                .get(wire_name)
                .and_then(|encoding| encoding.content_type.clone()),
            docs,
        });
    }
    let multipart = Multipart {
        // Named with the operation's other client items.
        name: String::new(),
        parts,
    };
    Ok(Some((component, multipart)))
}

fn part_kind(lowerer: &mut Lowerer, property: &ReferenceOr<Schema>, loc: &Loc, hint: &str) -> Result<PartKind> {
    if let Some((schema, at)) = resolve_schema(lowerer, property, loc)? {
        if binary_string(&schema) {
            return Ok(PartKind::File);
        }
        if let SchemaKind::Type(Type::Array(array)) = &schema.schema_kind
            && let Some(items) = &array.items
            && is_binary(lowerer, &boxed_schema(items), &sub(&at, "items"))?
        {
            return Ok(PartKind::Files);
        }
    }
    let ty = nullable_ref(lowerer.lower_schema_or_ref(property, loc, hint)?);
    let text = match &ty {
        TypeRef::Vec(item) => lowerer.is_text(item),
        ty => lowerer.is_text(ty),
    };
    Ok(if text { PartKind::Text(ty) } else { PartKind::Json(ty) })
}

impl Lowerer<'_> {
    /// Whether values of `ty` are written as plain text: scalars and enums.
    fn is_text(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::String | TypeRef::Bool | TypeRef::Int(_) | TypeRef::Float(_) => true,
            TypeRef::Named(id) => match self.types.get(id.0).map(|def| &def.kind) {
                Some(TypeKind::Enum(_)) => true,
                Some(TypeKind::Alias(target)) => self.is_text(target),
                _ => false,
            },
            _ => false,
        }
    }
}

/// `example` and `examples` of a media type, each a value the body type must accept.
fn collect_media_examples(lowerer: &mut Lowerer, media_type: &MediaType, loc: &Loc, ty: &TypeRef) -> Result<()> {
    if let Some(example) = &media_type.example {
        lowerer.add_example(&sub(loc, "example"), ty.clone(), example);
    }
    for (name, example) in &media_type.examples {
        let written = sub(loc, &format!("examples/{}", escape_pointer_segment(name)));
        let target = match example {
            ReferenceOr::Item(_) => written,
            ReferenceOr::Reference { reference } => {
                lowerer
                    .set
                    .resolve_followed(written.file, &written.pointer, reference)?
            }
        };
        if let Some(value) = lowerer.set.node(target.file, &format!("{}/value", target.pointer)) {
            lowerer.add_example(&sub(&target, "value"), ty.clone(), value);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_classified_by_their_essence() {
        assert_eq!(media_kind("application/json; charset=utf-8"), MediaKind::Json);
        assert_eq!(media_kind("application/vnd.github+json"), MediaKind::Json);
        assert_eq!(media_kind("Application/X-WWW-Form-Urlencoded"), MediaKind::Form);
        assert_eq!(media_kind("multipart/form-data"), MediaKind::Multipart);
        assert_eq!(media_kind("text/csv"), MediaKind::Text);
        assert_eq!(media_kind("application/atom+xml"), MediaKind::Text);
        assert_eq!(media_kind("application/octet-stream"), MediaKind::Binary);
        assert_eq!(media_kind("image/png"), MediaKind::Binary);
    }
}
