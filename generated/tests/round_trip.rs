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
    let application = json!({
        "id": "app-1",
        "name": "My app",
        "capabilities": {
            "voice": {
                "webhooks": {
                    "answer_url": {"address": "https://example.com/answer", "http_method": "PATCH"}
                },
                "region": "apac-tokyo"
            }
        }
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
    let voice = current.capabilities.as_ref().and_then(|c| c.voice.as_ref()).unwrap();
    assert_eq!(voice.region, Some(VoiceCapabilityRegion::Other("apac-tokyo".into())));
    let answer = voice.webhooks.as_ref().and_then(|w| w.answer_url.as_ref()).unwrap();
    assert_eq!(answer.http_method, Some(HttpMethod::Other("PATCH".into())));

    let mut update = UpdateApplicationRequest::from(&current);
    update.name = "Renamed".into();
    client.update_application("app-1", &update).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let put = requests.iter().find(|r| r.method.as_str() == "PUT").unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&put.body).unwrap();
    assert_eq!(
        sent,
        json!({
            "name": "Renamed",
            "capabilities": {
                "voice": {
                    "webhooks": {
                        "answer_url": {"address": "https://example.com/answer", "http_method": "PATCH"}
                    },
                    "region": "apac-tokyo"
                }
            }
        })
    );
}

#[test]
fn required_fields_are_the_constructors_arguments() {
    let request = generated::application_v2::types::CreateApplicationRequest::new("My app");
    assert_eq!(serde_json::to_value(&request).unwrap(), json!({"name": "My app"}));
}
