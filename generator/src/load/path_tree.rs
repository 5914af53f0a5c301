//! Path items, and the parameters, bodies and responses they hold, read
//! straight off the JSON tree as `openapiv3` reads them.
//!
//! openapiv3 reads each of these through `#[serde(flatten)]`, which copies
//! the whole node into a buffer, schemas included, before reading a field:
//! on GitHub's spec a tenth of lowering. This reads the same fields by the
//! same rules, schemas through `schema_tree`, and leaves the rarely used
//! parts (servers, callbacks, links, examples, encodings) to serde, which
//! reads those small values from the tree without a copy. Anything it is
//! not certain to read as serde does makes it give up, and the caller lets
//! serde read the node, with serde's error where there is one.

use indexmap::IndexMap;
use openapiv3::{
    Header, MediaType, Operation, Parameter, ParameterData, ParameterSchemaOrContent, PathItem, ReferenceOr,
    RequestBody, Response, Responses, StatusCode,
};
use serde_json::{Map, Value};

use super::schema_tree::{
    Read, Unusual, any, boolean, deserialized, extensions, list, read_schema, reference_or, string,
};

/// A type read off the JSON tree where the node is ordinary, and by serde
/// where it is not (see [`super::SpecSet::read`]).
pub trait FromTree: serde::de::DeserializeOwned {
    /// The node as serde reads it, or `None` where serde is to read it.
    fn from_tree(node: &Value) -> Option<Self>;
}

impl FromTree for openapiv3::Schema {
    fn from_tree(node: &Value) -> Option<Self> {
        super::schema_tree::schema(node)
    }
}

impl FromTree for PathItem {
    fn from_tree(node: &Value) -> Option<Self> {
        path_item(node).ok()
    }
}

impl FromTree for Parameter {
    fn from_tree(node: &Value) -> Option<Self> {
        parameter(node).ok()
    }
}

impl FromTree for RequestBody {
    fn from_tree(node: &Value) -> Option<Self> {
        request_body(node).ok()
    }
}

impl FromTree for Response {
    fn from_tree(node: &Value) -> Option<Self> {
        response(node).ok()
    }
}

/// An object's values for `names`, found in one pass over its entries.
fn fields<'v, const N: usize>(object: &'v Map<String, Value>, names: [&str; N]) -> [Option<&'v Value>; N] {
    let mut found = [None; N];
    for (key, value) in object {
        if let Some(i) = names.iter().position(|name| name == key) {
            found[i] = Some(value);
        }
    }
    found
}

fn object(node: &Value) -> Read<&Map<String, Value>> {
    node.as_object().ok_or(Unusual)
}

/// A field serde reads as an `Option`: absent and `null` are both `None`.
fn optional<'v, T>(value: Option<&'v Value>, read: impl FnOnce(&'v Value) -> Read<T>) -> Read<Option<T>> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(value) => read(value).map(Some),
    }
}

/// A `#[serde(default)]` field: absent is the default; `null` is read, and
/// is an error for every type read this way.
fn defaulted<'v, T: Default>(value: Option<&'v Value>, read: impl FnOnce(&'v Value) -> Read<T>) -> Read<T> {
    value.map_or_else(|| Ok(T::default()), read)
}

fn required<'v, T>(value: Option<&'v Value>, read: impl FnOnce(&'v Value) -> Read<T>) -> Read<T> {
    read(value.ok_or(Unusual)?)
}

/// A mapping's values read one by one, in the order written.
fn map_of<T>(node: &Value, read: impl Fn(&Value) -> Read<T>) -> Read<IndexMap<String, T>> {
    super::schema_tree::map_of(object(node)?, read)
}

fn path_item(node: &Value) -> Read<PathItem> {
    let object = object(node)?;
    let [
        summary,
        description,
        get,
        put,
        post,
        delete,
        options,
        head,
        patch,
        trace,
        servers,
        parameters,
    ] = fields(
        object,
        [
            "summary",
            "description",
            "get",
            "put",
            "post",
            "delete",
            "options",
            "head",
            "patch",
            "trace",
            "servers",
            "parameters",
        ],
    );
    Ok(PathItem {
        summary: optional(summary, string)?,
        description: optional(description, string)?,
        get: optional(get, operation)?,
        put: optional(put, operation)?,
        post: optional(post, operation)?,
        delete: optional(delete, operation)?,
        options: optional(options, operation)?,
        head: optional(head, operation)?,
        patch: optional(patch, operation)?,
        trace: optional(trace, operation)?,
        servers: defaulted(servers, deserialized)?,
        parameters: defaulted(parameters, parameter_list)?,
        extensions: extensions(object),
    })
}

fn parameter_list(node: &Value) -> Read<Vec<ReferenceOr<Parameter>>> {
    list(node, |node| reference_or(node, parameter))
}

fn operation(node: &Value) -> Read<Operation> {
    let object = object(node)?;
    let [
        tags,
        summary,
        description,
        external_docs,
        operation_id,
        parameters,
        request_body_node,
        responses_node,
        callbacks,
        deprecated,
        security,
        servers,
    ] = fields(
        object,
        [
            "tags",
            "summary",
            "description",
            "externalDocs",
            "operationId",
            "parameters",
            "requestBody",
            "responses",
            "callbacks",
            "deprecated",
            "security",
            "servers",
        ],
    );
    Ok(Operation {
        tags: defaulted(tags, |node| list(node, string))?,
        summary: optional(summary, string)?,
        description: optional(description, string)?,
        external_docs: optional(external_docs, deserialized)?,
        operation_id: optional(operation_id, string)?,
        parameters: defaulted(parameters, parameter_list)?,
        request_body: optional(request_body_node, |node| reference_or(node, request_body))?,
        responses: required(responses_node, responses)?,
        callbacks: defaulted(callbacks, deserialized)?,
        deprecated: defaulted(deprecated, boolean)?,
        security: optional(security, deserialized)?,
        servers: defaulted(servers, deserialized)?,
        extensions: extensions(object),
    })
}

