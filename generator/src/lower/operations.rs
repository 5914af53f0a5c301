//! Paths and operations: parameters, request bodies and responses, and the
//! names of the types their inline schemas become.

use heck::ToUpperCamelCase;
use openapiv3::{
    MediaType, Parameter as SpecParameter, ParameterSchemaOrContent, PathItem, ReferenceOr, Response as SpecResponse,
};
use serde_json::Value;

use super::schema::{nullable_ref, sub};
use super::{Loc, Lowerer, Resolved, bodies, docs, names};
use crate::error::{Result, escape_pointer_segment, push_pointer};
use crate::ir::{
    Docs, Method, Operation, Parameter, ParameterLocation, PathSegment, PathTemplate, Response, Status, TypeRef,
};
use crate::load::FileId;

pub(crate) fn lower_paths(lowerer: &mut Lowerer, file: FileId) -> Result<Vec<Operation>> {
    let set = lowerer.set;
    let Some(paths) = set.node(file, "/paths") else {
        return Ok(Vec::new());
    };
    let Some(paths) = paths.as_object() else {
        return Err(set.error(file, "/paths", "expected a mapping of paths to path items"));
    };
    let mut operations = Vec::new();
    let mut method_names = names::Scope::default();
    for reserved in super::security::CLIENT_METHODS {
        method_names.reserve(reserved);
    }
    let read = |path: &&String| -> Result<(Loc, Box<PathItem>)> {
        let written = Loc {
            file,
            pointer: push_pointer("/paths", path),
        };
        let item_loc = match set
            .node(file, &written.pointer)
            .and_then(|n| n.get("$ref"))
            .and_then(Value::as_str)
        {
            Some(reference) => set.resolve_followed(file, &written.pointer, reference)?,
            None => written,
        };
        // Boxed: a path item is kilobytes, moved on its way to lowering.
        let item: Box<PathItem> = Box::new(set.read(item_loc.file, &item_loc.pointer)?);
        Ok((item_loc, item))
    };
    let paths: Vec<&String> = paths.keys().filter(|path| !path.starts_with("x-")).collect();
    super::read_ahead::read_ahead(paths, read, |path, read| {
        let (item_loc, item) = read?;
        for method in Method::ALL {
            let Some(op) = path_operation(&item, method) else {
                continue;
            };
            let op_loc = sub(&item_loc, method.key());
            let operation = lower_operation(lowerer, path, method, op, &item, &item_loc, &op_loc, &mut method_names)?;
            operations.push(operation);
        }
        Ok(())
    })?;
    Ok(operations)
}

/// The method name of an operation: `wanted`, or numbered when another
/// operation or a settings method of every client has it, with a warning.
fn claim_method_name(lowerer: &mut Lowerer, method_names: &mut names::Scope, wanted: &str, op_loc: &Loc) -> String {
    let (name, previous) = method_names.claim(wanted, &op_loc.pointer);
    if let Some(previous) = previous {
        let holder = match previous.as_str() {
            "" => "every client's settings".to_string(),
            _ => previous,
        };
        lowerer.warn(
            crate::error::WarningKind::Renamed,
            op_loc,
            format!(
                "operation name `{wanted}` is already used by {holder}; this one is `{}`",
                names::unraw(&name)
            ),
        );
    }
    name
}

pub(crate) fn path_operation(item: &PathItem, method: Method) -> Option<&openapiv3::Operation> {
    match method {
        Method::Get => item.get.as_ref(),
        Method::Put => item.put.as_ref(),
        Method::Post => item.post.as_ref(),
        Method::Delete => item.delete.as_ref(),
        Method::Options => item.options.as_ref(),
        Method::Head => item.head.as_ref(),
        Method::Patch => item.patch.as_ref(),
        Method::Trace => item.trace.as_ref(),
    }
}

