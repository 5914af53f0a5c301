//! The reader against serde on schemas made up at random from every field
//! openapiv3 reads, well-typed and not.

use openapiv3::{ReferenceOr, Schema};
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// A small deterministic generator (xorshift), so a failure reproduces.
pub(crate) struct Random(pub(crate) u64);

impl Random {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const KEYS: &[&str] = &[
    "type",
    "format",
    "pattern",
    "enum",
    "minimum",
    "maximum",
    "multipleOf",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "oneOf",
    "allOf",
    "anyOf",
    "not",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
    "example",
    "title",
    "description",
    "discriminator",
    "default",
    "x-extension",
    "$ref",
    "unknown",
];

/// Any JSON scalar or small container, of any type.
fn junk(r: &mut Random) -> Value {
    r.pick(&[
        json!(null),
        json!(true),
        json!(false),
        json!(0),
        json!(3),
        json!(-2),
        json!(2.0),
        json!(1.5),
        json!(u64::MAX),
        json!("string"),
        json!("x"),
        json!([]),
        json!(["a", 1]),
        json!({}),
        json!({"a": null}),
    ])
    .clone()
}

fn scalar_of_some_type(r: &mut Random) -> Value {
    r.pick(&[
        json!(null),
        json!("a"),
        json!("b"),
        json!(1),
        json!(-1),
        json!(2.5),
        json!(u64::MAX),
        json!(true),
    ])
    .clone()
}

/// A value for `key` of the type openapiv3 reads it as, or (when `sloppy`)
/// now and then of any type at all.
fn field(r: &mut Random, key: &str, depth: usize, sloppy: bool) -> Value {
    if sloppy && r.chance(15) {
        return junk(r);
    }
    let number = |r: &mut Random| {
        r.pick(&[json!(0), json!(7), json!(-3), json!(0.5), json!(u64::MAX)])
            .clone()
    };
    match key {
        "type" => json!(r.pick(&[
            "string", "number", "integer", "boolean", "object", "array", "null", "file"
        ])),
        "format" => json!(r.pick(&["date-time", "date", "int32", "int64", "float", "byte", "uuid"])),
        "pattern" | "title" | "description" => json!("text"),
        "enum" => {
            let kind = r.below(5);
            let values: Vec<Value> = (0..r.below(4))
                .map(|i| match (kind, r.chance(20)) {
                    (_, true) => Value::Null,
                    (0, _) => json!(format!("v{i}")),
                    (1, _) => json!(i),
                    (2, _) => json!(i as f64 + 0.5),
                    (3, _) => json!(i % 2 == 0),
                    _ => scalar_of_some_type(r),
                })
                .collect();
            Value::Array(values)
        }
        "minimum" | "maximum" | "multipleOf" => number(r),
        "minLength" | "maxLength" | "minProperties" | "maxProperties" | "minItems" | "maxItems" => json!(r.below(5)),
        "exclusiveMinimum" | "exclusiveMaximum" | "uniqueItems" | "nullable" | "readOnly" | "writeOnly"
        | "deprecated" => json!(r.chance(50)),
        "properties" => {
            let mut properties = Map::new();
            for i in 0..r.below(3) {
                properties.insert(format!("p{i}"), schema(r, depth + 1, sloppy));
            }
            Value::Object(properties)
        }
        "required" => json!(["p0", "p1"][..r.below(3)]),
        "additionalProperties" => {
            if r.chance(40) {
                json!(r.chance(50))
            } else {
                schema(r, depth + 1, sloppy)
            }
        }
        "items" | "not" => schema(r, depth + 1, sloppy),
        "oneOf" | "allOf" | "anyOf" => Value::Array((0..r.below(3)).map(|_| schema(r, depth + 1, sloppy)).collect()),
        "externalDocs" => json!({"url": "https://example.com", "x-a": 1}),
        "discriminator" => json!({"propertyName": "kind", "mapping": {"a": "#/a"}}),
        "$ref" => json!("#/components/schemas/A"),
        _ => scalar_of_some_type(r),
    }
}

fn schema(r: &mut Random, depth: usize, sloppy: bool) -> Value {
    let mut object = Map::new();
    let keys = if depth > 3 { r.below(3) } else { r.below(6) };
    for _ in 0..keys {
        let key = *r.pick(KEYS);
        // References are rare, so that most trees are read to the bottom.
        if key == "$ref" && !r.chance(30) {
            continue;
        }
        object.insert(key.to_string(), field(r, key, depth, sloppy));
    }
    // A lone `type` now and then, as most real schemas are.
    if r.chance(30) {
        object.insert("type".into(), field(r, "type", depth, sloppy));
    }
    Value::Object(object)
}

/// What the reader gives agrees with serde, and it gives up only where
/// serde fails or the node is not an object; returns whether it read it.
fn agrees(node: &Value) -> bool {
    let by_serde = Schema::deserialize(node);
    match (super::schema(node), by_serde) {
        (Some(read), Ok(expected)) => {
            assert_eq!(read, expected, "{node:#}");
            true
        }
        (Some(read), Err(e)) => panic!("read {read:?} where serde fails with {e}: {node:#}"),
        (None, Ok(_)) => panic!("gave up on what serde reads: {node:#}"),
        (None, Err(_)) => false,
    }
}

#[test]
fn well_typed_schemas_read_as_serde_reads_them() {
    let mut r = Random(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let node = schema(&mut r, 0, false);
        assert!(agrees(&node), "serde fails on a well-typed schema: {node:#}");
    }
}

#[test]
fn sloppy_schemas_read_as_serde_reads_them_or_are_left_to_it() {
    let mut r = Random(0x2545_f491_4f6c_dd1d);
    let mut read = 0;
    for _ in 0..20_000 {
        if agrees(&schema(&mut r, 0, true)) {
            read += 1;
        }
    }
    // Most are not fully well-typed, but enough are to test both ways.
    assert!(read > 1_000, "only {read} read");
}

#[test]
fn references_read_as_serde_reads_them() {
    for node in [
        json!({"$ref": "#/a"}),
        json!({"$ref": "#/a", "type": "string"}),
        json!({"$ref": 5, "type": "string"}),
        json!({"$ref": null}),
        json!({"properties": {"a": {"$ref": 1}}, "type": "object"}),
        json!({"items": ["#/a"], "type": "array"}),
        json!({"items": {"$ref": "#/a", "description": "x"}, "type": "array"}),
    ] {
        let expected = ReferenceOr::<Schema>::deserialize(&node).ok();
        let read = super::reference_or(&node, super::read_schema).ok();
        if read.is_some() {
            assert_eq!(read, expected, "{node:#}");
        }
        agrees(&node);
    }
}

#[test]
fn fields_serde_rejects_leave_the_node_to_serde() {
    for node in [
        json!("string"),
        json!({"nullable": null}),
        json!({"type": "string", "minLength": -1}),
        json!({"type": "string", "minLength": 1.0}),
        json!({"type": "object", "required": true}),
        json!({"type": "object", "properties": []}),
        json!({"externalDocs": {"description": "no url"}}),
        json!({"type": 7}),
    ] {
        assert!(Schema::deserialize(&node).is_err(), "{node:#}");
        assert!(super::schema(&node).is_none(), "{node:#}");
    }
}
