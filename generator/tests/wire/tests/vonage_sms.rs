//! Vonage's own published SMS API definition (`vonage_sms.json`, from the
//! APIs.guru directory): its send operation takes a form, which goes on the
//! wire as the form Vonage's servers read.

use generated::vonage_sms::client::Client;
use generated::vonage_sms::types::{NewMessage, NewMessageType, SendAnSmsFormat, SendAnSmsResponse};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn an_sms_is_sent_as_a_typed_form() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/json"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "message-count": "1",
            "messages": [{"to": "447700900000", "message-id": "0A0000000123ABCD1", "status": "0",
                          "remaining-balance": "3.14159265", "message-price": "0.03330000", "network": "12345"}]
        })))
        .mount(&server)
        .await;
    let mut message = NewMessage::new("abcd1234", "AcmeInc", "447700900000");
    message.api_secret = Some("s3cr3t&=".into());
    message.text = Some("Héllo wörld & more".into());
    message.r#type = Some(NewMessageType::Unicode);
    message.status_report_req = Some(true);
    let client = Client::new().with_base_url(server.uri());
    let sent = client.send_an_sms(&SendAnSmsFormat::Json, &message).await.unwrap();
    match sent.into_body() {
        SendAnSmsResponse::Sms(sms) => assert_eq!(sms.message_count.as_deref(), Some("1")),
        other => panic!("{other:?}"),
    }

    let requests = server.received_requests().await.unwrap();
    let request = &requests[0];
    assert_eq!(
        request.headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "api_key=abcd1234&api_secret=s3cr3t%26%3D&from=AcmeInc&status-report-req=true\
         &text=H%C3%A9llo+w%C3%B6rld+%26+more&to=447700900000&type=unicode"
    );
}

#[tokio::test]
async fn a_client_with_a_signature_secret_signs_the_form() {
    use generated::vonage_sms::client::SignatureMethod;
    use md5::Digest;

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"message-count": "1"})))
        .mount(&server)
        .await;
    let mut message = NewMessage::new("abcd1234", "AcmeInc", "447700900000");
    message.text = Some("Hi & bye = ok".into());
    let client = Client::new()
        .with_signature_secret("sig-secret", SignatureMethod::Md5Hash)
        .with_base_url(server.uri());
    let before = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs();
    client.send_an_sms(&SendAnSmsFormat::Json, &message).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&requests[0].body).into_owned().collect();
    let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(names, ["api_key", "from", "text", "to", "timestamp", "sig"]);
    let timestamp: u64 = pairs[4].1.parse().unwrap();
    assert!(timestamp >= before && timestamp <= before + 60, "{timestamp}");
    // The documented string, written out: sorted, `&` and `=` in values as `_`.
    let signed = format!("&api_key=abcd1234&from=AcmeInc&text=Hi _ bye _ ok&timestamp={timestamp}&to=447700900000");
    let digest = md5::Md5::digest(format!("{signed}sig-secret").as_bytes());
    let expected: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(pairs[5].1, expected);
    assert!(!String::from_utf8_lossy(&requests[0].body).contains("sig-secret"));
    generated::webhooks::verify_signed_params(&pairs, "sig-secret", SignatureMethod::Md5Hash).unwrap();
}
