//! The clients against a scripted server: every documented error status,
//! undocumented statuses, broken and empty bodies, timeouts, values the spec
//! does not list, pagination, credentials and hostile path parameters.
// A feature named here leaves the crate's manifest when its spec leaves
// `specs/`; this file then compiles to nothing, which cargo's check of `cfg`
// names would otherwise report as a warning.
#![allow(unexpected_cfgs)]
#![cfg(all(feature = "client", feature = "application_v2", feature = "users", feature = "vis"))]

use std::time::Duration;

use generated::application_v2::client::{
    self as app, Client as AppClient, CreateApplicationError, GetApplicationError, ListApplicationParams,
};
use generated::application_v2::types::{
    Capabilities, CreateApplicationRequest, VoiceAnswerWebhookEndpoint, VoiceCapability, VoiceCapabilityWebhooks,
};
use generated::runtime::futures_util::StreamExt;
use generated::runtime::{Error, RetryPolicy, Validate};
use generated::users::client::{Client as UsersClient, ListUsersParams};
use generated::vis::client::{Client as VisClient, ListCallsParams};
use generated::vis::types::{CallDirection, CallState};
use serde_json::json;
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "s3cr3t-api-secret";
const TOKEN: &str = "eyJhbGciOiJSUzI1NiJ9.secret-token";

async fn app_client(server: &MockServer) -> AppClient {
    AppClient::new()
        .with_basic_auth("abcd1234", SECRET)
        .with_base_url(server.uri())
}

fn problem(status: u16, kind: &str) -> serde_json::Value {
    json!({
        "type": format!("https://developer.nexmo.com/api-errors#{kind}"),
        "title": "Problem",
        "detail": format!("status {status}"),
        "instance": "797a8f199c45014ab7b08bfe9cc1c12c"
    })
}

#[tokio::test]
async fn every_documented_error_status_is_its_variant_with_the_parsed_body() {
    let server = MockServer::start().await;
    for status in [401u16, 404, 405, 406] {
        Mock::given(method("GET"))
            .and(path(format!("/app-{status}")))
            .respond_with(ResponseTemplate::new(status).set_body_json(problem(status, "x")))
            .mount(&server)
            .await;
    }
    let client = app_client(&server).await;
    for status in [401u16, 404, 405, 406] {
        let error = client.get_application(&format!("app-{status}")).await.unwrap_err();
        let Error::Api(response) = error else {
            panic!("{status}: {error:?}")
        };
        assert_eq!(response.status.as_u16(), status);
        let detail = match response.body {
            GetApplicationError::Unauthorized(body) => body.detail,
            GetApplicationError::NotFound(body) => body.detail,
            GetApplicationError::MethodNotAllowed(body) => body.detail,
            GetApplicationError::NotAcceptable(body) => body.detail,
            other => panic!("{status}: {other:?}"),
        };
        assert_eq!(detail.as_deref(), Some(format!("status {status}").as_str()));
    }
}

#[tokio::test]
async fn a_validation_error_keeps_its_invalid_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "type": "https://developer.nexmo.com/api-errors/application#payload-validation",
            "title": "Bad Request",
            "detail": "The request failed due to validation errors",
            "invalid_parameters": [{"name": "capabilities.voice.webhooks.answer_url.http_method", "reason": "must be one of: GET, POST"}],
            "instance": "797a8f199c45014ab7b08bfe9cc1c12c"
        })))
        .mount(&server)
        .await;
    let body = CreateApplicationRequest::new("demo");
    let error = app_client(&server).await.create_application(&body).await.unwrap_err();
    let Error::Api(response) = error else {
        panic!("{error:?}")
    };
    let CreateApplicationError::BadRequest(problem) = response.body else {
        panic!("{:?}", response.body)
    };
    let invalid = problem.invalid_parameters.unwrap();
    assert_eq!(
        invalid[0].name.as_deref(),
        Some("capabilities.voice.webhooks.answer_url.http_method")
    );
}

