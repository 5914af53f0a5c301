//! With the `tracing` feature, each operation call is one span that names
//! the operation and what became of it, and nothing a caller sent.
// A feature named here leaves the crate's manifest when its spec leaves
// `specs/`; this file then compiles to nothing.
#![allow(unexpected_cfgs)]
#![cfg(all(feature = "client", feature = "tracing", feature = "application_v2"))]

use std::sync::{Arc, Mutex};

use generated::application_v2::client::Client;
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Every field of every span, as `name=value`.
#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<String>>>);

impl Visit for Recorder {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.lock().unwrap().push(format!("{}={value:?}", field.name()));
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        self.0.lock().unwrap().push(format!("span {}", span.metadata().name()));
        span.record(&mut self.clone());
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut self.clone());
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut self.clone());
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn a_call_is_one_span_without_values_or_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "app-secret-id", "name": "demo"})))
        .mount(&server)
        .await;
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    Client::new()
        .with_basic_auth("abcd1234", "s3cr3t-api-secret")
        .with_base_url(server.uri())
        .get_application("app-secret-id")
        .await
        .unwrap();
    let fields = recorder.0.lock().unwrap().clone();
    for expected in [
        "span operation",
        "operation=\"getApplication\"",
        "method=GET",
        "path=\"/{id}\"",
        "attempts=1",
        "status=200",
    ] {
        assert!(fields.iter().any(|f| f == expected), "{expected} not in {fields:?}");
    }
    assert!(fields.iter().any(|f| f.starts_with("duration_ms=")), "{fields:?}");
    let all = fields.join(" ");
    assert!(
        !all.contains("app-secret-id") && !all.contains("s3cr3t") && !all.contains("abcd1234"),
        "{all}"
    );
}
