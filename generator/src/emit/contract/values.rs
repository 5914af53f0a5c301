//! The JSON value of each argument of a contract run: the spec's example
//! where it fits the type and its constraints, otherwise a value built from
//! the type so that a server validating against the spec accepts it —
//! the first enum value, a string of the format or matching the pattern,
//! numbers within their bounds, required properties (optional ones near
//! the top, so that more of the types is exercised).

use serde_json::{Map, Value};

use super::pattern;
use crate::ir::{Access, Constraints, Docs, FloatKind, Program, TypeId, TypeKind, TypeRef, Union};
use crate::lower::example_mismatch;

/// Optional properties are filled down to this depth, required ones always.
const OPTIONAL_DEPTH: usize = 2;
/// Arrays and maps are left empty below this depth, where the spec allows,
/// so that a recursive type ends.
const CONTAINER_DEPTH: usize = 6;
/// Past this, a value is `null`: only a type that requires itself gets here.
const MAX_DEPTH: usize = 24;

/// What the place of a value says beyond its type.
#[derive(Clone, Copy, Default)]
pub(super) struct Hints<'a> {
    pub constraints: Option<&'a Constraints>,
    pub format: Option<&'a str>,
    pub example: Option<&'a Value>,
    pub default: Option<&'a Value>,
}

impl<'a> Hints<'a> {
    pub fn of(constraints: &'a Constraints, docs: &'a Docs, default: Option<&'a Value>) -> Self {
        Hints {
            constraints: Some(constraints),
            format: docs.format.as_deref(),
            example: docs.example.as_deref(),
            default,
        }
    }
}

pub(super) struct Values<'a> {
    pub program: &'a Program,
}

