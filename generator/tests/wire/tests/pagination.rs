//! Streams over paginated operations whose paths have parameters: every
//! page is fetched with the same path, header and query parameters.

use generated::recordings::client::{Client, ListEventsParams, ListRecordingsParams};
use generated::runtime::futures_util::StreamExt;
use serde_json::json;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn page_numbers_under_path_parameters_reach_every_page() {
    let server = MockServer::start().await;
    for page in 1..=3 {
        let body = json!({"total_pages": 3, "_embedded": {"recordings": [{"id": format!("r{page}a")}, {"id": format!("r{page}b")}]}});
        Mock::given(method("GET"))
            .and(path("/accounts/acc%2F1/users/42/recordings"))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = Client::new().with_base_url(server.uri());
    let params = ListRecordingsParams { page: Some(1), x_trace: Some("trace-1".into()) };
    let ids: Vec<String> = client
        .list_recordings_stream("acc/1", 42, &params)
        .map(|item| item.unwrap().id)
        .collect()
        .await;
    assert_eq!(ids, ["r1a", "r1b", "r2a", "r2b", "r3a", "r3b"]);
    for request in server.received_requests().await.unwrap() {
        assert_eq!(request.headers.get("x-trace").unwrap(), "trace-1");
    }
}

#[tokio::test]
async fn a_cursor_under_a_path_parameter_is_followed_to_the_end() {
    let server = MockServer::start().await;
    let pages = [
        (None, json!({"events": ["a", "b"], "_links": {"next": {"href": "/accounts/x/events?cursor=c2"}}})),
        (Some("c2"), json!({"events": ["c"], "_links": {"next": {"href": "/accounts/x/events?cursor=c3"}}})),
        (Some("c3"), json!({"events": ["d"], "_links": {}})),
    ];
    for (cursor, body) in pages {
        let mock = Mock::given(method("GET")).and(path("/accounts/x/events"));
        let response = ResponseTemplate::new(200).set_body_json(body);
        // The first page's request is the one without a cursor: it matches last.
        let mock = match cursor {
            Some(cursor) => mock.and(query_param("cursor", cursor)).respond_with(response),
            None => mock.respond_with(response).with_priority(10),
        };
        mock.expect(1).mount(&server).await;
    }
    let client = Client::new().with_base_url(server.uri());
    let events: Vec<String> = client
        .list_events_stream("x", &ListEventsParams::default())
        .map(|item| item.unwrap())
        .collect()
        .await;
    assert_eq!(events, ["a", "b", "c", "d"]);
}
