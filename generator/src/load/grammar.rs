//! The OpenAPI 3.0 grammar as far as `$ref` is concerned: what kind of node
//! sits under each key, and where the grammar allows a Reference Object.
//! The 3.1 additions that hold such nodes (`webhooks`, `components/pathItems`,
//! `$defs`, `prefixItems`) are known too, so their `$ref`s are followed.
//!
//! Keys that are not listed are data or unknown (`example`, `default`,
//! `enum`, `x-*` extensions): nothing below them is ever read as a `$ref`.

use serde_json::Value;

/// What a node is, by where it sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Node(Node),
    /// A mapping whose every value is a `Node` (`properties`, `content`, the
    /// maps under `components`): its keys are names, `x-` ones included.
    MapOf(Node),
    ListOf(Node),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Node {
    Document,
    Info,
    Contact,
    License,
    Server,
    ServerVariable,
    Paths,
    PathItem,
    Operation,
    ExternalDocs,
    Parameter,
    Header,
    RequestBody,
    MediaType,
    Encoding,
    Responses,
    Response,
    Callback,
    Example,
    Link,
    Tag,
    Schema,
    Discriminator,
    /// `discriminator.mapping`: its values are schema names or references
    /// written as plain strings.
    Mapping,
    Xml,
    Components,
    SecurityScheme,
    OAuthFlows,
    OAuthFlow,
    /// A string, number, flag or list of names: nothing below it is read.
    Text,
}

impl Node {
    /// Where OpenAPI 3.0 allows `{$ref: …}` in place of the node and lowering
    /// resolves it itself, naming types after its target. A callback may be
    /// a reference too, but the document model reads callbacks only inline,
    /// so one is copied in place like a misplaced reference, without a warning.
    pub fn allows_ref(self) -> bool {
        matches!(
            self,
            Node::Schema
                | Node::Parameter
                | Node::Header
                | Node::RequestBody
                | Node::Response
                | Node::Example
                | Node::Link
                | Node::SecurityScheme
                | Node::PathItem
        )
    }

