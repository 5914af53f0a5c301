//! Every body encoding, checked on the wire: forms byte for byte,
//! multipart read back by a multipart parser, binary bodies streamed.

use generated::bodies::client::{Client, DownloadMediaError, Error, Upload, UploadMediaForm};
use generated::bodies::types::{NewMessage, NewMessageFilter, NewMessageMetadata, Purchase};
use generated::runtime::futures_util::{StreamExt, stream};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn only_request(server: &MockServer) -> Request {
    let mut requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.remove(0)
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn a_form_body_is_encoded_by_each_property_s_style() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/sms/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"message_count": "1"})))
        .mount(&server)
        .await;
    let mut message = NewMessage::new("AcmeInc", "447700900000", "Hello & welcome");
    message.ttl = Some(900);
    message.status_report_req = Some(true);
    message.tags = Some(vec!["a".into(), "b".into()]);
    message.labels = Some(vec!["x".into(), "y".into()]);
    message.ids = Some(vec![1, 2]);
    message.filter = Some(NewMessageFilter {
        country: Some("GB".into()),
        r#type: Some("mobile".into()),
        ..Default::default()
    });
    message.metadata = Some(NewMessageMetadata {
        campaign: Some("spring sale".into()),
        weight: Some(0.5),
        ..Default::default()
    });
    let client = Client::new().with_base_url(server.uri());
    let sent = client.send_message(&message).await.unwrap();
    assert_eq!(sent.body.message_count.as_deref(), Some("1"));

    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/x-www-form-urlencoded"));
    // Pairs in name order; `tags` exploded (the default), `labels` not,
    // `ids` pipe-delimited, `filter` a deep object, `metadata` JSON.
    let expected = "filter%5Bcountry%5D=GB&filter%5Btype%5D=mobile&from=AcmeInc&ids=1%7C2&labels=x%2Cy\
        &metadata=%7B%22campaign%22%3A%22spring+sale%22%2C%22weight%22%3A0.5%7D&status-report-req=true\
        &tags=a&tags=b&text=Hello+%26+welcome&to=447700900000&ttl=900";
    assert_eq!(String::from_utf8_lossy(&request.body), expected);
}

#[tokio::test]
async fn an_operation_offering_json_and_a_form_sends_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"country": "GB", "msisdn": "447700900001"})),
        )
        .mount(&server)
        .await;
    let client = Client::new().with_base_url(server.uri());
    let bought = client.buy_number(&Purchase::new("GB", "447700900001")).await.unwrap();
    assert_eq!(bought.body.msisdn, "447700900001");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("application/json"));
    assert_eq!(header(&request, "accept"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
    assert_eq!(body, serde_json::json!({"country": "GB", "msisdn": "447700900001"}));
}

#[tokio::test]
async fn a_multipart_body_carries_files_and_text_parts() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201)).mount(&server).await;
    let mut form = UploadMediaForm::new(Upload::bytes(&b"ID3 song bytes"[..]).file_name("song.mp3"));
    form.attachments = vec![
        Upload::bytes(&b"first"[..]).file_name("a.txt").content_type("text/plain"),
        Upload::stream(stream::iter([Ok::<_, std::io::Error>(b"sec".to_vec()), Ok(b"ond".to_vec())]))
            .file_name("b.bin"),
    ];
    form.description = Some("A recording".into());
    form.max_downloads_allowed = Some(3);
    form.tags = Some(vec!["one".into(), "two".into()]);
    form.kind = Some("audio".parse().unwrap());
    form.metadata = Some(serde_json::from_value(serde_json::json!({"owner": "ops"})).unwrap());
    let client = Client::new().with_base_url(server.uri());
    client.upload_media(form).await.unwrap();

    let request = only_request(&server).await;
    let content_type = header(&request, "content-type").unwrap();
    let boundary = multer::parse_boundary(content_type).unwrap();
    let body = request.body.clone();
    let mut multipart = multer::Multipart::new(stream::iter([Ok::<_, std::io::Error>(body)]), boundary);
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.unwrap() {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let media = field.content_type().map(|m| m.to_string());
        let bytes = field.bytes().await.unwrap();
        parts.push((name, file_name, media, String::from_utf8_lossy(&bytes).into_owned()));
    }
    let part = |name: &str, file: Option<&str>, media: Option<&str>, text: &str| {
        (name.to_string(), file.map(str::to_string), media.map(str::to_string), text.to_string())
    };
    assert_eq!(
        parts,
        [
            part("file", Some("song.mp3"), Some("audio/mpeg"), "ID3 song bytes"),
            part("attachments", Some("a.txt"), Some("text/plain"), "first"),
            part("attachments", Some("b.bin"), Some("application/octet-stream"), "second"),
            part("description", None, None, "A recording"),
            part("max_downloads_allowed", None, None, "3"),
            part("tags", None, None, "one"),
            part("tags", None, None, "two"),
            part("kind", None, None, "audio"),
            part("metadata", None, Some("application/json"), "{\"owner\":\"ops\"}"),
        ]
    );
}