impl Values<'_> {
    pub fn value(&self, ty: &TypeRef, hints: Hints<'_>) -> Value {
        self.value_at(ty, hints, 0)
    }

    /// Whether `value` can stand for `ty` under `constraints`.
    pub fn fits(&self, ty: &TypeRef, constraints: Option<&Constraints>, value: &Value) -> bool {
        example_mismatch(self.program, ty, value).is_none()
            && constraints.is_none_or(|c| satisfies(c, value))
            && self.named_constraints(ty).is_none_or(|c| satisfies(c, value))
    }

    fn named_constraints(&self, ty: &TypeRef) -> Option<&Constraints> {
        match ty {
            TypeRef::Named(id) => Some(&self.program.type_def(*id).constraints),
            _ => None,
        }
    }

    fn value_at(&self, ty: &TypeRef, hints: Hints<'_>, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        let given = [hints.example, hints.default].into_iter().flatten();
        if let Some(value) = given
            .filter(|v| !v.is_null())
            .find(|v| self.fits(ty, hints.constraints, v))
        {
            return value.clone();
        }
        let none = Constraints::default();
        let constraints = hints.constraints.unwrap_or(&none);
        match ty {
            TypeRef::Named(id) => self.named(*id, hints, depth),
            TypeRef::String => Value::String(string(constraints, hints.format)),
            TypeRef::Bool => Value::Bool(true),
            TypeRef::Int(_) => Value::from(integer(constraints)),
            TypeRef::Float(kind) => number(constraints, *kind),
            TypeRef::Json => Value::String("value".into()),
            TypeRef::JsonObject => Value::Object(Map::new()),
            TypeRef::Vec(item) => {
                let wanted = constraints.min_items.unwrap_or(0);
                let count = if depth >= CONTAINER_DEPTH {
                    wanted
                } else {
                    wanted.max(1)
                };
                let count = constraints.max_items.map_or(count, |max| count.min(max));
                let item_hints = Hints {
                    constraints: constraints.items.as_deref(),
                    ..Hints::default()
                };
                Value::Array((0..count).map(|_| self.value_at(item, item_hints, depth + 1)).collect())
            }
            TypeRef::Map(value) if depth < CONTAINER_DEPTH => {
                let mut map = Map::new();
                map.insert("key".into(), self.value_at(value, Hints::default(), depth + 1));
                Value::Object(map)
            }
            TypeRef::Map(_) => Value::Object(Map::new()),
            TypeRef::Nullable(inner) => self.value_at(inner, hints, depth),
        }
    }

    fn named(&self, id: TypeId, hints: Hints<'_>, depth: usize) -> Value {
        let def = self.program.type_def(id);
        let constraints = match hints.constraints {
            Some(c) if !c.is_empty() => c,
            _ => &def.constraints,
        };
        let own = Hints {
            constraints: Some(constraints),
            format: hints.format.or(def.docs.format.as_deref()),
            example: def.docs.example.as_deref(),
            default: None,
        };
        if let Some(example) = own.example
            && !matches!(def.kind, TypeKind::Alias(_))
            && self.fits(&TypeRef::Named(id), None, example)
        {
            return example.clone();
        }
        match &def.kind {
            TypeKind::Alias(target) => self.value_at(target, own, depth + 1),
            TypeKind::Enum(e) => e.variants.first().map_or(Value::Null, |v| v.value.clone()),
            TypeKind::Struct(s) => {
                let mut object = Map::new();
                for field in &s.fields {
                    if field.access == Access::ReadOnly || (!field.required && depth >= OPTIONAL_DEPTH) {
                        continue;
                    }
                    let hints = Hints::of(&field.constraints, &field.docs, field.default.as_deref());
                    let value = self.value_at(&field.ty, hints, depth + 1);
                    match value {
                        Value::Object(inner) if field.flatten => object.extend(inner),
                        value => {
                            object.insert(field.wire_name.clone(), value);
                        }
                    }
                }
                Value::Object(object)
            }
            TypeKind::Union(u) => self.union(u, depth),
        }
    }

    /// The first variant, tagged when the union has a tag; without one, the
    /// first whose value fits no other variant, as `oneOf` requires.
    fn union(&self, u: &Union, depth: usize) -> Value {
        if let Some(tag) = &u.tag {
            let Some(variant) = u.variants.first() else {
                return Value::Null;
            };
            let mut value = self.value_at(&variant.ty, Hints::default(), depth + 1);
            if let Value::Object(object) = &mut value {
                let tag_value = variant.tag_values.first().unwrap_or(&variant.name);
                object.insert(tag.clone(), Value::String(tag_value.clone()));
            }
            return value;
        }
        let candidates: Vec<Value> = u
            .variants
            .iter()
            .map(|v| self.value_at(&v.ty, Hints::default(), depth + 1))
            .collect();
        let alone = candidates.iter().enumerate().find(|(i, value)| {
            u.variants
                .iter()
                .enumerate()
                .all(|(j, other)| j == *i || example_mismatch(self.program, &other.ty, value).is_some())
        });
        alone
            .map(|(_, value)| value.clone())
            .or_else(|| candidates.into_iter().next())
            .unwrap_or(Value::Null)
    }
}

/// Whether a scalar `value` keeps the constraints that apply to it.
fn satisfies(c: &Constraints, value: &Value) -> bool {
    match value {
        Value::String(text) => {
            let length = text.chars().count();
            c.min_length.is_none_or(|min| length >= min)
                && c.max_length.is_none_or(|max| length <= max)
                && c.pattern
                    .as_ref()
                    .is_none_or(|p| regex::Regex::new(p).is_ok_and(|re| re.is_match(text)))
        }
        Value::Number(n) => n.as_f64().is_some_and(|n| {
            c.minimum
                .is_none_or(|min| if c.exclusive_minimum { n > min } else { n >= min })
                && c.maximum
                    .is_none_or(|max| if c.exclusive_maximum { n < max } else { n <= max })
        }),
        Value::Array(items) => {
            c.min_items.is_none_or(|min| items.len() >= min) && c.max_items.is_none_or(|max| items.len() <= max)
        }
        _ => true,
    }
}

