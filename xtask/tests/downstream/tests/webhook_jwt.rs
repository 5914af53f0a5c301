//! A signed webhook checked in a build that turns on both of
//! `jsonwebtoken`'s backends, before anything chose one of them.

use std::time::Duration;

use generated::webhooks::{Verifier, WebhookError};

const SECRET: &str = "a signature secret of the account";
const BODY: &[u8] = br#"{"status":"answered"}"#;
/// HS256 with `SECRET`, `iat` 1700000000, `api_key` `abcd1234` and the
/// SHA-256 of `BODY` as `payload_hash`.
const TOKEN: &str = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpYXQiOjE3MDAwMDAwMDAsImFwaV9rZXkiOiJhYmNkMTIzNCIsInBheWxvYWRfaGFzaCI6IjQ2OThhNWY4YmI3MzRkMTY3Yzc1ODdkYzM3MDNlMzhmY2I5MmU4MmIyZTkzZDg4Y2FjNzM3Njg2YzgyZjNlMDkifQ.6ZA14HUQfwZUPHWKbpvaA-tTqnFqiE48d349MBUbbgQ";

fn verifier(secret: &str) -> Verifier {
    // The token was signed long ago; its age is not what is tested here.
    Verifier::new(secret).max_age(Duration::from_secs(100 * 365 * 24 * 3600))
}

#[test]
fn a_signed_callback_checks_out_and_a_wrong_secret_fails() {
    let callback = verifier(SECRET).verify(&format!("Bearer {TOKEN}"), BODY).unwrap();
    assert_eq!(callback.issued_at, 1_700_000_000);
    assert_eq!(callback.api_key.as_deref(), Some("abcd1234"));

    let error = verifier("another secret").verify(&format!("Bearer {TOKEN}"), BODY).unwrap_err();
    assert!(matches!(error, WebhookError::BadSignature), "{error:?}");
}