#[tokio::test]
async fn an_undocumented_status_keeps_status_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream down"))
        .expect(3)
        .mount(&server)
        .await;
    // 503 is retried: the error is the last attempt's, and says how many there were.
    let fast = RetryPolicy::default().base_delay(Duration::from_millis(1));
    let error = app_client(&server)
        .await
        .with_retry(fast)
        .get_application("x")
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 3);
    assert!(
        error.to_string().contains("503 Service Unavailable (after 3 attempts)"),
        "{error}"
    );
    match error {
        Error::UnexpectedStatus { status, body, .. } => {
            assert_eq!(status.as_u16(), 503);
            assert_eq!(body, "upstream down");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_malformed_or_empty_body_is_a_decode_error_with_a_snippet() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/broken"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"id\": 12, oops"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/empty"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/wrong-type"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 12})))
        .mount(&server)
        .await;
    let client = app_client(&server).await;
    for (id, expected) in [
        ("broken", "expected"),
        ("empty", "EOF"),
        ("wrong-type", "invalid type: integer `12`"),
    ] {
        match client.get_application(id).await.unwrap_err() {
            Error::Decode {
                status,
                message,
                snippet,
                ..
            } => {
                assert_eq!(status.as_u16(), 200);
                assert!(message.contains(expected), "{id}: {message}");
                if id == "broken" {
                    assert_eq!(snippet, "{\"id\": 12, oops");
                }
            }
            other => panic!("{id}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_slow_server_ends_in_a_timeout_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(5))
                .set_body_json(json!({})),
        )
        .mount(&server)
        .await;
    let client = app_client(&server)
        .await
        .with_timeout(Duration::from_millis(200))
        .with_retry(RetryPolicy::none());
    match client.get_application("slow").await.unwrap_err() {
        Error::Timeout { source, attempts } => {
            assert!(source.is_timeout(), "{source}");
            assert_eq!(attempts, 1);
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn unknown_enum_values_and_extra_fields_in_a_response_are_accepted() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/self/calls/7"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{
            "id": 7, "type": "CALL", "accountId": 1, "userId": 2, "uciId": 3, "direction": "SIDEWAYS",
            "phoneNumber": "14155550100", "duration": 0, "state": "QUANTUM", "startTime": "2024-01-01T00:00:00Z",
            "brand_new_field": {"x": 1}
        }])))
        .mount(&server)
        .await;
    let client = VisClient::new().with_bearer_auth(TOKEN).with_base_url(server.uri());
    let calls = client.get_call("7").await.unwrap().into_body();
    assert_eq!(calls[0].state, CallState::from("QUANTUM"));
    assert_eq!(calls[0].direction.to_string(), "SIDEWAYS");
}

