//! Requests the API sends rather than receives: OpenAPI 3.1's `webhooks`
//! and 3.0's `callbacks` of an operation. Their request bodies become types
//! in the module's `types`, so that a server receiving them deserializes
//! typed payloads; a body given by `$ref` is the type of its target.
//!
//! ```yaml
//! webhooks:
//!   newPet:
//!     post:
//!       requestBody:
//!         content:
//!           application/json:
//!             schema: {type: object, properties: {name: {type: string}}}
//! ```
//! becomes `types::NewPetPayload { name: Option<String> }`, listed in the
//! module's docs under "Webhooks".

use heck::ToUpperCamelCase;
use openapiv3::PathItem;
use serde_json::Value;

use super::bodies::lower_request_body;
use super::operations::path_operation;
use super::schema::sub;
use super::{Loc, Lowerer};
use crate::error::{Result, push_pointer};
use crate::ir::{Docs, Method, Webhook};
use crate::load::FileId;

pub(crate) fn lower_webhooks(lowerer: &mut Lowerer, file: FileId) -> Result<Vec<Webhook>> {
    let set = lowerer.set;
    let mut out = Vec::new();
    if let Some(webhooks) = set.node(file, "/webhooks") {
        let Some(webhooks) = webhooks.as_object() else {
            return Err(set.error(file, "/webhooks", "expected a mapping of webhook names to path items"));
        };
        for name in webhooks.keys().filter(|k| !k.starts_with("x-")) {
            let written = Loc {
                file,
                pointer: push_pointer("/webhooks", name),
            };
            out.extend(lower_item(lowerer, &written, name, None, &name.to_upper_camel_case())?);
        }
    }
    let module = lowerer.module_of(file);
    let operations: Vec<(String, Method, String, Option<String>)> = lowerer.modules[module.0]
        .operations
        .iter()
        .map(|op| {
            (
                op.path.text.clone(),
                op.method,
                op.name.clone(),
                op.operation_id.clone(),
            )
        })
        .collect();
    for (path, method, rust_name, operation_id) in operations {
        let op_pointer = format!("{}/{}", push_pointer("/paths", &path), method.key());
        let op_loc = path_item_target(
            lowerer,
            &Loc {
                file,
                pointer: op_pointer,
            },
        )?;
        let Some(callbacks) = set.node(op_loc.file, &format!("{}/callbacks", op_loc.pointer)) else {
            continue;
        };
        let Some(callbacks) = callbacks.as_object() else {
            continue;
        };
        let stem = operation_id
            .as_deref()
            .unwrap_or(crate::lower::names::unraw(&rust_name))
            .to_upper_camel_case();
        for (name, callback) in callbacks.iter().filter(|(k, _)| !k.starts_with("x-")) {
            let Some(expressions) = callback.as_object() else {
                continue;
            };
            let callback_loc = sub(
                &op_loc,
                &format!("callbacks/{}", crate::error::escape_pointer_segment(name)),
            );
            for expression in expressions.keys().filter(|k| !k.starts_with("x-")) {
                let written = Loc {
                    file: callback_loc.file,
                    pointer: push_pointer(&callback_loc.pointer, expression),
                };
                let via = Some((rust_name.clone(), expression.clone()));
                let hint = format!("{stem}{}", name.to_upper_camel_case());
                out.extend(lower_item(lowerer, &written, name, via, &hint)?);
            }
        }
    }
    Ok(out)
}

/// The place of a path item's operation, through the `$ref` of a path item
/// that is one (the operation itself never is).
fn path_item_target(lowerer: &Lowerer, op: &Loc) -> Result<Loc> {
    let Some((item, method)) = op.pointer.rsplit_once('/') else {
        return Ok(op.clone());
    };
    let item = Loc {
        file: op.file,
        pointer: item.to_string(),
    };
    let item = follow(lowerer, &item)?;
    Ok(sub(&item, method))
}

fn follow(lowerer: &Lowerer, written: &Loc) -> Result<Loc> {
    let set = lowerer.set;
    match set
        .node(written.file, &written.pointer)
        .and_then(|n| n.get("$ref"))
        .and_then(Value::as_str)
    {
        Some(reference) => set.resolve_followed(written.file, &written.pointer, reference),
        None => Ok(written.clone()),
    }
}

/// One webhook per operation of the path item at `written`.
fn lower_item(
    lowerer: &mut Lowerer,
    written: &Loc,
    name: &str,
    callback: Option<(String, String)>,
    stem: &str,
) -> Result<Vec<Webhook>> {
    let item_loc = follow(lowerer, written)?;
    let item: PathItem = lowerer.set.read(item_loc.file, &item_loc.pointer)?;
    let methods: Vec<Method> = Method::ALL
        .into_iter()
        .filter(|m| path_operation(&item, *m).is_some())
        .collect();
    let mut out = Vec::new();
    for &method in &methods {
        let Some(op) = path_operation(&item, method) else {
            continue;
        };
        let op_loc = sub(&item_loc, method.key());
        let own_stem = match (&op.operation_id, methods.len()) {
            (Some(id), _) => id.to_upper_camel_case(),
            (None, 1) => stem.to_string(),
            (None, _) => format!("{stem}{}", method.key().to_upper_camel_case()),
        };
        let body = match &op.request_body {
            Some(body) => lower_request_body(
                lowerer,
                body,
                &sub(&op_loc, "requestBody"),
                &format!("{own_stem}Payload"),
            )?,
            None => None,
        };
        out.push(Webhook {
            name: name.to_string(),
            callback: callback.clone(),
            method,
            operation_id: op.operation_id.clone(),
            docs: Docs {
                title: op.summary.clone().or_else(|| item.summary.clone()),
                description: op.description.clone().or_else(|| item.description.clone()),
                notes: Vec::new(),
                example: None,
                deprecated: op.deprecated,
                format: None,
            },
            body,
        });
    }
    Ok(out)
}