    /// What the grammar calls the node, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Node::Document => "document",
            Node::Info => "info object",
            Node::Contact => "contact object",
            Node::License => "license object",
            Node::Server => "server object",
            Node::ServerVariable => "server variable",
            Node::Paths => "paths object",
            Node::PathItem => "path item",
            Node::Operation => "operation",
            Node::ExternalDocs => "external documentation object",
            Node::Parameter => "parameter",
            Node::Header => "header",
            Node::RequestBody => "request body",
            Node::MediaType => "media type",
            Node::Encoding => "encoding object",
            Node::Responses => "responses object",
            Node::Response => "response",
            Node::Callback => "callback",
            Node::Example => "example",
            Node::Link => "link",
            Node::Tag => "tag",
            Node::Schema => "schema",
            Node::Discriminator => "discriminator",
            Node::Mapping => "discriminator mapping",
            Node::Xml => "XML object",
            Node::Components => "components object",
            Node::SecurityScheme => "security scheme",
            Node::OAuthFlows => "OAuth flows object",
            Node::OAuthFlow => "OAuth flow",
            Node::Text => "value",
        }
    }

    /// The kind of the value under `key` of this node; `None` for data,
    /// extensions and keys the grammar does not have.
    pub fn child(self, key: &str) -> Option<Kind> {
        if key.starts_with("x-") {
            return None;
        }
        self.api_child(key).or_else(|| self.schema_child(key))
    }

    /// The document, its paths and operations, their parameters and bodies.
    fn api_child(self, key: &str) -> Option<Kind> {
        use Kind::{ListOf, MapOf, Node as N};
        let text = Some(N(Node::Text));
        match (self, key) {
            (Node::Paths, _) | (Node::Callback, _) => Some(N(Node::PathItem)),
            (Node::Responses, _) => Some(N(Node::Response)),
            (Node::Document, "openapi" | "jsonSchemaDialect") => text,
            (Node::Document, "webhooks") | (Node::Components, "pathItems") => Some(MapOf(Node::PathItem)),
            (Node::Document, "info") => Some(N(Node::Info)),
            (Node::Document | Node::PathItem | Node::Operation, "servers") => Some(ListOf(Node::Server)),
            (Node::Document, "paths") => Some(N(Node::Paths)),
            (Node::Document, "components") => Some(N(Node::Components)),
            (Node::Document | Node::Operation, "security") => Some(ListOf(Node::Text)),
            (Node::Document, "tags") => Some(ListOf(Node::Tag)),
            (Node::Document | Node::Operation | Node::Tag | Node::Schema, "externalDocs") => {
                Some(N(Node::ExternalDocs))
            }
            (Node::Info, "title" | "summary" | "description" | "termsOfService" | "version") => text,
            (Node::Info, "contact") => Some(N(Node::Contact)),
            (Node::Info, "license") => Some(N(Node::License)),
            (Node::Contact, "name" | "url" | "email") | (Node::License, "name" | "identifier" | "url") => text,
            (Node::Server, "url" | "description") | (Node::ServerVariable, "description") => text,
            (Node::Server, "variables") => Some(MapOf(Node::ServerVariable)),
            (Node::PathItem, "summary" | "description") => text,
            (Node::PathItem, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") => {
                Some(N(Node::Operation))
            }
            (Node::PathItem | Node::Operation, "parameters") => Some(ListOf(Node::Parameter)),
            (Node::Operation, "tags") => Some(ListOf(Node::Text)),
            (Node::Operation, "summary" | "description" | "operationId" | "deprecated") => text,
            (Node::Operation, "requestBody") => Some(N(Node::RequestBody)),
            (Node::Operation, "responses") => Some(N(Node::Responses)),
            (Node::Operation | Node::Components, "callbacks") => Some(MapOf(Node::Callback)),
            (Node::ExternalDocs, "description" | "url") => text,
            (Node::Parameter, "name" | "in") => text,
            (
                Node::Parameter | Node::Header,
                "description" | "required" | "deprecated" | "allowEmptyValue" | "style" | "explode" | "allowReserved",
            ) => text,
            (Node::Parameter | Node::Header | Node::MediaType, "schema") => Some(N(Node::Schema)),
            (Node::Parameter | Node::Header | Node::MediaType | Node::Components, "examples") => {
                Some(MapOf(Node::Example))
            }
            (Node::Parameter | Node::Header | Node::RequestBody | Node::Response, "content") => {
                Some(MapOf(Node::MediaType))
            }
            (Node::RequestBody, "description" | "required") => text,
            (Node::MediaType, "encoding") => Some(MapOf(Node::Encoding)),
            (Node::Encoding, "contentType" | "style" | "explode" | "allowReserved") => text,
            (Node::Encoding | Node::Response | Node::Components, "headers") => Some(MapOf(Node::Header)),
            (Node::Response, "description") => text,
            (Node::Response | Node::Components, "links") => Some(MapOf(Node::Link)),
            (Node::Example, "summary" | "description" | "externalValue") => text,
            (Node::Link, "operationRef" | "operationId" | "description") => text,
            (Node::Link, "server") => Some(N(Node::Server)),
            (Node::Tag, "name" | "description") => text,
            _ => None,
        }
    }

    /// Schemas, the components that hold them, and security schemes.
    fn schema_child(self, key: &str) -> Option<Kind> {
        use Kind::{ListOf, MapOf, Node as N};
        let text = Some(N(Node::Text));
        match (self, key) {
            (
                Node::Schema,
                "title" | "description" | "format" | "type" | "pattern" | "multipleOf" | "maximum" | "exclusiveMaximum"
                | "minimum" | "exclusiveMinimum" | "maxLength" | "minLength" | "maxItems" | "minItems" | "uniqueItems"
                | "maxProperties" | "minProperties" | "required" | "nullable" | "readOnly" | "writeOnly" | "deprecated",
            ) => text,
            (Node::Schema, "properties" | "$defs") | (Node::Components, "schemas") => Some(MapOf(Node::Schema)),
            (Node::Schema, "items" | "not" | "additionalProperties") => Some(N(Node::Schema)),
            (Node::Schema, "allOf" | "oneOf" | "anyOf" | "prefixItems") => Some(ListOf(Node::Schema)),
            (Node::Schema, "discriminator") => Some(N(Node::Discriminator)),
            (Node::Schema, "xml") => Some(N(Node::Xml)),
            (Node::Discriminator, "propertyName") => text,
            (Node::Discriminator, "mapping") => Some(N(Node::Mapping)),
            (Node::Xml, "name" | "namespace" | "prefix" | "attribute" | "wrapped") => text,
            (Node::Components, "responses") => Some(MapOf(Node::Response)),
            (Node::Components, "parameters") => Some(MapOf(Node::Parameter)),
            (Node::Components, "requestBodies") => Some(MapOf(Node::RequestBody)),
            (Node::Components, "securitySchemes") => Some(MapOf(Node::SecurityScheme)),
            (
                Node::SecurityScheme,
                "type" | "description" | "name" | "in" | "scheme" | "bearerFormat" | "openIdConnectUrl",
            ) => text,
            (Node::SecurityScheme, "flows") => Some(N(Node::OAuthFlows)),
            (Node::OAuthFlows, "implicit" | "password" | "clientCredentials" | "authorizationCode") => {
                Some(N(Node::OAuthFlow))
            }
            (Node::OAuthFlow, "authorizationUrl" | "tokenUrl" | "refreshUrl") => text,
            (Node::OAuthFlow, "scopes") => Some(MapOf(Node::Text)),
            _ => None,
        }
    }
}

