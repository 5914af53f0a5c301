//! What every API's part of the contract driver shares: reading an
//! argument into its Rust type, the file sent as uploads, and the outcome
//! of one call as a JSON line for `cargo xtask contract`.

use std::fmt::Debug;

use generated::runtime::reqwest::header::HeaderMap;
use generated::runtime::reqwest::{self, StatusCode};
use generated::runtime::{ApiResponse, Error, Upload};
use serde_json::{Value, json};

/// The JSON of an argument, read into the type the method takes, so that
/// each value goes through the generated type on its way to the wire.
pub fn arg<T: serde::de::DeserializeOwned>(json: &str) -> Result<T, Failure> {
    serde_json::from_str(json).map_err(|e| Failure {
        category: "argument does not deserialise",
        reason: format!("{e}: {json}"),
        locations: Vec::new(),
    })
}

/// The file of binary bodies and multipart file parts.
pub fn upload() -> Upload {
    Upload::bytes(&b"contract test file"[..]).file_name("contract.bin")
}

/// Why an operation failed, in a category the report groups by.
pub struct Failure {
    pub category: &'static str,
    pub reason: String,
    /// Where in the request the server found each violation (`body.tags`).
    pub locations: Vec<String>,
}

/// A call passes when the server accepted the request and its response
/// parsed into the operation's success type.
pub fn outcome<T, E: Debug>(result: Result<ApiResponse<T>, Error<E>>) -> Result<(), Failure> {
    let failure = |category, reason| {
        Err(Failure {
            category,
            reason,
            locations: Vec::new(),
        })
    };
    match result {
        Ok(_) => Ok(()),
        Err(Error::Api(response)) => Err(answered(response.status, &response.headers, &format!("{:?}", response.body))),
        Err(Error::UnexpectedStatus {
            status, headers, body, ..
        }) => Err(answered(status, &headers, &body)),
        Err(Error::Decode {
            status,
            message,
            snippet,
            ..
        }) if status.is_success() => failure(
            "response does not parse",
            format!("{status}: {message}; body starts {snippet}"),
        ),
        Err(Error::Decode { status, message, .. }) => failure(
            "error response does not parse",
            format!("{status}, whose body does not parse either: {message}"),
        ),
        Err(Error::Invalid(violations)) => failure("refused by the client's validation", violations.to_string()),
        Err(other) => failure("not sent or no response", other.to_string()),
    }
}

