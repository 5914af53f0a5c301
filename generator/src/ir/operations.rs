//! Operations: method, path, parameters, responses, pagination and the
//! names of their client items.

use serde_json::Value;

use super::{Body, BoxedConstraints, Docs, TypeRef};

/// One HTTP operation, lowered.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Rust method name, snake_case.
    pub name: String,
    pub operation_id: Option<String>,
    pub method: Method,
    pub path: PathTemplate,
    pub docs: Docs,
    pub parameters: Vec<Parameter>,
    pub request_body: Option<Body>,
    /// Every media type the request body lists, the one the client sends among them.
    pub request_media: Vec<ListedMedia>,
    pub responses: Vec<Response>,
    /// The operation's own security requirements, when it overrides the module's.
    pub security: Option<Vec<Vec<String>>>,
    /// The security in force, resolved: any one alternative, each the names
    /// of the schemes sent together; empty when no credentials are needed.
    /// Names are those of the module's [`SecurityScheme`](super::SecurityScheme)s.
    pub requirement: Vec<Vec<String>>,
    pub tags: Vec<String>,
    /// The names of the client module's items for this operation.
    pub items: OperationItems,
    /// How to read every page of a paginated list, when it is one.
    pub pagination: Option<Pagination>,
}

impl Operation {
    /// Its path parameters in the order the path template names them.
    pub fn path_parameters(&self) -> Vec<&Parameter> {
        self.path
            .placeholders()
            .filter_map(|wire| self.path_parameter(wire))
            .collect()
    }

    /// The path parameter a placeholder of the template names.
    pub fn path_parameter(&self, wire: &str) -> Option<&Parameter> {
        self.parameters
            .iter()
            .find(|p| p.location == ParameterLocation::Path && p.wire_name == wire)
    }
}

/// A list operation whose pages a stream follows.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The `Client` method that streams every item: `list_users_stream`.
    pub stream: String,
    pub next: PageNext,
    /// The fields from the page body to its array of items.
    pub items: Vec<FieldStep>,
    pub item_type: TypeRef,
}

/// Where the request for the next page comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum PageNext {
    /// The `page` query parameter plus one, up to the field holding the
    /// number of pages.
    PageNumber { total_pages: Vec<FieldStep> },
    /// The `cursor` query parameter of the link in this field.
    Cursor { next_href: Vec<FieldStep> },
}

/// One field followed from a struct: its Rust name and how it is optional.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldStep {
    pub name: String,
    pub required: bool,
    pub nullable: bool,
}

/// Names of the items an operation adds to its client module, final and
/// distinct from each other and from the module's fixed names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationItems {
    /// The enum of its documented error responses: `GetUserError`.
    pub error: String,
    /// The struct of its query, header and cookie parameters, if it has any.
    pub params: Option<String>,
    /// The enum of its success responses, when they have different bodies.
    pub success: Option<String>,
    /// The method of the module's `Mock` that expects a call of it.
    pub mock: String,
}

/// A request the API sends to a server of its user: an entry of OpenAPI
/// 3.1's `webhooks`, or a callback of an operation. A receiver deserializes
/// its body into `body.ty`.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// The `webhooks` key (`newPet`) or the callback's name (`onEvent`).
    pub name: String,
    /// For a callback: the Rust name of the operation that registers it and
    /// the expression of the URL it is sent to (`{$request.body#/url}`).
    pub callback: Option<(String, String)>,
    pub method: Method,
    pub operation_id: Option<String>,
    pub docs: Docs,
    pub body: Option<Body>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    pub name: String,
    pub wire_name: String,
    pub location: ParameterLocation,
    pub required: bool,
    pub ty: TypeRef,
    /// For arrays in a query: `true` repeats the key, `false` joins with commas.
    pub explode: bool,
    pub constraints: BoxedConstraints,
    pub default: Option<Box<Value>>,
    pub docs: Docs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    Path,
    Query,
    Header,
    Cookie,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: Status,
    /// The variant of the operation's success or error enum for it:
    /// `NotFound`, `ClientError`, `Default`.
    pub variant: String,
    pub description: String,
    pub body: Option<Body>,
    /// Every media type the response lists, the one the client reads among them.
    pub media: Vec<ListedMedia>,
}

/// One entry of a body's `content`, as the spec lists it: the client sends
/// or reads one of them ([`Body::content_type`]), spec-diff compares all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedMedia {
    pub name: String,
    /// `file#pointer` of its schema, `$ref`s followed; `None` without one.
    pub schema: Option<String>,
}

impl Response {
    pub fn is_success(&self) -> bool {
        self.status.is_success()
    }
}

/// The key of a response: one status code, a class of them, or the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Code(u16),
    /// `4XX`: every code of the class, given by its first digit.
    Range(u8),
    Default,
}

impl Status {
    /// A `2xx` code or range.
    pub fn is_success(self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(&code),
            Status::Range(class) => class == 2,
            Status::Default => false,
        }
    }

    /// The codes it stands for; `None` for `default`.
    pub fn codes(self) -> Option<std::ops::RangeInclusive<u16>> {
        match self {
            Status::Code(code) => Some(code..=code),
            Status::Range(class) => Some(u16::from(class) * 100..=u16::from(class) * 100 + 99),
            Status::Default => None,
        }
    }

    /// A code a server could answer with: the code, the first of a range.
    pub fn example_code(self) -> Option<u16> {
        self.codes().map(|codes| *codes.start())
    }
}

impl std::fmt::Display for Status {
    /// As the spec writes it: `200`, `4XX`, `default`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(class) => write!(f, "{class}XX"),
            Status::Default => f.write_str("default"),
        }
    }
}

/// The HTTP methods an OpenAPI path item can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// In the order of a path item's fields.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The path item's key: `get`.
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// As it goes on the wire: `GET`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A path as the spec writes it, split into literal text and placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// `/users/{user_id}/calls`.
    pub text: String,
    pub segments: Vec<PathSegment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    /// `{user_id}`: the wire name of a path parameter of the operation.
    Parameter(String),
}

impl PathTemplate {
    /// The wire names of its placeholders, in order.
    pub fn placeholders(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|segment| match segment {
            PathSegment::Parameter(name) => Some(name.as_str()),
            PathSegment::Literal(_) => None,
        })
    }

    /// The path with every placeholder written `{}`, so that `/users/{id}`
    /// and `/users/{user_id}` are one endpoint.
    pub fn shape(&self) -> String {
        self.segments
            .iter()
            .map(|segment| match segment {
                PathSegment::Literal(text) => text.as_str(),
                PathSegment::Parameter(_) => "{}",
            })
            .collect()
    }

    pub fn has_parameters(&self) -> bool {
        self.placeholders().next().is_some()
    }
}

impl std::fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}
