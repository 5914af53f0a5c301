//! Structs that keep unlisted properties are read in one pass by a
//! `Deserialize` of their own; each must read every payload exactly as
//! serde's derive with `#[serde(flatten)]` reads it, the way they were
//! read before.

use std::collections::BTreeMap;

use generated::objects::types::{Counters, Owner, Record};
use serde::Deserialize;
use serde_json::Value;

/// `Record` as serde's derive reads it.
#[derive(Debug, PartialEq, Deserialize)]
struct DerivedRecord {
    id: String,
    label: Option<String>,
    #[serde(default, deserialize_with = "present")]
    note: Option<Option<String>>,
    #[serde(default)]
    count: Option<i64>,
    #[serde(default)]
    key: Option<String>,
    #[serde(default)]
    object: Option<String>,
    #[serde(default)]
    object_: Option<String>,
    #[serde(rename = "display name", default)]
    display_name: Option<String>,
    #[serde(default)]
    owner: Option<DerivedOwner>,
    #[serde(flatten)]
    additional_properties: BTreeMap<String, Value>,
}

#[derive(Debug, PartialEq, Deserialize)]
struct DerivedOwner {
    #[serde(default)]
    name: Option<String>,
    #[serde(flatten)]
    additional_properties: BTreeMap<String, Value>,
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Option::<String>::deserialize(d).map(Some)
}

fn derived(record: Record) -> DerivedRecord {
    let owner = record.owner.map(|Owner { name, additional_properties }| DerivedOwner {
        name,
        additional_properties: additional_properties.into_map(),
    });
    DerivedRecord {
        id: record.id,
        label: record.label,
        note: record.note,
        count: record.count,
        key: record.key,
        object: record.object,
        object_: record.object_2,
        display_name: record.display_name,
        owner,
        additional_properties: record.additional_properties.into_map(),
    }
}

const RECORDS: &[&str] = &[
    r#"{"id": "r1", "label": "a"}"#,
    r#"{"id": "r1", "label": null}"#,
    r#"{"id": "r1"}"#,
    r#"{"label": "a"}"#,
    r#"{"id": "r1", "label": "a", "note": null}"#,
    r#"{"id": "r1", "label": "a", "note": "n"}"#,
    r#"{"id": "r1", "label": "a", "count": null, "key": "k", "object": "o", "object_": "p"}"#,
    r#"{"id": "r1", "label": "a", "display name": "D", "extra": [1, {"deep": true}], "more": null}"#,
    r#"{"id": "r1", "label": "a", "owner": {"name": "x", "since": 2019}}"#,
    r#"{"id": "r1", "label": "a", "owner": {"name": 5}}"#,
    // Escaped keys arrive as unborrowed strings and still find their field.
    r#"{"\u0069d": "r1", "lab\u0065l": "a", "ext\u0072a": 1}"#,
    r#"{"id": "r1", "label": "a", "id": "r2"}"#,
    r#"{"id": "r1", "label": "a", "extra": 1, "extra": 2}"#,
    r#"{"id": 1, "label": "a"}"#,
    r#"{"id": "r1", "label": "a", "count": "many"}"#,
    r#"["r1", "a"]"#,
    r#"null"#,
    r#"{}"#,
];

#[test]
fn each_payload_reads_as_serde_s_derive_reads_it() {
    for payload in RECORDS {
        let ours = serde_json::from_str::<Record>(payload).map(derived);
        let derive = serde_json::from_str::<DerivedRecord>(payload);
        match (&ours, &derive) {
            (Ok(ours), Ok(derive)) => assert_eq!(ours, derive, "{payload}"),
            (Err(_), Err(_)) => {}
            _ => panic!("{payload}: ours {ours:?}, derive {derive:?}"),
        }
        // The same from a `serde_json::Value`, which hands over owned keys.
        let value: Result<Value, _> = serde_json::from_str(payload);
        if let Ok(value) = value {
            let ours = serde_json::from_value::<Record>(value.clone()).map(derived);
            let derive = serde_json::from_value::<DerivedRecord>(value);
            assert_eq!(ours.is_ok(), derive.is_ok(), "{payload}: {ours:?} {derive:?}");
            if let (Ok(ours), Ok(derive)) = (ours, derive) {
                assert_eq!(ours, derive, "{payload}");
            }
        }
    }
}