impl Kind {
    /// Where OpenAPI 3.0 allows a Reference Object in place of the node.
    pub fn allows_ref(self) -> bool {
        matches!(self, Kind::Node(node) if node.allows_ref())
    }

    pub fn name(self) -> String {
        match self {
            Kind::Node(node) => node.name().to_string(),
            Kind::MapOf(node) => format!("map of {}s", node.name()),
            Kind::ListOf(node) => format!("list of {}s", node.name()),
        }
    }

    /// "an operation", "a map of schemas".
    pub fn name_with_article(self) -> String {
        let name = self.name();
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u', 'O', 'X']) {
            "an"
        } else {
            "a"
        };
        format!("{article} {name}")
    }

    /// The kind of the value under `segment` (a key, or an index in a list).
    pub fn child(self, segment: &str) -> Option<Kind> {
        match self {
            Kind::Node(node) => node.child(segment),
            Kind::MapOf(node) => Some(Kind::Node(node)),
            Kind::ListOf(node) => segment.parse::<usize>().is_ok().then_some(Kind::Node(node)),
        }
    }
}

/// The kind of the node at `pointer` in a document, when the grammar reaches
/// it through keys it knows; `None` inside data, extensions and unknown keys.
pub fn kind_at(pointer: &str) -> Option<Kind> {
    let mut kind = Kind::Node(Node::Document);
    let Some(rest) = pointer.strip_prefix('/') else {
        return pointer.is_empty().then_some(kind);
    };
    for segment in rest.split('/') {
        kind = kind.child(&crate::error::unescape_pointer_segment(segment))?;
    }
    Some(kind)
}

/// One step of a path into a document, borrowed from it while it is walked;
/// turned into a JSON pointer only for the nodes a walk reports.
pub enum Segment<'v> {
    Key(&'v str),
    Index(usize),
}

pub fn pointer_of(path: &[Segment]) -> String {
    let mut pointer = String::new();
    for segment in path {
        pointer.push('/');
        match segment {
            Segment::Key(key) => pointer.push_str(&crate::error::escape_pointer_segment(key)),
            Segment::Index(i) => pointer.push_str(&i.to_string()),
        }
    }
    pointer
}

/// The `$ref` string of a node that is a reference object.
pub fn reference_of(value: &Value) -> Option<&str> {
    ref_value(value.as_object()?)?.as_str()
}

/// An object's `$ref` member. Nearly every object in a document is asked
/// for one, and most have a few keys: comparing them is cheaper than
/// hashing `"$ref"` for a map lookup.
pub fn ref_value(object: &serde_json::Map<String, Value>) -> Option<&Value> {
    const COMPARED_UP_TO: usize = 8;
    if object.len() > COMPARED_UP_TO {
        return object.get("$ref");
    }
    object.iter().find_map(|(key, value)| (key == "$ref").then_some(value))
}
