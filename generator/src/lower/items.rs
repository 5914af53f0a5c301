//! The names of the items each operation adds to its client module: its
//! error enum, params struct, success enum and multipart body.

use super::names::{Scope, type_name, unraw};
use crate::ir::{Body, Encoding, Module, Operation, ParameterLocation, TypeRef};

/// Names every module declares itself, which no operation item may take.
const FIXED: [&str; 7] = [
    "Client",
    "Api",
    "ApiResponse",
    "Error",
    "Credentials",
    "ValidationErrors",
    "Validate",
];

pub(crate) fn name_operation_items(modules: &mut [Module]) {
    for module in modules {
        let mut scope = Scope::default();
        for fixed in FIXED {
            scope.reserve(fixed);
        }
        // One kind after another, so that adding an operation's params never
        // renames another operation's error enum.
        for op in &mut module.operations {
            op.items.error = scope.claim(&format!("{}Error", stem(op)), &op.name).0;
        }
        for op in &mut module.operations {
            let has_params = op.parameters.iter().any(|p| p.location != ParameterLocation::Path);
            op.items.params = has_params.then(|| scope.claim(&format!("{}Params", stem(op)), &op.name).0);
        }
        for op in &mut module.operations {
            op.items.success =
                (success_kinds(op) > 1).then(|| scope.claim(&format!("{}Success", stem(op)), &op.name).0);
        }
        // `Mock`'s own methods come first.
        let mut mock_methods = Scope::default();
        for fixed in [
            "new", "client", "serve", "received", "failures", "verify", "default", "clone", "fmt",
        ] {
            mock_methods.reserve(fixed);
        }
        for op in &mut module.operations {
            op.items.mock = mock_methods.claim(&op.name, &op.name).0;
        }
        for op in &mut module.operations {
            let wanted = format!("{}Form", stem(op));
            if let Some(Body {
                encoding: Encoding::Multipart(multipart),
                ..
            }) = &mut op.request_body
            {
                multipart.name = scope.claim(&wanted, &op.name).0;
            }
        }
    }
}

/// `list_users` → `ListUsers`, the stem of an operation's client items.
pub fn stem(op: &Operation) -> String {
    type_name(unraw(&op.name))
}

/// How a success body is handed over: two bodies the same way need no enum.
#[derive(PartialEq)]
enum Payload<'a> {
    Nothing,
    Typed(&'a TypeRef),
    Text,
    Stream,
    Bytes,
}

fn payload(body: Option<&Body>) -> Payload<'_> {
    match body {
        None => Payload::Nothing,
        Some(body) => match (&body.encoding, &body.ty) {
            (Encoding::Json | Encoding::Form(_), Some(ty)) => Payload::Typed(ty),
            (Encoding::Text, _) => Payload::Text,
            (Encoding::Binary, _) => Payload::Stream,
            _ => Payload::Bytes,
        },
    }
}

fn success_kinds(op: &Operation) -> usize {
    let mut kinds: Vec<Payload> = Vec::new();
    for response in op.responses.iter().filter(|r| r.is_success()) {
        let kind = payload(response.body.as_ref());
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    kinds.len()
}
