//! The intermediate representation: plain data between lowering and emission.
//!
//! Everything here is already decided: Rust names are final, every type
//! reference points at a [`TypeId`], recursion is broken. Emitters only
//! translate it into tokens.

use serde_json::Value;

/// Everything one run produces: the modules and the types they own.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub modules: Vec<Module>,
    /// Every named type of every module, indexed by [`TypeId`].
    pub types: Vec<TypeDef>,
    pub warnings: Vec<crate::Warning>,
}

impl Program {
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    pub fn module(&self, id: ModuleId) -> &Module {
        &self.modules[id.0]
    }

    /// Every named type reachable from `roots` through fields, items, map
    /// values, union variants and aliases.
    pub fn reachable<'a>(&'a self, roots: impl IntoIterator<Item = &'a TypeRef>) -> std::collections::BTreeSet<TypeId> {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack: Vec<&TypeRef> = roots.into_iter().collect();
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named(id) if seen.insert(*id) => match &self.type_def(*id).kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| &f.ty));
                        stack.extend(s.additional.iter().map(|a| &a.value));
                    }
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                    TypeKind::Alias(target) => stack.push(target),
                    TypeKind::Enum(_) => {}
                },
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => stack.push(inner),
                _ => {}
            }
        }
        seen
    }

    /// The types a module owns, in definition order.
    pub fn types_of(&self, module: ModuleId) -> impl Iterator<Item = &TypeDef> {
        self.types.iter().filter(move |t| t.module == module)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ModuleId(pub usize);

/// One spec file turned into one Rust module.
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    pub id: ModuleId,
    /// Rust module name, also the cargo feature name.
    pub name: String,
    /// Spec file path relative to the specs folder.
    pub source: String,
    /// `true` for a file with `paths`; `false` for a library of components.
    pub is_api: bool,
    pub title: Option<String>,
    pub version: Option<String>,
    pub description: Option<String>,
    pub servers: Vec<String>,
    pub security_schemes: Vec<SecurityScheme>,
    /// Security requirements that apply to every operation without its own:
    /// any one of the alternatives, each naming schemes used together.
    pub security: Vec<Vec<String>>,
    pub operations: Vec<Operation>,
    /// Requests the API sends to its users' servers.
    pub webhooks: Vec<Webhook>,
    pub examples: Vec<Example>,
    /// Request types that can be filled from a response type of the same
    /// resource, for GET → modify → PUT.
    pub conversions: Vec<Conversion>,
}

/// `impl From<&from> for to`: every field of `to` comes from the field of
/// `from` with the same wire name, or is `None`.
#[derive(Debug, Clone, PartialEq)]
pub struct Conversion {
    pub from: TypeId,
    pub to: TypeId,
    pub fields: Vec<FieldSource>,
    /// Whether `to`'s unlisted properties come from `from`'s.
    pub additional: bool,
}

/// Where one field of a conversion's target comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldSource {
    /// The source field of this Rust name, cloned as it is.
    Same(String),
    /// The source field of this Rust name, wrapped in `Some`.
    Wrapped(String),
    /// Not in the source: `None`.
    Absent,
}

/// A named Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    pub id: TypeId,
    pub module: ModuleId,
    pub name: String,
    /// `file#pointer` of the schema it comes from.
    pub origin: String,
    pub docs: Docs,
    /// The schema's own constraints, checked where an alias is used.
    pub constraints: Constraints,
    pub kind: TypeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// `pub type Name = Target;` for a component schema that is not an
    /// object, enum or union.
    Alias(TypeRef),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Where properties the schema does not list are kept, so that they go
    /// back to the server unchanged; `None` when the schema forbids them
    /// (`additionalProperties: false`, and they are dropped) or when a
    /// flattened part receives them.
    pub additional: Option<Additional>,
}

/// The map field of a struct that holds the properties its schema does not list.
#[derive(Debug, Clone, PartialEq)]
pub struct Additional {
    /// Rust field name, distinct from every property's.
    pub name: String,
    /// The type of each value: the `additionalProperties` schema, or any
    /// JSON value when the schema does not say.
    pub value: TypeRef,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Rust field name, escaped.
    pub name: String,
    /// Property name on the wire.
    pub wire_name: String,
    pub ty: TypeRef,
    pub required: bool,
    pub nullable: bool,
    /// Boxed to break a cycle of types containing each other.
    pub boxed: bool,
    /// Merged into this struct from another object (`allOf` with a non-object part).
    pub flatten: bool,
    pub access: Access,
    pub constraints: Constraints,
    pub default: Option<Value>,
    pub docs: Docs,
}