#[tokio::test]
async fn a_binary_download_is_read_as_a_stream() {
    let server = MockServer::start().await;
    let file: Vec<u8> = (0..4 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    Mock::given(method("GET"))
        .and(path("/media/abc"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(file.clone(), "application/octet-stream"))
        .mount(&server)
        .await;
    let client = Client::new().with_base_url(server.uri());
    let response = client.download_media("abc").await.unwrap();
    assert_eq!(header_value(&response.headers, "content-type"), Some("application/octet-stream"));
    let mut chunks = 0;
    let mut received = Vec::new();
    let mut body = response.into_body();
    while let Some(chunk) = body.next().await {
        chunks += 1;
        received.extend_from_slice(&chunk.unwrap());
    }
    assert!(chunks > 1, "a 4 MiB body arrived in {chunks} chunk(s)");
    assert_eq!(received, file);
}

fn header_value<'h>(headers: &'h generated::runtime::reqwest::header::HeaderMap, name: &str) -> Option<&'h str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn a_download_s_documented_error_is_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"title": "No such file"})))
        .mount(&server)
        .await;
    let client = Client::new().with_base_url(server.uri());
    match client.download_media("missing").await {
        Err(Error::Api(response)) => match response.body {
            DownloadMediaError::NotFound(problem) => assert_eq!(problem.title.as_deref(), Some("No such file")),
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_binary_upload_is_sent_from_a_stream() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let chunks = (0..8).map(|i| Ok::<_, std::io::Error>(vec![i as u8; 64 * 1024]));
    let client = Client::new().with_base_url(server.uri());
    client.replace_media("abc", Upload::stream(stream::iter(chunks))).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(request.url.path(), "/media/abc");
    assert_eq!(header(&request, "content-type"), Some("application/octet-stream"));
    let expected: Vec<u8> = (0..8).flat_map(|i| vec![i as u8; 64 * 1024]).collect();
    assert_eq!(request.body, expected);
}

#[tokio::test]
async fn an_upload_s_own_media_type_wins() {
    let server = MockServer::start().await;
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = Client::new().with_base_url(server.uri());
    let upload = Upload::bytes(b"RIFF".to_vec()).content_type("audio/wav");
    client.replace_media("abc", upload).await.unwrap();
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("audio/wav"));
    assert_eq!(request.body, b"RIFF");
}

#[tokio::test]
async fn text_bodies_travel_as_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_raw("stored: hello", "text/plain"))
        .mount(&server)
        .await;
    let client = Client::new().with_base_url(server.uri());
    let response = client.add_note("hello".to_string()).await.unwrap();
    assert_eq!(response.body, "stored: hello");
    let request = only_request(&server).await;
    assert_eq!(header(&request, "content-type"), Some("text/plain"));
    assert_eq!(request.body, b"hello");
}
