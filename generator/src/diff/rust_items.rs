//! The generated Rust items that appear, disappear or change signature, by
//! name, for a reviewer to hold against the diff of the generated code.

use std::collections::HashMap;

use super::client::{
    constructors, error_enum, error_variants, method_signature, parameter_text, params_derive_default, params_struct,
    success_variants,
};
use super::rust::{derives_default, field_text, type_text};
use super::{ModulePair, RustItemChange, RustItemKind};
use crate::ir::{Body, Encoding, Module, ParameterLocation, PartKind, Program, TypeDef, TypeKind};

/// An item and its signature on one side.
type Signed = (RustItemKind, String, String);

pub(crate) fn diff_rust_items(old: &Program, new: &Program, pair: &ModulePair, out: &mut Vec<RustItemChange>) {
    let (_, module) = pair.names();
    let mut push = |kind: RustItemKind, item: String, before: Option<String>, after: Option<String>| {
        if before != after {
            out.push(RustItemChange {
                module: module.clone(),
                kind,
                item,
                old: before,
                new: after,
            });
        }
    };
    match (pair.old, pair.new) {
        (None, Some(m)) => push(RustItemKind::Module, m.name.clone(), None, Some(module_summary(new, m))),
        (Some(m), None) => push(RustItemKind::Module, m.name.clone(), Some(module_summary(old, m)), None),
        (Some(old_module), Some(new_module)) => {
            let before = items(old, old_module);
            let after = items(new, new_module);
            let by_name = |items: &[Signed]| -> HashMap<(RustItemKind, String), String> {
                items.iter().map(|(k, i, s)| ((*k, i.clone()), s.clone())).collect()
            };
            let (before_by_name, after_by_name) = (by_name(&before), by_name(&after));
            for (kind, item, signature) in &after {
                let previous = before_by_name.get(&(*kind, item.clone())).cloned();
                push(*kind, item.clone(), previous, Some(signature.clone()));
            }
            for (kind, item, signature) in &before {
                if !after_by_name.contains_key(&(*kind, item.clone())) {
                    push(*kind, item.clone(), Some(signature.clone()), None);
                }
            }
        }
        (None, None) => {}
    }
}

fn module_summary(program: &Program, module: &Module) -> String {
    format!(
        "feature `{}`: {} type(s), {} method(s)",
        module.name,
        program.types_of(module.id).count(),
        module.operations.len()
    )
}

/// Every type, member and method of a module with its signature.
fn items(program: &Program, module: &Module) -> Vec<Signed> {
    let mut out = Vec::new();
    for def in program.types_of(module.id) {
        let path = format!("types::{}", def.name);
        out.push((RustItemKind::Type, path.clone(), type_signature(program, def)));
        match &def.kind {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    let ty = field_text(
                        type_text(program, def.module, &field.ty),
                        field.required || field.flatten,
                        field.nullable,
                        field.boxed,
                    );
                    out.push((RustItemKind::Field, format!("{path}::{}", field.name), ty));
                }
                if let Some(additional) = &s.additional {
                    let ty = format!(
                        "UnlistedProperties<{}>",
                        type_text(program, def.module, &additional.value)
                    );
                    out.push((RustItemKind::Field, format!("{path}::{}", additional.name), ty));
                }
            }
            TypeKind::Enum(e) => {
                for variant in &e.variants {
                    out.push((
                        RustItemKind::Variant,
                        format!("{path}::{}", variant.name),
                        format!("= {}", variant.value),
                    ));
                }
            }
            TypeKind::Union(u) => {
                for variant in &u.variants {
                    let ty = type_text(program, def.module, &variant.ty);
                    let ty = if variant.boxed { format!("Box<{ty}>") } else { ty };
                    out.push((
                        RustItemKind::Variant,
                        format!("{path}::{}", variant.name),
                        format!("({ty})"),
                    ));
                }
            }
            TypeKind::Alias(_) => {}
        }
    }
    client_items(program, module, &mut out);
    out
}

/// The items of the module's `client`: the methods and the types named after operations.
fn client_items(program: &Program, module: &Module, out: &mut Vec<Signed>) {
    if !module.is_api {
        return;
    }
    let default_url = module.servers.first().cloned().unwrap_or_default();
    out.push((
        RustItemKind::Constant,
        "client::Client::DEFAULT_BASE_URL".into(),
        format!("{default_url:?}"),
    ));
    for constructor in constructors(module) {
        let name = constructor
            .split_once('(')
            .map_or(constructor.as_str(), |(name, _)| name);
        out.push((
            RustItemKind::Method,
            format!("client::Client::{name}"),
            format!("fn {constructor}"),
        ));
    }
    for op in &module.operations {
        let signature = method_signature(program, module, op);
        out.push((RustItemKind::Method, format!("client::Client::{}", op.name), signature));
        if let Some(pagination) = &op.pagination {
            let item = type_text(program, module.id, &pagination.item_type);
            out.push((
                RustItemKind::Method,
                format!("client::Client::{}", pagination.stream),
                format!("stream of {item}"),
            ));
        }
        if let Some(Body {
            encoding: Encoding::Multipart(multipart),
            ..
        }) = &op.request_body
        {
            out.push((
                RustItemKind::Type,
                format!("client::{}", multipart.name),
                "struct".into(),
            ));
            for part in &multipart.parts {
                let ty = match &part.kind {
                    PartKind::File => "Upload".to_string(),
                    PartKind::Files => "Vec<Upload>".to_string(),
                    PartKind::Text(ty) | PartKind::Json(ty) => type_text(program, module.id, ty),
                };
                let ty = if part.required { ty } else { format!("Option<{ty}>") };
                out.push((
                    RustItemKind::Field,
                    format!("client::{}::{}", multipart.name, part.name),
                    ty,
                ));
            }
        }
        if let Some(params) = params_struct(op) {
            let derives = if params_derive_default(op) {
                "struct, derives Default"
            } else {
                "struct"
            };
            out.push((RustItemKind::Type, format!("client::{params}"), derives.into()));
            for p in op.parameters.iter().filter(|p| p.location != ParameterLocation::Path) {
                let ty = parameter_text(program, module.id, p);
                out.push((RustItemKind::Field, format!("client::{params}::{}", p.name), ty));
            }
        }
        if let Some(variants) = success_variants(program, module.id, op) {
            let name = super::client::success_enum(op);
            push_enum(out, &name, variants);
        }
        push_enum(out, &error_enum(op), error_variants(program, module.id, op));
    }
}

fn push_enum(out: &mut Vec<Signed>, name: &str, variants: Vec<(String, String)>) {
    out.push((RustItemKind::Type, format!("client::{name}"), "enum".into()));
    for (variant, payload) in variants {
        out.push((RustItemKind::Variant, format!("client::{name}::{variant}"), payload));
    }
}

fn type_signature(program: &Program, def: &TypeDef) -> String {
    match &def.kind {
        TypeKind::Struct(s) if derives_default(s) => "struct, derives Default".into(),
        TypeKind::Struct(_) => "struct".into(),
        TypeKind::Enum(e) if e.repr == crate::ir::EnumRepr::String => "enum of strings".into(),
        TypeKind::Enum(_) => "enum of integers".into(),
        TypeKind::Union(u) => match &u.tag {
            Some(tag) => format!("enum of shapes, tagged by `{tag}`"),
            None => "enum of shapes".into(),
        },
        TypeKind::Alias(target) => format!("= {}", type_text(program, def.module, target)),
    }
}