fn request_body(node: &Value) -> Read<RequestBody> {
    let object = object(node)?;
    let [description, content, required_node] = fields(object, ["description", "content", "required"]);
    Ok(RequestBody {
        description: optional(description, string)?,
        content: defaulted(content, |node| map_of(node, media_type))?,
        required: defaulted(required_node, boolean)?,
        extensions: extensions(object),
    })
}

fn media_type(node: &Value) -> Read<MediaType> {
    let object = object(node)?;
    let [schema, example, examples, encoding] = fields(object, ["schema", "example", "examples", "encoding"]);
    Ok(MediaType {
        schema: optional(schema, |node| reference_or(node, read_schema))?,
        example: optional(example, any)?,
        examples: defaulted(examples, deserialized)?,
        encoding: defaulted(encoding, deserialized)?,
        extensions: extensions(object),
    })
}

/// As openapiv3 reads `responses`: `default`, then every key that reads as
/// a status code, later ones replacing earlier equal ones in place (`2XX`
/// and `2xx` are one range), and the `x-` keys.
fn responses(node: &Value) -> Read<Responses> {
    let object = object(node)?;
    let mut by_status = IndexMap::new();
    let mut default = None;
    for (key, value) in object {
        if key == "default" {
            default = optional(Some(value), |node| reference_or(node, response))?;
        } else if let Some(status) = status_code(key) {
            by_status.insert(status, reference_or(value, response)?);
        }
    }
    Ok(Responses {
        default,
        responses: by_status,
        extensions: extensions(object),
    })
}

/// A key as `StatusCode`'s deserializer reads a string: three characters,
/// an integer from 100 to 999 or a digit and `XX` in either case.
fn status_code(key: &str) -> Option<StatusCode> {
    if key.len() != 3 {
        return None;
    }
    if let Ok(number) = key.parse::<i64>() {
        return (100..1000).contains(&number).then_some(StatusCode::Code(number as u16));
    }
    match key.as_bytes() {
        [digit, b'X' | b'x', b'X' | b'x'] if digit.is_ascii_digit() => Some(StatusCode::Range(u16::from(digit - b'0'))),
        _ => None,
    }
}

fn response(node: &Value) -> Read<Response> {
    let object = object(node)?;
    let [description, headers, content, links] = fields(object, ["description", "headers", "content", "links"]);
    Ok(Response {
        description: required(description, string)?,
        headers: defaulted(headers, |node| map_of(node, |node| reference_or(node, header)))?,
        content: defaulted(content, |node| map_of(node, media_type))?,
        links: defaulted(links, deserialized)?,
        extensions: extensions(object),
    })
}

/// `schema` or `content`, whichever comes first, as serde finds the
/// variant of a flattened enum.
fn schema_or_content(object: &Map<String, Value>) -> Read<ParameterSchemaOrContent> {
    for (key, value) in object {
        match key.as_str() {
            "schema" => return reference_or(value, read_schema).map(ParameterSchemaOrContent::Schema),
            "content" => return map_of(value, media_type).map(ParameterSchemaOrContent::Content),
            _ => {}
        }
    }
    Err(Unusual)
}

fn header(node: &Value) -> Read<Header> {
    let object = object(node)?;
    let [description, style, required_node, deprecated, example, examples] = fields(
        object,
        ["description", "style", "required", "deprecated", "example", "examples"],
    );
    Ok(Header {
        description: optional(description, string)?,
        style: defaulted(style, deserialized)?,
        required: defaulted(required_node, boolean)?,
        deprecated: optional(deprecated, boolean)?,
        format: schema_or_content(object)?,
        example: optional(example, any)?,
        examples: defaulted(examples, deserialized)?,
        extensions: extensions(object),
    })
}

/// A parameter, its variant chosen by its `in` as serde's tagged enum does.
fn parameter(node: &Value) -> Read<Parameter> {
    let object = object(node)?;
    let [
        location,
        name,
        description,
        required_node,
        deprecated,
        example,
        examples,
        explode,
        style,
        allow_reserved,
        allow_empty_value,
    ] = fields(
        object,
        [
            "in",
            "name",
            "description",
            "required",
            "deprecated",
            "example",
            "examples",
            "explode",
            "style",
            "allowReserved",
            "allowEmptyValue",
        ],
    );
    let parameter_data = ParameterData {
        name: required(name, string)?,
        description: optional(description, string)?,
        required: defaulted(required_node, boolean)?,
        deprecated: optional(deprecated, boolean)?,
        format: schema_or_content(object)?,
        example: optional(example, any)?,
        examples: defaulted(examples, deserialized)?,
        explode: optional(explode, boolean)?,
        extensions: extensions(object),
    };
    Ok(match location.and_then(Value::as_str).ok_or(Unusual)? {
        "query" => Parameter::Query {
            parameter_data,
            allow_reserved: defaulted(allow_reserved, boolean)?,
            style: defaulted(style, deserialized)?,
            allow_empty_value: optional(allow_empty_value, boolean)?,
        },
        "header" => Parameter::Header {
            parameter_data,
            style: defaulted(style, deserialized)?,
        },
        "path" => Parameter::Path {
            parameter_data,
            style: defaulted(style, deserialized)?,
        },
        "cookie" => Parameter::Cookie {
            parameter_data,
            style: defaulted(style, deserialized)?,
        },
        _ => return Err(Unusual),
    })
}

#[cfg(test)]
mod tests;