/// A response with an error status: the violations the mock server lists
/// in `sl-violations`, split into the request's and its own response's.
/// Prism lists them in the `sl-violations` header when it answers from the
/// spec, and in the `validation` of a problem body when it makes the error
/// up itself (locations there lack the `request` prefix).
fn answered(status: StatusCode, headers: &HeaderMap, body: &str) -> Failure {
    let mut violations: Vec<Value> = headers
        .get("sl-violations")
        .and_then(|v| v.to_str().ok())
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    let side = if status.is_client_error() { "request" } else { "response" };
    violations.extend(problem_violations(body).into_iter().map(|mut v| {
        if let Some(location) = v.get_mut("location").and_then(Value::as_array_mut) {
            location.insert(0, Value::String(side.to_string()));
        }
        v
    }));
    let errors = |side: &str| -> Vec<(String, String)> {
        violations
            .iter()
            .filter(|v| v.get("severity").and_then(Value::as_str) == Some("Error"))
            .filter(|v| v.pointer("/location/0").and_then(Value::as_str) == Some(side))
            .map(|v| {
                let location = v
                    .get("location")
                    .and_then(Value::as_array)
                    .map(|parts| {
                        parts
                            .iter()
                            .skip(1)
                            .map(|p| p.as_str().map_or_else(|| p.to_string(), str::to_string))
                            .collect::<Vec<_>>()
                            .join(".")
                    })
                    .unwrap_or_default();
                let message = v.get("message").and_then(Value::as_str).unwrap_or_default();
                (location, message.to_string())
            })
            .collect()
    };
    let listed = |errors: &[(String, String)]| {
        errors
            .iter()
            .map(|(location, message)| format!("{location}: {message}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let (request, response) = (errors("request"), errors("response"));
    let body: String = body.chars().take(300).collect();
    let (category, reason) = if !request.is_empty() {
        ("request rejected", format!("{status}: {}", listed(&request)))
    } else if !response.is_empty() {
        (MOCK_VIOLATES, format!("{status}: {}", listed(&response)))
    } else {
        ("error status", format!("{status}: {body}"))
    };
    Failure {
        category,
        reason,
        locations: request.into_iter().map(|(location, _)| location).collect(),
    }
}

/// The kind of failure where the mock server's answer, built from the
/// spec's example, contradicts the spec's own schema.
const MOCK_VIOLATES: &str = "mock response violates the spec";

/// An HTTP client that asks Prism for responses generated from the
/// schema rather than taken from the spec's examples.
pub fn dynamic_responses() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("prefer", reqwest::header::HeaderValue::from_static("dynamic=true"));
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap_or_default()
}

/// Runs one operation's call and prints its outcome. When the spec's
/// example response contradicts its schema, the call is made again with a
/// response generated from the schema: the client is held to the schema,
/// and the example's fault is reported beside the pass.
///
/// `unreadable` names the body's array properties that Prism cannot read
/// back (it keeps one value of a repeated form field or part): a request
/// refused only for those is not checked rather than failed.
pub async fn exercise(
    (operation, method, path): (&str, &str, &str),
    unreadable: &[&str],
    call: impl Future<Output = Result<(), Failure>>,
    again: impl Future<Output = Result<(), Failure>>,
) {
    let (result, note) = match call.await {
        Err(failure) if failure.category == MOCK_VIOLATES => {
            let note = format!("the spec's example response contradicts its schema ({})", failure.reason);
            (again.await, Some(note))
        }
        // Prism answers 500 only when its own response breaks the spec; a
        // documented 500 body then hides which part did.
        Err(failure) if failure.category == "error response does not parse" && failure.reason.starts_with("500") => {
            let note = format!("Prism's response from the spec's example broke the spec ({})", failure.reason);
            (again.await, Some(note))
        }
        other => (other, None),
    };
    let mut line = json!({ "operation": operation, "method": method, "path": path });
    match result {
        Ok(()) => line["outcome"] = json!("passed"),
        Err(failure)
            if failure.category == "request rejected"
                && !failure.locations.is_empty()
                && failure.locations.iter().all(|l| {
                    l.strip_prefix("body.")
                        .is_some_and(|property| unreadable.contains(&property))
                }) =>
        {
            line["outcome"] = json!("unchecked");
            line["reason"] = json!(format!(
                "Prism reads a repeated form field or part as one value: {}",
                failure.reason
            ));
        }
        Err(failure) => {
            line["outcome"] = json!("failed");
            line["category"] = json!(failure.category);
            line["reason"] = json!(failure.reason);
        }
    }
    if let Some(note) = note {
        line["note"] = Value::String(note);
    }
    println!("{line}");
}

/// The entries of a problem body's `validation` list. The client keeps
/// only the start of an undocumented error body, so the entries are read
/// one by one and a cut-off last one is left out.
fn problem_violations(body: &str) -> Vec<Value> {
    const LIST: &str = "\"validation\":[";
    let Some(start) = body.find(LIST) else {
        return Vec::new();
    };
    let mut rest = &body[start + LIST.len()..];
    let mut found = Vec::new();
    loop {
        rest = rest.trim_start_matches([',', ' ', '\n']);
        let mut values = serde_json::Deserializer::from_str(rest).into_iter::<Value>();
        match values.next() {
            Some(Ok(value)) => {
                found.push(value);
                rest = &rest[values.byte_offset()..];
            }
            _ => return found,
        }
    }
}