#[allow(clippy::too_many_arguments)]
fn lower_operation(
    lowerer: &mut Lowerer,
    path: &str,
    method: Method,
    op: &openapiv3::Operation,
    item: &PathItem,
    item_loc: &Loc,
    op_loc: &Loc,
    method_names: &mut names::Scope,
) -> Result<Operation> {
    let wanted = match &op.operation_id {
        Some(id) => names::snake_ident(id, "operation"),
        None => names::snake_ident(&format!("{} {}", method.key(), path_words(path)), "operation"),
    };
    let name = claim_method_name(lowerer, method_names, &wanted, op_loc);
    // Inline types are named after the operation: `CreateUserRequest`.
    let type_stem = op
        .operation_id
        .as_deref()
        .map(|id| id.to_upper_camel_case())
        .unwrap_or_else(|| names::unraw(&name).to_upper_camel_case());

    let parameters = lower_parameters(lowerer, op, item, item_loc, op_loc, &type_stem)?;
    let path = parse_path_template(lowerer, path, &parameters, op_loc)?;

    // Where the request body is, `$ref`s followed, for the media types it lists.
    let request_media = Loc {
        file: op_loc.file,
        pointer: push_pointer(&op_loc.pointer, "requestBody"),
    };
    let request_media = match lowerer.set.follow_refs(request_media) {
        Ok(at) => bodies::listed_media(lowerer, &at),
        Err(_) => Vec::new(),
    };
    let request_body = match &op.request_body {
        Some(body) => bodies::lower_request_body(
            lowerer,
            body,
            &sub(op_loc, "requestBody"),
            &format!("{type_stem}Request"),
        )?,
        None => None,
    };

    let responses = lower_responses(lowerer, op, op_loc, &type_stem)?;

    Ok(Operation {
        name,
        operation_id: op.operation_id.clone(),
        method,
        path,
        docs: Docs {
            title: op.summary.clone(),
            description: op.description.clone(),
            notes: Vec::new(),
            example: None,
            deprecated: op.deprecated,
            format: None,
        },
        parameters,
        request_body,
        request_media,
        responses,
        security: op.security.as_ref().map(|alternatives| requirement_names(alternatives)),
        requirement: Vec::new(),
        tags: op.tags.clone(),
        items: Default::default(),
        pagination: None,
    })
}

/// The operation's parameters and its path item's, an operation's own
/// replacing a path item's of the same name and place.
fn lower_parameters(
    lowerer: &mut Lowerer,
    op: &openapiv3::Operation,
    item: &PathItem,
    item_loc: &Loc,
    op_loc: &Loc,
    type_stem: &str,
) -> Result<Vec<Parameter>> {
    let mut parameters = Vec::new();
    let mut param_names = names::Scope::default();
    let mut declared: Vec<(Loc, &ReferenceOr<SpecParameter>)> = Vec::new();
    for (i, p) in item.parameters.iter().enumerate() {
        declared.push((sub(item_loc, &format!("parameters/{i}")), p));
    }
    for (i, p) in op.parameters.iter().enumerate() {
        declared.push((sub(op_loc, &format!("parameters/{i}")), p));
    }
    let mut resolved: Vec<(Loc, Resolved<SpecParameter>)> = Vec::new();
    for (loc, p) in declared {
        let (at, parameter) = resolve_parameter(lowerer, &loc, p)?;
        let key = (parameter.parameter_data_ref().name.clone(), location_of(&parameter));
        resolved.retain(|(_, existing)| (existing.parameter_data_ref().name.clone(), location_of(existing)) != key);
        resolved.push((at, parameter));
    }
    for (loc, parameter) in &resolved {
        let lowered = lower_parameter(lowerer, loc, parameter, type_stem, &mut param_names)?;
        parameters.push(lowered);
    }
    Ok(parameters)
}

/// The responses by status, each body's inline types named after the
/// operation and the status.
fn lower_responses(
    lowerer: &mut Lowerer,
    op: &openapiv3::Operation,
    op_loc: &Loc,
    type_stem: &str,
) -> Result<Vec<Response>> {
    let mut responses = Vec::new();
    let statuses: Vec<(Status, &ReferenceOr<SpecResponse>)> = op
        .responses
        .responses
        .iter()
        .map(|(status, r)| (status_of(status), r))
        .chain(op.responses.default.iter().map(|r| (Status::Default, r)))
        .collect();
    let success_count = statuses.iter().filter(|(s, _)| s.is_success()).count();
    for (status, response) in statuses {
        let variant = names::status_word(&status.to_string());
        let hint = if status.is_success() {
            if success_count == 1 {
                [type_stem, "Response"].concat()
            } else {
                [type_stem, &variant, "Response"].concat()
            }
        } else if status == Status::Default {
            [type_stem, "DefaultResponse"].concat()
        } else {
            [type_stem, &variant, "Error"].concat()
        };
        let loc = sub(
            op_loc,
            &format!("responses/{}", escape_pointer_segment(&status.to_string())),
        );
        responses.push(lower_response(lowerer, response, &loc, status, variant, &hint)?);
    }

    Ok(responses)
}

