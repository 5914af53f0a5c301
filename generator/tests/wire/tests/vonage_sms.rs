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
