//! How the generator writes things in Rust, as text: the type of a field,
//! parameter or body, and whether a struct derives `Default`. The Rust API
//! verdicts compare these texts.

use crate::ir::{FloatKind, IntKind, ModuleId, Program, Struct, TypeDef, TypeKind, TypeRef};

/// How deep aliases of aliases are followed; lowering never makes chains
/// this long, the limit only keeps a malformed program from looping.
const MAX_ALIAS_DEPTH: usize = 32;

pub(crate) fn type_def<'p>(program: &'p Program, ty: &TypeRef) -> Option<&'p TypeDef> {
    match ty {
        TypeRef::Named(id) => program.types.get(id.0),
        _ => None,
    }
}

/// The Rust type of a reference as the emitter writes it inside `from`'s
/// `types` module; a type of another module by its path.
pub(crate) fn type_text(program: &Program, from: ModuleId, ty: &TypeRef) -> String {
    text(program, from, ty, false, 0)
}

/// Like [`type_text`] with aliases replaced by what they stand for: two
/// texts that are equal here are the same Rust type.
pub(crate) fn resolved_text(program: &Program, from: ModuleId, ty: &TypeRef) -> String {
    text(program, from, ty, true, 0)
}

fn text(program: &Program, from: ModuleId, ty: &TypeRef, resolve: bool, depth: usize) -> String {
    match ty {
        TypeRef::Named(id) => match program.types.get(id.0) {
            Some(TypeDef {
                kind: TypeKind::Alias(target),
                ..
            }) if resolve && depth < MAX_ALIAS_DEPTH => text(program, from, target, resolve, depth + 1),
            Some(def) if def.module == from => def.name.clone(),
            Some(def) => match program.modules.get(def.module.0) {
                Some(module) => format!("{}::types::{}", module.name, def.name),
                None => def.name.clone(),
            },
            None => "?".to_string(),
        },
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Int(kind) => int_text(*kind).into(),
        TypeRef::Float(FloatKind::F32) => "f32".into(),
        TypeRef::Float(FloatKind::F64) => "f64".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
        TypeRef::Vec(inner) => format!("Vec<{}>", text(program, from, inner, resolve, depth)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", text(program, from, inner, resolve, depth)),
        TypeRef::Nullable(inner) => format!("Option<{}>", text(program, from, inner, resolve, depth)),
    }
}

pub(crate) fn int_text(kind: IntKind) -> &'static str {
    match kind {
        IntKind::I8 => "i8",
        IntKind::I16 => "i16",
        IntKind::I32 => "i32",
        IntKind::I64 => "i64",
        IntKind::U8 => "u8",
        IntKind::U16 => "u16",
        IntKind::U32 => "u32",
        IntKind::U64 => "u64",
    }
}

/// A struct field's type, wrapped the way the emitter wraps it: `Box` on a
/// cycle, `Option` when optional or nullable, `Option<Option<_>>` when both.
pub(crate) fn field_text(inner: String, required: bool, nullable: bool, boxed: bool) -> String {
    let inner = if boxed { format!("Box<{inner}>") } else { inner };
    match (required, nullable) {
        (true, false) => inner,
        (true, true) | (false, false) => format!("Option<{inner}>"),
        (false, true) => format!("Option<Option<{inner}>>"),
    }
}

/// The emitter derives `Default` when every field is optional.
pub(crate) fn derives_default(s: &Struct) -> bool {
    derives_default_when(s.fields.iter().map(|f| f.required || f.flatten))
}

/// `Default` is derived for a struct of fields none of which is required.
pub(crate) fn derives_default_when(mut required: impl Iterator<Item = bool>) -> bool {
    !required.any(|r| r)
}