/// Security requirements as lists of scheme names, in the spec's order.
pub(crate) fn requirement_names(alternatives: &[openapiv3::SecurityRequirement]) -> Vec<Vec<String>> {
    alternatives
        .iter()
        .map(|requirement| requirement.keys().cloned().collect())
        .collect()
}

/// `/users/{user_id}/calls` → `users by user id calls`, for operations without an id.
fn path_words(path: &str) -> String {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => format!("by {param}"),
            None => s.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn location_of(parameter: &SpecParameter) -> ParameterLocation {
    match parameter {
        SpecParameter::Query { .. } => ParameterLocation::Query,
        SpecParameter::Header { .. } => ParameterLocation::Header,
        SpecParameter::Path { .. } => ParameterLocation::Path,
        SpecParameter::Cookie { .. } => ParameterLocation::Cookie,
    }
}

fn resolve_parameter<'p>(
    lowerer: &Lowerer,
    loc: &Loc,
    p: &'p ReferenceOr<SpecParameter>,
) -> Result<(Loc, Resolved<'p, SpecParameter>)> {
    match p {
        ReferenceOr::Item(parameter) => Ok((loc.clone(), Resolved::Written(parameter))),
        ReferenceOr::Reference { reference } => {
            let target = lowerer.set.resolve_followed(loc.file, &loc.pointer, reference)?;
            let parameter = lowerer.read_shared(&target)?;
            Ok((target, Resolved::Shared(parameter)))
        }
    }
}

fn lower_parameter(
    lowerer: &mut Lowerer,
    loc: &Loc,
    parameter: &SpecParameter,
    type_stem: &str,
    scope: &mut names::Scope,
) -> Result<Parameter> {
    let data = parameter.parameter_data_ref();
    let location = location_of(parameter);
    let hint = [type_stem, &names::type_name(&data.name)].concat();
    let (ty, docs, constraints, default) = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            let lowered = lowerer.lower_schema_or_ref(schema, &sub(loc, "schema"), &hint)?;
            let (schema_docs, constraints, default) = match schema {
                ReferenceOr::Item(s) => (
                    docs::schema_docs(s),
                    lowerer.enforceable_constraints(&sub(loc, "schema"), s),
                    s.schema_data.default.clone(),
                ),
                ReferenceOr::Reference { .. } => Default::default(),
            };
            (nullable_ref(lowered), schema_docs, constraints, default)
        }
        ParameterSchemaOrContent::Content(content) => match content.iter().next() {
            Some((
                media,
                MediaType {
                    schema: Some(schema), ..
                },
            )) => {
                let at = sub(loc, &format!("content/{}/schema", escape_pointer_segment(media)));
                let lowered = nullable_ref(lowerer.lower_schema_or_ref(schema, &at, &hint)?);
                (lowered, Docs::default(), Default::default(), None)
            }
            _ => (TypeRef::String, Docs::default(), Default::default(), None),
        },
    };
    let explode = match parameter {
        SpecParameter::Query { style, .. } => data.explode.unwrap_or(matches!(style, openapiv3::QueryStyle::Form)),
        _ => data.explode.unwrap_or(false),
    };
    let (name, _) = scope.claim(&names::snake_ident(&data.name, "param"), &data.name);
    Ok(Parameter {
        name,
        wire_name: data.name.clone(),
        location,
        required: data.required || location == ParameterLocation::Path,
        ty,
        explode,
        constraints: constraints.into(),
        default: default.map(Box::new),
        docs: Docs {
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            example: parameter_example(data).map(Box::new).or(docs.example),
            ..docs
        },
    })
}

