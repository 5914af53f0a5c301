//! The client runtime against a scripted server: retries and their
//! backoff, `Retry-After`, methods that are never repeated, timeouts per
//! client and per call, and the `User-Agent` every request sends.
// A feature named here leaves the crate's manifest when its spec leaves
// `specs/`; this file then compiles to nothing.
#![allow(unexpected_cfgs)]
#![cfg(all(feature = "client", feature = "application_v2"))]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use generated::application_v2::client::{CallOptions, Client, Error, RetryPolicy};
use generated::application_v2::types::CreateApplicationRequest;
use serde_json::json;
use wiremock::matchers::{header, method};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Answers with each response in turn, the last one from then on, and
/// notes when each request arrived.
#[derive(Clone)]
struct Script {
    responses: Vec<ResponseTemplate>,
    arrivals: Arc<Mutex<Vec<Instant>>>,
}

impl Script {
    fn new(responses: Vec<ResponseTemplate>) -> Self {
        Script {
            responses,
            arrivals: Arc::default(),
        }
    }
    fn arrivals(&self) -> Vec<Instant> {
        self.arrivals.lock().unwrap().clone()
    }
}

impl Respond for Script {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        let mut arrivals = self.arrivals.lock().unwrap();
        arrivals.push(Instant::now());
        let index = (arrivals.len() - 1).min(self.responses.len() - 1);
        self.responses[index].clone()
    }
}

fn application() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({"id": "app-1", "name": "demo"}))
}

fn client(server: &MockServer) -> Client {
    Client::new()
        .with_basic_auth("abcd1234", "secret")
        .with_base_url(server.uri())
}

#[tokio::test]
async fn a_get_that_meets_503_twice_succeeds_on_the_third_attempt() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        ResponseTemplate::new(503),
        ResponseTemplate::new(503),
        application(),
    ]);
    Mock::given(method("GET"))
        .respond_with(script.clone())
        .expect(3)
        .mount(&server)
        .await;
    let response = client(&server).get_application("app-1").await.unwrap();
    assert_eq!(response.body.id, "app-1");
    assert_eq!(response.attempts, 3);
    // Full jitter under the default 0.5 s base: at most 0.5 s, then 1 s.
    let arrivals = script.arrivals();
    assert!(
        arrivals[1] - arrivals[0] <= Duration::from_millis(800),
        "{:?}",
        arrivals[1] - arrivals[0]
    );
    assert!(
        arrivals[2] - arrivals[1] <= Duration::from_millis(1300),
        "{:?}",
        arrivals[2] - arrivals[1]
    );
}

#[tokio::test]
async fn a_post_is_sent_once_on_503_unless_the_caller_opts_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1 + 3)
        .mount(&server)
        .await;
    let request = CreateApplicationRequest::new("demo");
    let error = client(&server).create_application(&request).await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus { .. }), "{error:?}");
    assert_eq!(error.attempts(), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    let opted_in = RetryPolicy::default()
        .retry_non_idempotent(true)
        .base_delay(Duration::from_millis(1));
    let error = client(&server)
        .with_retry(opted_in)
        .create_application(&request)
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn retry_after_on_429_sets_the_wait() {
    let server = MockServer::start().await;
    let script = Script::new(vec![
        ResponseTemplate::new(429).insert_header("Retry-After", "1"),
        application(),
    ]);
    Mock::given(method("GET"))
        .respond_with(script.clone())
        .expect(2)
        .mount(&server)
        .await;
    client(&server).get_application("app-1").await.unwrap();
    let arrivals = script.arrivals();
    let gap = arrivals[1] - arrivals[0];
    println!("Retry-After: 1 → gap between the two requests: {gap:?}");
    assert!(
        gap >= Duration::from_millis(1000) && gap < Duration::from_millis(1500),
        "{gap:?}"
    );
}

#[tokio::test]
async fn retry_policy_none_sends_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .with_retry(RetryPolicy::none())
        .get_application("app-1")
        .await
        .unwrap_err();
    assert_eq!(error.attempts(), 1);
    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
}

#[tokio::test]
async fn a_status_that_retrying_cannot_fix_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "type": "https://developer.nexmo.com/api-errors#not-found", "title": "Not found"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server).get_application("gone").await.unwrap_err();
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    assert_eq!(error.attempts(), 1);
}

#[tokio::test]
async fn a_hung_server_hits_the_per_call_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(application().set_delay(Duration::from_secs(10)))
        .mount(&server)
        .await;
    let client = client(&server);
    let started = Instant::now();
    let options = CallOptions::new()
        .timeout(Duration::from_millis(300))
        .retry(RetryPolicy::default().base_delay(Duration::from_millis(10)));
    let error = client
        .with_call_options(&options)
        .get_application("app-1")
        .await
        .unwrap_err();
    match &error {
        Error::Timeout { attempts, .. } => assert_eq!(*attempts, 3),
        other => panic!("{other:?}"),
    }
    assert!(
        error.to_string().starts_with("request timed out (after 3 attempts)"),
        "{error}"
    );
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
}

#[tokio::test]
async fn connection_failures_are_retried_and_counted() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let fast = RetryPolicy::default().base_delay(Duration::from_millis(1));
    let error = Client::new()
        .with_basic_auth("abcd1234", "secret")
        .with_base_url(format!("http://127.0.0.1:{port}"))
        .with_retry(fast)
        .get_application("app-1")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(error.attempts(), 3);
}

#[tokio::test]
async fn every_request_says_who_it_is_unless_told_otherwise() {
    let server = MockServer::start().await;
    let default = format!("generated/{}", env!("CARGO_PKG_VERSION"));
    Mock::given(method("GET"))
        .and(header("user-agent", default.as_str()))
        .respond_with(application())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("user-agent", "my-app/2.0"))
        .respond_with(application())
        .expect(1)
        .mount(&server)
        .await;
    client(&server).get_application("app-1").await.unwrap();
    client(&server)
        .with_user_agent("my-app/2.0")
        .get_application("app-1")
        .await
        .unwrap();
}
