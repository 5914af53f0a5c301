//! Request and response bodies and how they are encoded.

use super::{Docs, TypeRef};

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The media type it travels as, in `Content-Type` and `Accept`.
    pub content_type: String,
    /// The type of its schema: the body itself for JSON and forms; for
    /// multipart, the component the parts come from, if any.
    pub ty: Option<TypeRef>,
    pub encoding: Encoding,
    pub required: bool,
    pub description: Option<String>,
    /// The security scheme whose signature secret fills the form's `sig`
    /// field (Vonage's SMS API), when the form has one.
    pub signed_by: Option<String>,
}

/// How a body is written on the wire and read back.
#[derive(Debug, Clone, PartialEq)]
pub enum Encoding {
    /// `application/json` and `application/*+json`: [`Body::ty`] as JSON.
    Json,
    /// `application/x-www-form-urlencoded`: [`Body::ty`]'s properties as
    /// form pairs, with the spec's rules for the properties it names.
    Form(Vec<FormRule>),
    /// `multipart/form-data`: one part per property, files as bytes or streams.
    Multipart(Multipart),
    /// `text/*` and XML: a `String`.
    Text,
    /// Binary media types and `format: binary` schemas: bytes, streamed in
    /// both directions.
    Binary,
    /// A body without a schema: the bytes as they are, read whole.
    Bytes,
}

/// How one form property is written (OpenAPI's `encoding` object).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormRule {
    pub wire_name: String,
    pub style: FormStyle,
    pub explode: bool,
    /// Written as JSON text (`contentType: application/json`) instead of by style.
    pub as_json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormStyle {
    Form,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

/// The parts of a multipart body, which the client module declares as a
/// struct of its own: files are not JSON values.
#[derive(Debug, Clone, PartialEq)]
pub struct Multipart {
    /// Rust name of the struct.
    pub name: String,
    pub parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// Rust field name, escaped.
    pub name: String,
    pub wire_name: String,
    pub kind: PartKind,
    pub required: bool,
    /// The part's own `Content-Type`, from the spec's `encoding` object.
    pub content_type: Option<String>,
    pub docs: Docs,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PartKind {
    /// A `format: binary` property: one file.
    File,
    /// An array of them: one part per file, all with the property's name.
    Files,
    /// A value written as text: strings, numbers, booleans, enums; arrays of
    /// them repeat the part.
    Text(TypeRef),
    /// Any other value, written as a JSON part.
    Json(TypeRef),
}

impl Body {
    /// Every type the body refers to.
    pub fn type_refs(&self) -> impl Iterator<Item = &TypeRef> {
        let parts = match &self.encoding {
            Encoding::Multipart(multipart) => multipart.parts.as_slice(),
            _ => &[],
        };
        self.ty.iter().chain(parts.iter().filter_map(|part| match &part.kind {
            PartKind::Text(ty) | PartKind::Json(ty) => Some(ty),
            PartKind::File | PartKind::Files => None,
        }))
    }

    /// Every type the body refers to, to rewrite.
    pub fn type_refs_mut(&mut self) -> impl Iterator<Item = &mut TypeRef> {
        let parts = match &mut self.encoding {
            Encoding::Multipart(multipart) => multipart.parts.as_mut_slice(),
            _ => &mut [],
        };
        self.ty
            .iter_mut()
            .chain(parts.iter_mut().filter_map(|part| match &mut part.kind {
                PartKind::Text(ty) | PartKind::Json(ty) => Some(ty),
                PartKind::File | PartKind::Files => None,
            }))
    }
}
