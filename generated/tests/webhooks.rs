//! Signed webhooks: a genuine callback passes, and each way of forging or
//! replaying one fails with its own error.
#![cfg(feature = "webhooks")]

use std::time::{Duration, SystemTime};

use base64::Engine;
use generated::webhooks::{Verifier, WebhookError, verify_signed_callback};
use serde_json::{Value, json};
use sha2::Digest;

const SECRET: &str = "signature-secret-0123456789abcdef";
const BODY: &[u8] = br#"{"status":"delivered","message_uuid":"aaaaaaaa-bbbb-cccc-dddd-0123456789ab"}"#;

fn now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn claims(iat: u64, body: &[u8]) -> Value {
    let hash: String = sha2::Sha256::digest(body).iter().map(|b| format!("{b:02x}")).collect();
    json!({
        "iat": iat, "jti": "c5f2b1d4-2f4a-4e5e-8a3c-0123456789ab", "iss": "Vonage",
        "payload_hash": hash, "api_key": "abcd1234", "application_id": "app-1"
    })
}

fn signed(claims: &Value, secret: &str) -> String {
    let key = jsonwebtoken::EncodingKey::from_secret(secret.as_bytes()).unwrap();
    let token = jsonwebtoken::encode(&jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256), claims, &key).unwrap();
    format!("Bearer {token}")
}

#[test]
fn a_genuine_callback_passes() {
    let callback = verify_signed_callback(&signed(&claims(now(), BODY), SECRET), BODY, SECRET).unwrap();
    assert_eq!(callback.api_key.as_deref(), Some("abcd1234"));
    assert_eq!(callback.application_id.as_deref(), Some("app-1"));
    assert_eq!(callback.claims["iss"], "Vonage");
    // Without `payload_hash` the body is not checked, the signature still is.
    let mut no_hash = claims(now(), BODY);
    no_hash.as_object_mut().unwrap().remove("payload_hash");
    assert!(verify_signed_callback(&signed(&no_hash, SECRET), b"anything", SECRET).is_ok());
}

#[test]
fn a_tampered_body_fails() {
    let error = verify_signed_callback(
        &signed(&claims(now(), BODY), SECRET),
        b"{\"status\":\"failed\"}",
        SECRET,
    );
    assert_eq!(error.unwrap_err(), WebhookError::PayloadMismatch);
}

#[test]
fn another_secret_fails_without_showing_either() {
    let error = verify_signed_callback(&signed(&claims(now(), BODY), "another-secret"), BODY, SECRET).unwrap_err();
    assert_eq!(error, WebhookError::BadSignature);
    let shown = format!("{error} {error:?} {:?}", Verifier::new(SECRET));
    assert!(!shown.contains(SECRET) && !shown.contains("another-secret"), "{shown}");
}

#[test]
fn an_unsigned_token_fails() {
    let encode = |value: &Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string());
    let header = encode(&json!({"alg": "none", "typ": "JWT"}));
    let payload = encode(&claims(now(), BODY));
    let error = verify_signed_callback(&format!("Bearer {header}.{payload}."), BODY, SECRET).unwrap_err();
    assert_eq!(error, WebhookError::UnsupportedAlgorithm("none".into()));
    // Another algorithm, even a real one, is refused before any key is tried.
    let header = encode(&json!({"alg": "HS512", "typ": "JWT"}));
    let error = verify_signed_callback(&format!("Bearer {header}.{payload}.c2ln"), BODY, SECRET).unwrap_err();
    assert!(matches!(error, WebhookError::UnsupportedAlgorithm(_)), "{error:?}");
}

#[test]
fn an_old_or_future_iat_fails() {
    let old = verify_signed_callback(&signed(&claims(now() - 301, BODY), SECRET), BODY, SECRET).unwrap_err();
    assert!(matches!(old, WebhookError::Expired { .. }), "{old:?}");
    let future = verify_signed_callback(&signed(&claims(now() + 120, BODY), SECRET), BODY, SECRET).unwrap_err();
    assert!(matches!(future, WebhookError::IssuedInFuture { .. }), "{future:?}");
    // A longer maximum age lets the old one through.
    let relaxed = Verifier::new(SECRET).max_age(Duration::from_secs(600));
    assert!(
        relaxed
            .verify(&signed(&claims(now() - 301, BODY), SECRET), BODY)
            .is_ok()
    );
    let mut no_iat = claims(now(), BODY);
    no_iat.as_object_mut().unwrap().remove("iat");
    let error = verify_signed_callback(&signed(&no_iat, SECRET), BODY, SECRET).unwrap_err();
    assert_eq!(error, WebhookError::MissingIssuedAt);
}

#[test]
fn a_missing_or_foreign_header_fails() {
    for header in ["", "Bearer ", "Basic YWJjOmRlZg==", "eyJhbGciOiJIUzI1NiJ9"] {
        assert_eq!(
            verify_signed_callback(header, BODY, SECRET).unwrap_err(),
            WebhookError::MissingToken,
            "{header}"
        );
    }
    let error = verify_signed_callback("Bearer not-a-jwt", BODY, SECRET).unwrap_err();
    assert!(matches!(error, WebhookError::Malformed(_)), "{error:?}");
}