/// Which direction a property travels in (`readOnly`, `writeOnly`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Access {
    #[default]
    ReadWrite,
    ReadOnly,
    WriteOnly,
}

/// What a schema says a value must satisfy beyond its type.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub pattern: Option<String>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub unique_items: bool,
    /// Constraints on each item of an array.
    pub items: Option<Box<Constraints>>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        *self == Constraints::default()
    }
}

/// A closed set of string or integer values, plus a variant that keeps any
/// other value so that new server values do not break deserialisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub repr: EnumRepr,
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    String,
    Integer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    pub value: Value,
}

/// `oneOf`/`anyOf`: one of several shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// Property whose value names the variant, when the spec says so.
    pub tag: Option<String>,
    pub variants: Vec<UnionVariant>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    pub ty: TypeRef,
    /// Discriminator values that select this variant.
    pub tag_values: Vec<String>,
    pub boxed: bool,
}

/// A reference to a type in field, item, parameter or body position.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeRef {
    Named(TypeId),
    String,
    Bool,
    Int(IntKind),
    Float(FloatKind),
    /// Any JSON value (`{}` or a schema with no constraints).
    Json,
    /// A JSON object with any properties.
    JsonObject,
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// `nullable` at a place that is not a struct field (items, map values).
    Nullable(Box<TypeRef>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IntKind {
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FloatKind {
    F32,
    F64,
}

/// What rustdoc shows for an item: the spec's words and constraints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Notes such as the string format, `default`, constraints, `readOnly`.
    pub notes: Vec<String>,
    pub example: Option<Value>,
    pub deprecated: bool,
    /// The string `format` (`date-time`, `email`), which the type does not
    /// carry: values stay `String` and round-trip as they are.
    pub format: Option<String>,
}

/// One HTTP operation, lowered.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Rust method name, snake_case.
    pub name: String,
    pub operation_id: Option<String>,
    pub method: String,
    pub path: String,
    pub docs: Docs,
    pub parameters: Vec<Parameter>,
    pub request_body: Option<Body>,
    pub responses: Vec<Response>,
    /// The operation's own security requirements, when it overrides the module's.
    pub security: Option<Vec<Vec<String>>>,
    /// The security in force, resolved: any one alternative, each the names
    /// of the schemes sent together; empty when no credentials are needed.
    /// Names are those of the module's [`SecurityScheme`]s.
    pub requirement: Vec<Vec<String>>,
    pub tags: Vec<String>,
    /// The names of the client module's items for this operation.
    pub items: OperationItems,
    /// How to read every page of a paginated list, when it is one.
    pub pagination: Option<Pagination>,
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
    pub method: String,
    pub operation_id: Option<String>,
    pub docs: Docs,
    pub body: Option<Body>,
}

/// A way to authenticate that a spec declares in `securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The name the spec gives it in `securitySchemes`.
    pub name: String,
    pub kind: SecurityKind,
    pub description: Option<String>,
    /// The `Client` method that sets its secret: `with_api_key`.
    pub setter: String,
    /// The client module's constant that describes it: `API_KEY`.
    pub constant: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    Basic,
    Bearer {
        format: Option<String>,
    },
    ApiKey {
        location: ParameterLocation,
        name: String,
    },
    OAuth2,
    OpenIdConnect,
    /// An HTTP scheme other than basic and bearer.
    Http {
        scheme: String,
    },
    /// The API key scheme `in: query, name: sig` of Vonage's classic APIs:
    /// not a secret sent as it is, but a signature of the request's
    /// parameters and a `timestamp`, made with a signature secret.
    Signature,
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

impl SecurityKind {
    /// The arguments of the `Client` method that sets a secret of this kind.
    pub fn secret_arguments(&self) -> &'static [&'static str] {
        match self {
            SecurityKind::Basic => &["username", "password"],
            SecurityKind::Signature => &["secret", "method"],
            SecurityKind::ApiKey { .. } => &["key"],
            SecurityKind::Http { .. } => &["credentials"],
            SecurityKind::Bearer { .. } | SecurityKind::OAuth2 | SecurityKind::OpenIdConnect => &["token"],
        }
    }
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
    pub constraints: Constraints,
    pub default: Option<Value>,
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

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// `"200"`, `"4XX"` or `"default"`.
    pub status: String,
    pub description: String,
    pub body: Option<Body>,
}

impl Response {
    /// A `2xx` status or range.
    pub fn is_success(&self) -> bool {
        self.status.starts_with('2')
    }
}

/// An example value from the spec and the type it must fit.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// `file#pointer` of the example.
    pub origin: String,
    pub ty: TypeRef,
    pub value: Value,
}
