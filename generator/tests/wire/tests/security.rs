//! Each operation sends exactly the credentials its security requirement
//! names, where the scheme says, and nothing else.

use generated::numbers::client::{Client, Error, GetSessionParams, SignatureMethod};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200)).mount(&server).await;
    server
}

/// The one request the server received.
async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

fn query(request: &Request) -> Vec<(String, String)> {
    request.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

fn pair(key: &str, value: &str) -> (String, String) {
    (key.to_string(), value.to_string())
}

#[tokio::test]
async fn key_and_secret_travel_together_in_the_query() {
    let server = server().await;
    let client = Client::new().with_api_key("my-key").with_api_secret("my-secret").with_base_url(server.uri());
    client.get_owned_numbers().await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/account/numbers");
    assert_eq!(query(&request), [pair("api_key", "my-key"), pair("api_secret", "my-secret")]);
    assert_eq!(header(&request, "authorization"), None);
}

#[tokio::test]
async fn the_second_alternative_is_sent_when_only_it_is_held() {
    let server = server().await;
    let client = Client::new()
        .with_api_key("my-key")
        .with_signature_secret("signature-secret", SignatureMethod::Md5Hash)
        .with_base_url(server.uri());
    client.get_owned_numbers().await.unwrap();
    let sent = query(&only_request(&server).await);
    let names: Vec<&str> = sent.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["api_key", "timestamp", "sig"]);
    assert_eq!(sent[0], pair("api_key", "my-key"));
}

#[tokio::test]
async fn a_client_holding_every_credential_sends_only_what_each_operation_names() {
    let server = server().await;
    let client = Client::new()
        .with_api_key("my-key")
        .with_api_secret("my-secret")
        .with_header_key("header-key")
        .with_basic_auth("user", "pass")
        .with_bearer_auth("token")
        .with_base_url(server.uri());
    client.search_numbers().await.unwrap();
    let request = only_request(&server).await;
    assert!(query(&request).is_empty(), "{:?}", request.url);
    assert_eq!(header(&request, "x-api-key"), Some("header-key"));
    assert_eq!(header(&request, "authorization"), None);
}

#[tokio::test]
async fn an_operation_with_empty_security_sends_no_credentials() {
    let server = server().await;
    let client = Client::new().with_api_key("my-key").with_api_secret("my-secret").with_base_url(server.uri());
    client.get_status().await.unwrap();
    let request = only_request(&server).await;
    assert!(query(&request).is_empty(), "{:?}", request.url);
    assert_eq!(header(&request, "authorization"), None);
}

#[tokio::test]
async fn missing_credentials_stop_the_request_and_say_which_would_do() {
    let server = server().await;
    let client = Client::new().with_api_key("my-key").with_base_url(server.uri());
    let error = client.get_owned_numbers().await.unwrap_err();
    assert!(matches!(error, Error::MissingCredentials(_)), "{error:?}");
    let message = error.to_string();
    assert!(message.contains("`apiKey` and `apiSecret`, or `apiKey` and `apiSig`"), "{message}");
    assert!(!message.contains("my-key"), "{message}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_cookie_key_joins_the_operations_cookies() {
    let server = server().await;
    let client = Client::new().with_cookie_key("s3ss10n").with_base_url(server.uri());
    client.get_session(&GetSessionParams { theme: Some("dark".into()) }).await.unwrap();
    assert_eq!(header(&only_request(&server).await, "cookie"), Some("theme=dark; session=s3ss10n"));
}

#[tokio::test]
async fn basic_or_bearer_sends_the_first_alternative_held() {
    let server = server().await;
    Client::new().with_bearer_auth("tok").with_base_url(server.uri()).basic_or_bearer().await.unwrap();
    assert_eq!(header(&only_request(&server).await, "authorization"), Some("Bearer tok"));

    let server = self::server().await;
    let client = Client::new().with_bearer_auth("tok").with_basic_auth("user", "pass").with_base_url(server.uri());
    client.basic_or_bearer().await.unwrap();
    // base64("user:pass")
    assert_eq!(header(&only_request(&server).await, "authorization"), Some("Basic dXNlcjpwYXNz"));
}

#[tokio::test]
async fn oauth2_and_openid_connect_tokens_are_bearer_tokens() {
    let server = server().await;
    Client::new().with_open_id("id-token").with_base_url(server.uri()).with_oauth().await.unwrap();
    assert_eq!(header(&only_request(&server).await, "authorization"), Some("Bearer id-token"));
}

#[tokio::test]
async fn optional_credentials_are_sent_when_held_and_not_required() {
    let server = server().await;
    Client::new().with_base_url(server.uri()).optional_key().await.unwrap();
    assert!(query(&only_request(&server).await).is_empty());

    let server = self::server().await;
    // `otherKey` and `other_key` both want `with_other_key`: the second declared is numbered.
    let client = Client::new().with_other_key("header").with_other_key_2("query").with_base_url(server.uri());
    client.optional_key().await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(query(&request), [pair("other_key", "query")]);
    assert_eq!(header(&request, "x-other-key"), None);
}

#[tokio::test]
async fn secrets_never_show_in_debug_or_errors() {
    let client = Client::new()
        .with_api_key("my-key-123456")
        .with_api_secret("very-secret-value")
        // Nothing listens on port 9 of localhost.
        .with_base_url("http://127.0.0.1:9");
    let shown = format!("{client:?}");
    assert!(!shown.contains("very-secret-value") && !shown.contains("my-key-123456"), "{shown}");
    let error = client.get_owned_numbers().await.unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(!text.contains("very-secret-value"), "{text}");
}

#[tokio::test]
async fn routes_are_the_spec_paths() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/account/numbers"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Client::new().with_api_key("k").with_api_secret("s").with_base_url(server.uri()).get_owned_numbers().await.unwrap();
}