#[test]
fn errors_name_the_field_as_serde_s_derive_does() {
    let missing = serde_json::from_str::<Record>(r#"{"label": "a"}"#).unwrap_err().to_string();
    assert!(missing.contains("missing field `id`"), "{missing}");
    let twice = serde_json::from_str::<Record>(r#"{"id": "a", "label": null, "id": "b"}"#)
        .unwrap_err()
        .to_string();
    assert!(twice.contains("duplicate field `id`"), "{twice}");
    let not_object = serde_json::from_str::<Record>("[1]").unwrap_err().to_string();
    assert!(not_object.contains("struct Record"), "{not_object}");
}

#[test]
fn typed_unlisted_properties_are_read_by_their_schema() {
    let counters: Counters = serde_json::from_str(r#"{"total": 3, "cpu": 1, "io": 2}"#).unwrap();
    assert_eq!(counters.total, 3);
    assert_eq!(counters.additional_properties, BTreeMap::from([("cpu".into(), 1), ("io".into(), 2)]));
    assert!(serde_json::from_str::<Counters>(r#"{"total": 3, "cpu": "high"}"#).is_err());
    // And they go back after the listed ones.
    let back = serde_json::to_string(&counters).unwrap();
    assert_eq!(back, r#"{"total":3,"cpu":1,"io":2}"#);
}

#[test]
fn a_record_sent_back_is_the_record_received() {
    let payload = r#"{"id":"r1","label":null,"note":null,"display name":"D","owner":{"name":"x","since":2019},"extra":[1]}"#;
    let record: Record = serde_json::from_str(payload).unwrap();
    assert_eq!(serde_json::to_string(&record).unwrap(), payload);
}

#[test]
fn unlisted_properties_cost_one_pointer_until_a_body_has_some() {
    assert_eq!(std::mem::size_of::<generated::UnlistedProperties<Value>>(), std::mem::size_of::<usize>());
    let empty = generated::UnlistedProperties::<Value>::new();
    assert!(empty.is_empty());
    assert_eq!(empty.get("anything"), None);
    // Made empty, emptied or converted from an empty map: all equal.
    assert_eq!(empty, generated::UnlistedProperties::from(BTreeMap::new()));
    let mut emptied: generated::UnlistedProperties<Value> = [("a", Value::Null)].into_iter().collect();
    assert_ne!(emptied, empty);
    emptied.clear();
    assert_eq!(emptied, empty);
    assert_eq!(format!("{emptied:?}"), "{}");
}

#[test]
fn unlisted_properties_read_and_write_like_a_map() {
    let mut record: Record = serde_json::from_str(r#"{"id": "r1"}"#).unwrap();
    assert!(record.additional_properties.is_empty());
    record.additional_properties.insert("beta".into(), serde_json::json!(true));
    assert_eq!(record.additional_properties["beta"], serde_json::json!(true));
    // `label` is required and nullable, so it is sent as `null`.
    let sent = serde_json::json!({"id": "r1", "label": null, "beta": true});
    assert_eq!(serde_json::to_value(&record).unwrap(), sent);

    let read: Record = serde_json::from_str(r#"{"id": "r1", "beta": true}"#).unwrap();
    assert_eq!(read, record);
    let names: Vec<&String> = read.additional_properties.keys().collect();
    assert_eq!(names, ["beta"]);
    let map: BTreeMap<String, Value> = read.additional_properties.into_map();
    assert_eq!(map, BTreeMap::from([("beta".to_owned(), serde_json::json!(true))]));
}
