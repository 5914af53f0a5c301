//! Every example request and response the source documents show round-trips
//! through its generated type: it deserialises, and serialises back to an
//! equal JSON value.
//!
//! The examples live in `tests/seed_examples/<module>/`, each listed in that
//! folder's `cases.tsv` with its type. An example that contradicts the
//! documents' own field descriptions must fail instead, and is listed with
//! its reason in `specs/example-allowlist.txt`.
// A feature named here leaves the crate's manifest when its spec leaves
// `specs/`; this file then compiles to nothing, which cargo's check of `cfg`
// names would otherwise report as a warning.
#![allow(unexpected_cfgs)]
#![cfg(all(feature = "application_v2", feature = "users", feature = "vis"))]

use std::collections::BTreeMap;
use std::path::Path;

use generated::{
    application_v2::types as app, common_errors::types as common, users::types as users, vis::types as vis,
};
use serde_json::Value;

type Check = fn(&str) -> Result<(), String>;

/// The type named in `cases.tsv` for an example of `module`.
fn check_for(module: &str, type_name: &str) -> Option<Check> {
    Some(match (module, type_name) {
        ("application_v2", "ApplicationResponse") => round_trip::<app::ApplicationResponse>,
        ("application_v2", "ApplicationResponseCollection") => round_trip::<app::ApplicationResponseCollection>,
        ("application_v2", "CreateApplicationRequest") => round_trip::<app::CreateApplicationRequest>,
        ("application_v2", "CreateApplicationResponse") => round_trip::<app::CreateApplicationResponse>,
        ("application_v2", "UpdateApplicationRequest") => round_trip::<app::UpdateApplicationRequest>,
        ("application_v2", "ValidationProblemDetails") => round_trip::<common::ValidationProblemDetails>,
        ("application_v2", "ProblemDetails") => round_trip::<common::ProblemDetails>,
        ("users", "UserList") => round_trip::<users::UserList>,
        ("users", "User") => round_trip::<users::User>,
        ("users", "CreateUserRequest") => round_trip::<users::CreateUserRequest>,
        ("users", "UpdateUserRequest") => round_trip::<users::UpdateUserRequest>,
        ("vis", "User") => round_trip::<vis::User>,
        ("vis", "Account") => round_trip::<vis::Account>,
        ("vis", "Call") => round_trip::<vis::Call>,
        ("vis", "Vec<Call>") => round_trip::<Vec<vis::Call>>,
        ("vis", "CallCreate") => round_trip::<vis::CallCreate>,
        ("vis", "CallTransfer") => round_trip::<vis::CallTransfer>,
        ("vis", "CallsCount") => round_trip::<vis::CallsCount>,
        ("vis", "Vec<Event>") => round_trip::<Vec<vis::Event>>,
        ("vis", "EventsCount") => round_trip::<vis::EventsCount>,
        ("vis", "Webhook") => round_trip::<vis::Webhook>,
        ("vis", "Vec<Webhook>") => round_trip::<Vec<vis::Webhook>>,
        ("vis", "WebhookCreate") => round_trip::<vis::WebhookCreate>,
        _ => return None,
    })
}

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str) -> Result<(), String> {
    let original: Value = serde_json::from_str(json).map_err(|e| format!("fixture is not JSON: {e}"))?;
    let typed: T = serde_json::from_value(original.clone()).map_err(|e| format!("does not deserialise: {e}"))?;
    let back = serde_json::to_value(&typed).map_err(|e| format!("does not serialise: {e}"))?;
    match first_difference(&original, &back, "") {
        None => Ok(()),
        Some(path) => Err(format!("serialises back to a different value at `{path}`")),
    }
}

/// The JSON pointer of the first place two values differ; numbers compare by value.
fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => None,
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{at}/{i}"))),
        (Value::Object(x), Value::Object(y)) => x.keys().chain(y.keys()).find_map(|k| match (x.get(k), y.get(k)) {
            (Some(v), Some(w)) => first_difference(v, w, &format!("{at}/{k}")),
            _ => Some(format!("{at}/{k}")),
        }),
        _ if a == b => None,
        _ => Some(at.to_string()),
    }
}

fn allow_list() -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/example-allowlist.txt");
    let text = std::fs::read_to_string(&path).expect("specs/example-allowlist.txt is readable");
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('|'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

#[test]
fn seed_examples_round_trip() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/seed_examples");
    let allowed = allow_list();
    let mut problems = Vec::new();
    let mut checked = 0;
    for module in ["application_v2", "users", "vis"] {
        let cases = std::fs::read_to_string(root.join(module).join("cases.tsv")).expect("cases.tsv is readable");
        for line in cases.lines().filter(|l| !l.trim().is_empty()) {
            let (file, type_name) = line.split_once('\t').expect("cases.tsv lines are `file<TAB>type`");
            let key = format!("seed_examples/{module}/{file}");
            let Some(check) = check_for(module, type_name.trim()) else {
                problems.push(format!("{key}: no check for type `{type_name}`; add it to check_for"));
                continue;
            };
            let json = std::fs::read_to_string(root.join(module).join(file)).expect("fixture is readable");
            checked += 1;
            match (check(&json), allowed.get(&key)) {
                (Ok(()), None) | (Err(_), Some(_)) => {}
                (Err(e), None) => problems.push(format!("{key} ({type_name}): {e}")),
                (Ok(()), Some(reason)) => problems.push(format!(
                    "{key}: allow-listed ({reason}) but round-trips; remove the entry"
                )),
            }
        }
    }
    assert!(checked >= 60, "only {checked} seed examples were checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_contradicting_example_fails_at_deserialisation() {
    // The Integration Suite documents `contactNumber` as a string; the seed shows a number.
    let json = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/seed_examples/vis/get_user_response_200.json"),
    )
    .unwrap();
    let error = round_trip::<vis::User>(&json).unwrap_err();
    assert!(error.contains("does not deserialise"), "{error}");
}

/// `value` with a property no spec lists added to every object in it.
fn with_unlisted_properties(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut map: serde_json::Map<String, Value> = map
                .iter()
                .map(|(k, v)| (k.clone(), with_unlisted_properties(v)))
                .collect();
            // A string, so that it also fits a map of strings.
            map.insert("x-unlisted-probe".into(), Value::String("kept".into()));
            Value::Object(map)
        }
        Value::Array(items) => Value::Array(items.iter().map(with_unlisted_properties).collect()),
        other => other.clone(),
    }
}

#[test]
fn seed_examples_keep_properties_their_spec_does_not_list() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/seed_examples");
    let allowed = allow_list();
    let mut problems = Vec::new();
    let mut checked = 0;
    for module in ["application_v2", "users", "vis"] {
        let cases = std::fs::read_to_string(root.join(module).join("cases.tsv")).expect("cases.tsv is readable");
        for line in cases.lines().filter(|l| !l.trim().is_empty()) {
            let (file, type_name) = line.split_once('\t').expect("cases.tsv lines are `file<TAB>type`");
            let key = format!("seed_examples/{module}/{file}");
            let (Some(check), None) = (check_for(module, type_name.trim()), allowed.get(&key)) else {
                continue;
            };
            let json = std::fs::read_to_string(root.join(module).join(file)).expect("fixture is readable");
            let original: Value = serde_json::from_str(&json).expect("fixture is JSON");
            if !original.is_object() && !original.is_array() {
                continue;
            }
            checked += 1;
            if let Err(e) = check(&with_unlisted_properties(&original).to_string()) {
                problems.push(format!("{key} ({type_name}) with unlisted properties: {e}"));
            }
        }
    }
    assert!(checked >= 50, "only {checked} seed examples were checked");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
