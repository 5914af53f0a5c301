//! README's shorter examples, each pasted as it is into a function so that
//! it compiles against the generated crate as a user's code would.

pub async fn retries_and_timeouts() -> Result<(), Box<dyn std::error::Error>> {
    use std::time::Duration;
    use generated::application_v2::client::{CallOptions, Client, Error, RetryPolicy};

    let client = Client::new()
        .with_basic_auth("API_KEY", "API_SECRET")
        .with_retry(RetryPolicy::default().max_attempts(5))
        .with_timeout(Duration::from_secs(10));
    // One call with other settings: a cheap clone that shares the connections.
    let quick = CallOptions::new().timeout(Duration::from_secs(2)).retry(RetryPolicy::none());
    match client.with_call_options(&quick).get_application("ID").await {
        Err(Error::Timeout { attempts, .. }) => println!("no answer after {attempts} attempt(s)"),
        other => println!("{other:?}"),
    }
    Ok(())
}

pub fn application_jwts() -> Result<(), Box<dyn std::error::Error>> {
    use generated::runtime::Credentials;
    use generated::users::client::Client;

    let key = std::fs::read_to_string("private.key")?;
    let credentials = Credentials::vonage_application("APPLICATION_ID", &key)?;
    let users = Client::new().with_credentials(credentials);
    let _ = users;
    Ok(())
}

pub fn signed_webhooks() {
    use axum::{body::Bytes, http::{HeaderMap, StatusCode}};
    use generated::webhooks::verify_signed_callback;

    async fn status(headers: HeaderMap, body: Bytes) -> StatusCode {
        let authorization = headers
            .get("authorization")
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let secret = std::env::var("VONAGE_SIGNATURE_SECRET").unwrap_or_default();
        match verify_signed_callback(authorization, &body, &secret) {
            Ok(_) => {
                // Parse `body` and act on it here.
                StatusCode::NO_CONTENT
            }
            Err(_) => StatusCode::UNAUTHORIZED,
        }
    }
    let _ = status;
}

pub fn signed_callbacks() {
    use axum::{extract::Query, http::StatusCode};
    use generated::runtime::SignatureMethod;
    use generated::webhooks::verify_signed_params;

    async fn inbound_sms(Query(params): Query<Vec<(String, String)>>) -> StatusCode {
        let secret = std::env::var("VONAGE_SIGNATURE_SECRET").unwrap_or_default();
        match verify_signed_params(&params, &secret, SignatureMethod::Sha256Hmac) {
            Ok(()) => {
                // Read the message from `params` here.
                StatusCode::NO_CONTENT
            }
            Err(_) => StatusCode::UNAUTHORIZED,
        }
    }
    let _ = inbound_sms;
}

pub async fn unlisted_properties() -> Result<(), Box<dyn std::error::Error>> {
    use generated::application_v2::client::Client;
    use generated::application_v2::types::UpdateApplicationRequest;

    let client = Client::new().with_basic_auth("API_KEY", "API_SECRET");
    let app = client.get_application("ID").await?.into_body();
    let status = app.additional_properties.get("status"); // Option<&serde_json::Value>
    let mut update = UpdateApplicationRequest::from(&app); // unlisted properties come along
    update.additional_properties.insert("beta_flag".into(), serde_json::json!(true));
    client.update_application("ID", &update).await?;
    let _ = status;
    Ok(())
}
