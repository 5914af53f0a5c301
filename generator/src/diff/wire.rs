//! Types as the wire sees them: how to name one in a message, and whether a
//! new type accepts every value of the old one.

use super::constraints::Range;
use super::rust::type_def;
use crate::ir::{Docs, EnumRepr, FloatKind, IntKind, Program, TypeKind, TypeRef};

/// How deep aliases of aliases are followed.
const MAX_ALIAS_DEPTH: usize = 32;

/// Follows named aliases to the type they stand for.
pub(crate) fn resolve<'p>(program: &'p Program, ty: &'p TypeRef) -> &'p TypeRef {
    let mut current = ty;
    for _ in 0..MAX_ALIAS_DEPTH {
        match type_def(program, current) {
            Some(def) => match &def.kind {
                TypeKind::Alias(target) => current = target,
                _ => break,
            },
            None => break,
        }
    }
    current
}

/// Splits off a `nullable` wrapper.
pub(crate) fn strip_nullable(ty: &TypeRef) -> (bool, &TypeRef) {
    match ty {
        TypeRef::Nullable(inner) => (true, inner),
        other => (false, other),
    }
}

/// The string `format` of a schema. The representation keeps it only in
/// rustdoc notes, because it never changes the Rust type (every string
/// format stays `String`); this reads it back from there.
pub(crate) fn string_format(docs: &Docs) -> Option<&str> {
    docs.notes
        .iter()
        .find_map(|note| note.strip_prefix("Format: `")?.strip_suffix("`."))
}

/// `integer (int32)`, `string (date-time)`, `array of object User`.
pub(crate) fn wire_text(program: &Program, ty: &TypeRef, format: Option<&str>) -> String {
    match resolve(program, ty) {
        TypeRef::String => match format {
            Some(format) => format!("string ({format})"),
            None => "string".into(),
        },
        TypeRef::Bool => "boolean".into(),
        TypeRef::Int(kind) => format!("integer ({})", int_format(*kind)),
        TypeRef::Float(FloatKind::F32) => "number (float)".into(),
        TypeRef::Float(FloatKind::F64) => "number".into(),
        TypeRef::Json => "any value".into(),
        TypeRef::JsonObject => "object".into(),
        TypeRef::Vec(inner) => format!("array of {}", wire_text(program, inner, None)),
        TypeRef::Map(inner) => format!("map of {}", wire_text(program, inner, None)),
        TypeRef::Nullable(inner) => format!("nullable {}", wire_text(program, inner, format)),
        named @ TypeRef::Named(_) => match type_def(program, named) {
            Some(def) => match &def.kind {
                TypeKind::Struct(_) => format!("object {}", def.name),
                TypeKind::Enum(e) if e.repr == EnumRepr::String => format!("string enum {}", def.name),
                TypeKind::Enum(_) => format!("integer enum {}", def.name),
                TypeKind::Union(_) => format!("oneOf {}", def.name),
                TypeKind::Alias(_) => def.name.clone(),
            },
            None => "unknown".into(),
        },
    }
}

fn int_format(kind: IntKind) -> &'static str {
    match kind {
        IntKind::I8 => "int8",
        IntKind::I16 => "int16",
        IntKind::I32 => "int32",
        IntKind::I64 => "int64",
        IntKind::U8 => "uint8",
        IntKind::U16 => "uint16",
        IntKind::U32 => "uint32",
        IntKind::U64 => "uint64",
    }
}

/// The values an integer kind holds, as an inclusive range.
fn int_range(kind: IntKind) -> (i128, i128) {
    match kind {
        IntKind::I8 => (i8::MIN.into(), i8::MAX.into()),
        IntKind::I16 => (i16::MIN.into(), i16::MAX.into()),
        IntKind::I32 => (i32::MIN.into(), i32::MAX.into()),
        IntKind::I64 => (i64::MIN.into(), i64::MAX.into()),
        IntKind::U8 => (0, u8::MAX.into()),
        IntKind::U16 => (0, u16::MAX.into()),
        IntKind::U32 => (0, u32::MAX.into()),
        IntKind::U64 => (0, u64::MAX.into()),
    }
}

/// Whether the values of `new` contain those of `old`, for two different
/// structural types; named types are compared member by member instead.
pub(crate) fn type_range(old: &TypeRef, new: &TypeRef) -> Range {
    match (old, new) {
        (_, TypeRef::Json) => Range::Wider,
        (TypeRef::Json, _) => Range::Narrower,
        (TypeRef::Int(a), TypeRef::Int(b)) => {
            let ((a_min, a_max), (b_min, b_max)) = (int_range(*a), int_range(*b));
            if b_min <= a_min && a_max <= b_max {
                Range::Wider
            } else if a_min <= b_min && b_max <= a_max {
                Range::Narrower
            } else {
                Range::Different
            }
        }
        (TypeRef::Int(_), TypeRef::Float(_)) | (TypeRef::Float(FloatKind::F32), TypeRef::Float(FloatKind::F64)) => {
            Range::Wider
        }
        (TypeRef::Float(_), TypeRef::Int(_)) | (TypeRef::Float(FloatKind::F64), TypeRef::Float(FloatKind::F32)) => {
            Range::Narrower
        }
        _ => Range::Different,
    }
}

/// Whether a string with `new` format accepts every value of one with `old`.
pub(crate) fn format_range(old: Option<&str>, new: Option<&str>) -> Range {
    match (old, new) {
        (Some(_), None) => Range::Wider,
        (None, Some(_)) => Range::Narrower,
        _ => Range::Different,
    }
}