fn string(c: &Constraints, format: Option<&str>) -> String {
    if let Some(pattern) = &c.pattern
        && let Some(text) = pattern::sample(pattern, c.min_length, c.max_length)
    {
        return text;
    }
    let text = match format.map(str::to_ascii_lowercase).as_deref() {
        Some("date-time") => "2024-01-02T03:04:05Z",
        Some("date") => "2024-01-02",
        Some("time") => "03:04:05Z",
        Some("duration") => "P1D",
        Some("uri" | "url" | "iri") => "https://example.com/contract",
        Some("uri-reference" | "iri-reference") => "/contract",
        Some("email" | "idn-email") => "contract@example.com",
        Some("hostname" | "idn-hostname") => "example.com",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        Some("uuid") => "3f2a8c1e-6b4d-4e2f-9a7c-1d5e8b0c4f6a",
        Some("byte") => "Y29udHJhY3Q=",
        Some("json-pointer") => "/contract",
        Some("regex") => "^contract$",
        _ => "string",
    };
    let mut text = text.to_string();
    if let Some(min) = c.min_length {
        while text.chars().count() < min {
            text.push('x');
        }
    }
    if let Some(max) = c.max_length {
        text = text.chars().take(max).collect();
    }
    text
}

/// The smallest allowed integer at or above 1 (the minimum when there is
/// one), a multiple of `multipleOf` where the spec asks.
fn integer(c: &Constraints) -> i64 {
    let low = c.minimum.map(|min| {
        if c.exclusive_minimum {
            min.floor() + 1.0
        } else {
            min.ceil()
        }
    });
    let high = c.maximum.map(|max| {
        if c.exclusive_maximum {
            max.ceil() - 1.0
        } else {
            max.floor()
        }
    });
    let mut value = match (low, high) {
        (Some(low), _) => low,
        (None, Some(high)) => high.min(1.0),
        (None, None) => 1.0,
    };
    if let Some(step) = c.multiple_of.filter(|step| *step >= 1.0) {
        value = (value / step).ceil() * step;
    }
    value as i64
}

fn number(c: &Constraints, kind: FloatKind) -> Value {
    let mut value = match (c.minimum, c.maximum) {
        (Some(low), Some(high)) => (low + high) / 2.0,
        (Some(low), None) => low + if c.exclusive_minimum { 1.0 } else { 0.0 },
        (None, Some(high)) => high.min(1.5) - if c.exclusive_maximum && high <= 1.5 { 1.0 } else { 0.0 },
        (None, None) => 1.5,
    };
    if let Some(step) = c.multiple_of.filter(|step| *step > 0.0) {
        value = (value / step).ceil() * step;
    }
    if kind == FloatKind::F32 {
        value = f64::from(value as f32);
    }
    serde_json::Number::from_f64(value).map_or(Value::from(1), Value::Number)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Hints, Values};
    use crate::ir::Program;

    fn program(yaml: &str) -> Program {
        let set = crate::load::SpecSet::from_sources(vec![("api.yml".into(), yaml.as_bytes().to_vec())]).unwrap();
        crate::lower::lower(&set).unwrap()
    }

    const SPEC: &str = r#"
openapi: 3.0.3
info: { title: t, version: '1' }
paths:
  /things:
    post:
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: '#/components/schemas/Thing' }
      responses: { '204': { description: ok } }
components:
  schemas:
    Thing:
      type: object
      required: [kind, count, when, code, tags]
      properties:
        kind: { type: string, enum: [small, large] }
        count: { type: integer, minimum: 5, maximum: 9 }
        when: { type: string, format: date-time }
        code: { type: string, pattern: '^[A-Z]{3}-\d{2}$' }
        tags: { type: array, minItems: 2, items: { type: string, maxLength: 3 } }
        note: { type: string, example: hello }
        size: { type: integer, example: 100, maximum: 10 }
        id: { type: string, readOnly: true }
"#;

    #[test]
    fn a_body_is_built_within_the_constraints_of_its_schema() {
        let program = program(SPEC);
        let ty = program.modules[0].operations[0]
            .request_body
            .as_ref()
            .and_then(|b| b.ty.clone())
            .unwrap();
        let value = Values { program: &program }.value(&ty, Hints::default());
        assert_eq!(
            value,
            json!({
                "kind": "small",
                "count": 5,
                "when": "2024-01-02T03:04:05Z",
                "code": "AAA-11",
                "tags": ["str", "str"],
                // The example fits; the other breaks its maximum and is not used.
                "note": "hello",
                "size": 1,
            })
        );
    }
}
