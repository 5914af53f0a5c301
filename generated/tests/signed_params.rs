//! Callbacks signed with `sig`: a genuine one passes, and a tampered,
//! replayed or unsigned one fails with its own error.
#![cfg(feature = "webhooks")]

use std::time::{Duration, SystemTime};

use generated::runtime::SignatureMethod;
use generated::runtime::signature;
use generated::webhooks::{Verifier, WebhookError, verify_signed_params};

const SECRET: &str = "my-signature-secret";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// An inbound SMS as Vonage sends it, signed at `timestamp`.
fn inbound(timestamp: u64, method: SignatureMethod) -> Vec<(String, String)> {
    let mut params: Vec<(String, String)> = [
        ("msisdn", "447700900001"),
        ("to", "447700900000"),
        ("messageId", "0A0000000123ABCD1"),
        ("text", "Hello & welcome = friends"),
        ("type", "text"),
        ("keyword", "HELLO"),
        ("api-key", "abcd1234"),
        ("message-timestamp", "2020-01-01 12:00:00"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    signature::sign(&mut params, SECRET, method, timestamp);
    params
}

const METHODS: [SignatureMethod; 5] = [
    SignatureMethod::Md5Hash,
    SignatureMethod::Md5Hmac,
    SignatureMethod::Sha1Hmac,
    SignatureMethod::Sha256Hmac,
    SignatureMethod::Sha512Hmac,
];

#[test]
fn a_genuine_callback_passes_in_any_order_and_case() {
    for method in METHODS {
        let mut params = inbound(now(), method);
        assert_eq!(verify_signed_params(&params, SECRET, method), Ok(()), "{method:?}");
        params.reverse();
        assert_eq!(verify_signed_params(&params, SECRET, method), Ok(()), "{method:?}");
        // Some senders write the hex digits in capitals.
        for (name, value) in &mut params {
            if name == "sig" {
                *value = value.to_ascii_uppercase();
            }
        }
        assert_eq!(verify_signed_params(&params, SECRET, method), Ok(()), "{method:?}");
    }
}

#[test]
fn a_tampered_callback_fails() {
    let genuine = inbound(now(), SignatureMethod::Sha256Hmac);
    let mut changed = genuine.clone();
    changed[3].1 = "Hello & welcome = enemies".into();
    assert_eq!(
        verify_signed_params(&changed, SECRET, SignatureMethod::Sha256Hmac),
        Err(WebhookError::BadSignature)
    );
    let mut added = genuine.clone();
    added.push(("concat".into(), "true".into()));
    assert_eq!(
        verify_signed_params(&added, SECRET, SignatureMethod::Sha256Hmac),
        Err(WebhookError::BadSignature)
    );
    let mut moved = genuine.clone();
    for (name, value) in &mut moved {
        if name == "timestamp" {
            *value = (value.parse::<u64>().unwrap() + 1).to_string();
        }
    }
    assert_eq!(
        verify_signed_params(&moved, SECRET, SignatureMethod::Sha256Hmac),
        Err(WebhookError::BadSignature)
    );
    for (secret, method) in [
        ("another-secret", SignatureMethod::Sha256Hmac),
        (SECRET, SignatureMethod::Sha1Hmac),
    ] {
        let error = verify_signed_params(&genuine, secret, method).unwrap_err();
        assert_eq!(error, WebhookError::BadSignature);
        assert!(!format!("{error} {error:?}").contains(SECRET));
    }
}

#[test]
fn an_old_callback_fails_as_a_possible_replay() {
    let old = inbound(now() - 600, SignatureMethod::Md5Hash);
    let error = verify_signed_params(&old, SECRET, SignatureMethod::Md5Hash).unwrap_err();
    assert!(matches!(error, WebhookError::Expired { .. }), "{error:?}");
    let lenient = Verifier::new(SECRET).max_age(Duration::from_secs(3600));
    assert_eq!(lenient.verify_params(&old, SignatureMethod::Md5Hash), Ok(()));
    let future = inbound(now() + 600, SignatureMethod::Md5Hash);
    let error = verify_signed_params(&future, SECRET, SignatureMethod::Md5Hash).unwrap_err();
    assert!(matches!(error, WebhookError::IssuedInFuture { .. }), "{error:?}");
}

#[test]
fn a_callback_without_sig_or_timestamp_fails() {
    let genuine = inbound(now(), SignatureMethod::Md5Hash);
    let without =
        |name: &str| -> Vec<(String, String)> { genuine.iter().filter(|(k, _)| k != name).cloned().collect() };
    assert_eq!(
        verify_signed_params(&without("sig"), SECRET, SignatureMethod::Md5Hash),
        Err(WebhookError::MissingSignature)
    );
    assert_eq!(
        verify_signed_params(&without("timestamp"), SECRET, SignatureMethod::Md5Hash),
        Err(WebhookError::MissingTimestamp)
    );
    let mut empty_sig = without("sig");
    empty_sig.push(("sig".into(), String::new()));
    assert_eq!(
        verify_signed_params(&empty_sig, SECRET, SignatureMethod::Md5Hash),
        Err(WebhookError::BadSignature)
    );
    let none: [(&str, &str); 0] = [];
    assert_eq!(
        verify_signed_params(&none, SECRET, SignatureMethod::Md5Hash),
        Err(WebhookError::MissingSignature)
    );
    assert_eq!(
        verify_signed_params(&genuine, "", SignatureMethod::Md5Hash),
        Err(WebhookError::EmptySecret)
    );
}

#[test]
fn the_verifier_never_shows_its_secret() {
    let shown = format!("{:?}", Verifier::new(SECRET));
    assert!(!shown.contains(SECRET), "{shown}");
}