/// The parameter's own `example`, or the first of its `examples`.
fn parameter_example(data: &openapiv3::ParameterData) -> Option<Value> {
    data.example.clone().or_else(|| {
        data.examples.values().find_map(|example| match example {
            ReferenceOr::Item(example) => example.value.clone(),
            ReferenceOr::Reference { .. } => None,
        })
    })
}

fn status_of(status: &openapiv3::StatusCode) -> Status {
    match *status {
        openapiv3::StatusCode::Code(code) => Status::Code(code),
        // The parser accepts only `1XX` to `5XX`.
        openapiv3::StatusCode::Range(class) => Status::Range(u8::try_from(class).unwrap_or(u8::MAX)),
    }
}

/// The path split at its placeholders, once every `{name}` in it is known
/// to have a path parameter and every path parameter to appear in it.
fn parse_path_template(lowerer: &Lowerer, path: &str, parameters: &[Parameter], op_loc: &Loc) -> Result<PathTemplate> {
    // A literal query (`/jobs?op=LIST`) travels as written; a placeholder in
    // it has no parameter style that could fill it.
    if let Some((before, query)) = path.split_once('?')
        && query.contains('{')
    {
        return Err(lowerer.set.error(
            op_loc.file,
            &op_loc.pointer,
            format!(
                "path `{path}` holds a query string, which OpenAPI paths cannot: use the path `{before}` and declare what `?{query}` sends as query parameters"
            ),
        ));
    }
    let mut segments = Vec::new();
    let mut placeholders = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            return Err(lowerer.set.error(
                op_loc.file,
                &op_loc.pointer,
                format!("path `{path}` has an unclosed `{{`"),
            ));
        };
        if start > 0 {
            segments.push(PathSegment::Literal(rest[..start].to_string()));
        }
        let placeholder = &rest[start + 1..start + len];
        segments.push(PathSegment::Parameter(placeholder.to_string()));
        placeholders.push(placeholder);
        rest = &rest[start + len + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_string()));
    }
    for placeholder in &placeholders {
        if !parameters
            .iter()
            .any(|p| p.location == ParameterLocation::Path && p.wire_name == *placeholder)
        {
            return Err(lowerer.set.error(
                op_loc.file,
                &op_loc.pointer,
                format!(
                    "path `{path}` has `{{{placeholder}}}` but the operation declares no path parameter `{placeholder}`"
                ),
            ));
        }
    }
    for p in parameters.iter().filter(|p| p.location == ParameterLocation::Path) {
        if !placeholders.contains(&p.wire_name.as_str()) {
            return Err(lowerer.set.error(
                op_loc.file,
                &op_loc.pointer,
                format!(
                    "path parameter `{}` does not appear in the path template `{path}`",
                    p.wire_name
                ),
            ));
        }
    }
    Ok(PathTemplate {
        text: path.to_string(),
        segments,
    })
}

fn lower_response(
    lowerer: &mut Lowerer,
    response: &ReferenceOr<SpecResponse>,
    loc: &Loc,
    status: Status,
    variant: String,
    hint: &str,
) -> Result<Response> {
    let (loc, response, hint) = match response {
        ReferenceOr::Item(r) => (loc.clone(), Resolved::Written(r), hint.to_string()),
        ReferenceOr::Reference { reference } => {
            let target = lowerer.set.resolve_followed(loc.file, &loc.pointer, reference)?;
            let response = Resolved::Shared(lowerer.read_shared::<SpecResponse>(&target)?);
            let name = target
                .pointer
                .rsplit('/')
                .next()
                .map(crate::error::unescape_pointer_segment)
                .unwrap_or_default();
            (target, response, name)
        }
    };
    // HTTP forbids content in these responses, so a schema a spec gives
    // them describes nothing a client receives: reading one would fail.
    let body = if matches!(status, Status::Code(204 | 205 | 304)) {
        None
    } else {
        bodies::lower_body(lowerer, &response.content, &loc, &hint, true, None)?
    };
    let media = bodies::listed_media(lowerer, &loc);
    Ok(Response {
        status,
        variant,
        media,
        description: response.description.clone(),
        body,
    })
}