#[tokio::test]
async fn query_arrays_go_comma_separated_as_the_spec_says() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/self/calls"))
        .and(query_param("direction", "INBOUND,OUTBOUND"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(1)
        .mount(&server)
        .await;
    let client = VisClient::new().with_bearer_auth(TOKEN).with_base_url(server.uri());
    let params = ListCallsParams {
        direction: Some(vec![CallDirection::Inbound, CallDirection::Outbound]),
        ..Default::default()
    };
    let calls = client.list_calls(&params).await.unwrap();
    assert!(calls.body.is_empty());
}

#[tokio::test]
async fn basic_credentials_are_sent_and_never_printed() {
    let server = MockServer::start().await;
    // base64("abcd1234:s3cr3t-api-secret")
    Mock::given(method("DELETE"))
        .and(header("authorization", "Basic YWJjZDEyMzQ6czNjcjN0LWFwaS1zZWNyZXQ="))
        .respond_with(ResponseTemplate::new(401).set_body_json(problem(401, "unauthorized")))
        .mount(&server)
        .await;
    let client = app_client(&server).await;
    let error = client.delete_application("x").await.unwrap_err();
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    let printed = [format!("{client:?}"), format!("{error:?}"), format!("{error}")];
    for text in printed {
        assert!(!text.contains(SECRET), "{text}");
        assert!(!text.contains("YWJjZDEyMzQ6"), "{text}");
    }
    let users = UsersClient::new().with_bearer_auth(TOKEN);
    assert!(!format!("{users:?}").contains("secret-token"));
}

#[tokio::test]
async fn hostile_path_parameters_stay_one_encoded_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(problem(404, "nf")))
        .mount(&server)
        .await;
    let client = app_client(&server).await;
    for (value, expected) in [
        ("../x", "/..%2Fx"),
        ("a/b", "/a%2Fb"),
        ("?q=1", "/%3Fq%3D1"),
        ("#frag", "/%23frag"),
        ("ü x", "/%C3%BC%20x"),
    ] {
        let _ = client.get_application(value).await;
        let requests = server.received_requests().await.unwrap();
        let last = requests.last().unwrap();
        assert_eq!(last.url.path(), expected, "{value}");
        assert_eq!(last.url.query(), None, "{value}");
    }
    for value in ["..", ".", ""] {
        match client.get_application(value).await.unwrap_err() {
            Error::Invalid(errors) => assert_eq!(errors.violations[0].path, "id"),
            other => panic!("{value}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn invalid_requests_list_every_violation_and_are_not_sent() {
    let server = MockServer::start().await;
    let body = CreateApplicationRequest {
        capabilities: Some(Capabilities {
            voice: Some(VoiceCapability {
                conversations_ttl: Some(0),
                webhooks: Some(VoiceCapabilityWebhooks {
                    answer_url: Some(VoiceAnswerWebhookEndpoint {
                        connect_timeout: Some(50),
                        socket_timeout: Some(9000),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        }),
        ..CreateApplicationRequest::new("demo")
    };
    let paths: Vec<String> = body
        .validate()
        .unwrap_err()
        .violations
        .into_iter()
        .map(|v| v.path)
        .collect();
    assert_eq!(
        paths,
        [
            "capabilities.voice.conversations_ttl",
            "capabilities.voice.webhooks.answer_url.connect_timeout",
            "capabilities.voice.webhooks.answer_url.socket_timeout",
        ]
    );
    match app_client(&server).await.create_application(&body).await.unwrap_err() {
        Error::Invalid(errors) => assert_eq!(errors.violations.len(), 3, "{errors}"),
        other => panic!("{other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn the_page_stream_walks_every_page() {
    let server = MockServer::start().await;
    for page in 1..=3 {
        Mock::given(method("GET"))
            .and(path("/"))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "page_size": 2, "page": page, "total_items": 5, "total_pages": 3,
                "_embedded": {"applications": (0..if page == 3 { 1 } else { 2 })
                    .map(|i| json!({"id": format!("app-{page}-{i}"), "name": "a"}))
                    .collect::<Vec<_>>()}
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = app_client(&server).await;
    let params = ListApplicationParams {
        page: Some(1),
        page_size: Some(2),
    };
    let ids: Vec<String> = client
        .list_application_stream(&params)
        .map(|item| item.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["app-1-0", "app-1-1", "app-2-0", "app-2-1", "app-3-0"]);
}

#[tokio::test]
async fn the_cursor_stream_follows_next_links_until_there_is_none() {
    let server = MockServer::start().await;
    let page = |users: &[&str], next: Option<&str>| {
        let mut links = json!({"self": {"href": "https://api.nexmo.com/v1/users"}});
        if let Some(cursor) = next {
            links["next"] = json!({"href": format!("https://api.nexmo.com/v1/users?page_size=2&cursor={cursor}")});
        }
        json!({
            "page_size": 2,
            "_embedded": {"users": users.iter().map(|id| json!({"id": id, "name": id})).collect::<Vec<_>>()},
            "_links": links
        })
    };
    Mock::given(method("GET"))
        .and(path("/users"))
        .and(query_param("cursor", "c2"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["u3"], None)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/users"))
        .respond_with(ResponseTemplate::new(200).set_body_json(page(&["u1", "u2"], Some("c2"))))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let client = UsersClient::new().with_bearer_auth(TOKEN).with_base_url(server.uri());
    let ids: Vec<String> = client
        .list_users_stream(&ListUsersParams::default())
        .map(|item| item.unwrap().id.unwrap())
        .collect()
        .await;
    assert_eq!(ids, ["u1", "u2", "u3"]);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_being_yielded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(1)
        .mount(&server)
        .await;
    let client = app_client(&server).await.with_retry(RetryPolicy::none());
    let items: Vec<_> = client
        .list_application_stream(&ListApplicationParams::default())
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert!(matches!(items[0], Err(app::Error::UnexpectedStatus { .. })));
}
