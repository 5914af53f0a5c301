//! GET → modify → PUT: values the client does not know travel back to the
//! server unchanged, and client-side validation lets them through.
// The features name APIs of `specs/`; they leave with their specs.
#![allow(unexpected_cfgs)]
#![cfg(all(feature = "client", feature = "application_v2"))]

use generated::application_v2::client::Client;
use generated::application_v2::types::{HttpMethod, UpdateApplicationRequest, VoiceCapabilityRegion};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn unknown_values_from_a_get_survive_the_put() {
    let server = MockServer::start().await;
    // What a newer server might send: properties and values the spec does
    // not list, at the top level and nested inside capabilities.
    let application = json!({
        "id": "app-1",
        "name": "My app",
        "status": "ACTIVE",
        "tags": ["team-a", {"cost_centre": 17}],
        "capabilities": {
            "voice": {
                "webhooks": {
                    "answer_url": {
                        "address": "https://example.com/answer",
                        "http_method": "PATCH",
                        "retries": 3
                    }
                },
                "region": "apac-tokyo",
                "recording": {"enabled": true, "format": "mp3"}
            },
            "hologram": {"webhooks": {"frame_url": {"address": "https://example.com/frame"}}}
        },
        "_links": {"self": {"href": "/v2/applications/app-1"}}
    });
    Mock::given(method("GET"))
        .and(path("/app-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&application))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/app-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&application))
        .mount(&server)
        .await;
    let client = Client::new()
        .with_basic_auth("key", "secret")
        .with_base_url(server.uri());

    let current = client.get_application("app-1").await.unwrap().into_body();
    assert_eq!(current.additional_properties["status"], json!("ACTIVE"));
    let capabilities = current.capabilities.as_ref().unwrap();
    assert!(capabilities.additional_properties.contains_key("hologram"));
    let voice = capabilities.voice.as_ref().unwrap();
    assert_eq!(voice.region, Some(VoiceCapabilityRegion::from("apac-tokyo")));
    assert!(matches!(voice.region, Some(VoiceCapabilityRegion::Other(_))));
    let answer = voice.webhooks.as_ref().and_then(|w| w.answer_url.as_ref()).unwrap();
    assert_eq!(answer.http_method, Some(HttpMethod::from("PATCH")));
    assert_eq!(answer.http_method.as_ref().map(HttpMethod::as_str), Some("PATCH"));

    let mut update = UpdateApplicationRequest::from(&current);
    update.name = "Renamed".into();
    update
        .additional_properties
        .insert("note".into(), json!("set by the client"));
    client.update_application("app-1", &update).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let put = requests.iter().find(|r| r.method.as_str() == "PUT").unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&put.body).unwrap();
    // Everything but the response-only `id` and `_links`, which the update
    // request does not have, goes back as it came.
    let mut expected = application.clone();
    let object = expected.as_object_mut().unwrap();
    object.remove("id");
    object.remove("_links");
    object.insert("name".into(), json!("Renamed"));
    object.insert("note".into(), json!("set by the client"));
    assert_eq!(sent, expected);
}

#[test]
fn every_real_body_round_trips_unchanged() {
    use generated::application_v2::types::ApplicationResponse;
    let body = json!({
        "id": "app-1",
        "name": "My app",
        "future": {"deeply": [{"nested": null}]},
        "keys": {"public_key": "PEM", "fingerprint": "ab:cd"},
        "capabilities": {"voice": {"payment_enabled": true, "webhooks": {"fallback_answer_url": {"address": "a", "http_method": "GET"}}}}
    });
    let parsed: ApplicationResponse = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(
        parsed.keys.as_ref().unwrap().additional_properties["fingerprint"],
        json!("ab:cd")
    );
    assert_eq!(serde_json::to_value(&parsed).unwrap(), body);
}

#[test]
fn required_fields_are_the_constructors_arguments() {
    let request = generated::application_v2::types::CreateApplicationRequest::new("My app");
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({"name": "My app"}));
}
