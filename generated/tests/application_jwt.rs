//! Vonage application JWTs: what is minted, what is cached, and what the
//! wire sees.
// A feature named here leaves the crate's manifest when its spec leaves
// `specs/`; this file then compiles to nothing.
#![allow(unexpected_cfgs)]
#![cfg(all(feature = "client", feature = "users"))]

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use generated::runtime::{Credentials, TokenProvider, VonageApplicationJwt};
use generated::users::client::{Client, ListUsersParams};
use serde_json::{Value, json};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

const PRIVATE_KEY: &str = include_str!("fixtures/application_private_key.pem");
const PUBLIC_KEY: &str = include_str!("fixtures/application_public_key.pem");
const APP_ID: &str = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab";

/// The header and claims of a token, after its signature checked out
/// against the public key.
fn decode(token: &str) -> (jsonwebtoken::Header, serde_json::Map<String, Value>) {
    let key = jsonwebtoken::DecodingKey::from_rsa_pem(PUBLIC_KEY.as_bytes()).unwrap();
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    validation.validate_exp = false;
    validation.validate_nbf = false;
    let data = jsonwebtoken::decode::<serde_json::Map<String, Value>>(token, &key, &validation).unwrap();
    (data.header, data.claims)
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

#[tokio::test]
async fn a_minted_token_is_rs256_with_every_claim() {
    let minter = VonageApplicationJwt::new(APP_ID, PRIVATE_KEY)
        .unwrap()
        .ttl(Duration::from_secs(3600))
        .unwrap()
        .subject("alice")
        .acl(json!({"paths": {"/*/users/**": {}}}))
        .not_before(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    let before = now();
    let token = minter.token().await.unwrap();
    let (header, claims) = decode(&token);
    assert_eq!(header.alg, jsonwebtoken::Algorithm::RS256);
    assert_eq!(header.typ.as_deref(), Some("JWT"));
    assert_eq!(claims["application_id"], APP_ID);
    let iat = claims["iat"].as_u64().unwrap();
    assert!(iat >= before && iat <= now(), "{iat}");
    assert_eq!(claims["exp"].as_u64(), Some(iat + 3600));
    let jti = uuid::Uuid::parse_str(claims["jti"].as_str().unwrap()).unwrap();
    assert_eq!(jti.get_version_num(), 4);
    assert_eq!(claims["sub"], "alice");
    assert_eq!(claims["acl"], json!({"paths": {"/*/users/**": {}}}));
    assert_eq!(claims["nbf"], 1_700_000_000);
    assert_eq!(claims.len(), 7, "{claims:?}");

    let (_, plain) = decode(&VonageApplicationJwt::new(APP_ID, PRIVATE_KEY).unwrap().mint().unwrap());
    assert_eq!(plain["exp"].as_u64().unwrap() - plain["iat"].as_u64().unwrap(), 900);
    let names: HashSet<&str> = plain.keys().map(String::as_str).collect();
    assert_eq!(names, HashSet::from(["application_id", "iat", "jti", "exp"]));
}

#[tokio::test]
async fn a_token_is_reused_within_its_ttl_and_renewed_before_it_expires() {
    static CLOCK: AtomicU64 = AtomicU64::new(1_800_000_000);
    let minter = VonageApplicationJwt::new(APP_ID, PRIVATE_KEY)
        .unwrap()
        .with_clock(|| CLOCK.load(Ordering::SeqCst));
    let first = minter.token().await.unwrap();
    CLOCK.fetch_add(600, Ordering::SeqCst);
    assert_eq!(minter.token().await.unwrap(), first);
    // 30 s before `exp` is too close: the next caller gets a new token.
    CLOCK.fetch_add(280, Ordering::SeqCst);
    let second = minter.token().await.unwrap();
    assert_ne!(second, first);
    let (_, claims) = decode(&second);
    assert_eq!(claims["iat"], 1_800_000_880);
    assert_ne!(claims["jti"], decode(&first).1["jti"]);
}

#[tokio::test]
async fn concurrent_callers_share_one_token() {
    let minter = Arc::new(VonageApplicationJwt::new(APP_ID, PRIVATE_KEY).unwrap());
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let minter = minter.clone();
            tokio::spawn(async move { minter.token().await.unwrap() })
        })
        .collect();
    let mut tokens = HashSet::new();
    for task in tasks {
        tokens.insert(task.await.unwrap());
    }
    assert_eq!(tokens.len(), 1);
}

#[test]
fn a_bad_key_or_ttl_fails_at_construction_without_echoing_the_key() {
    let error = Credentials::vonage_application(
        APP_ID,
        "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains(APP_ID) && error.contains("not an RSA key"), "{error}");
    assert!(!error.contains("bm90IGEga2V5"), "{error}");
    assert!(Credentials::vonage_application(APP_ID, "").is_err());
    let minter = VonageApplicationJwt::new(APP_ID, PRIVATE_KEY).unwrap();
    assert!(minter.ttl(Duration::from_secs(24 * 3600 + 1)).is_err());
}

#[tokio::test]
async fn bearer_schemes_send_the_application_jwt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"page_size": 10, "_embedded": {"users": []}})))
        .expect(2)
        .mount(&server)
        .await;
    let credentials = Credentials::vonage_application(APP_ID, PRIVATE_KEY).unwrap();
    let shown = format!("{credentials:?}");
    assert!(!shown.contains("PRIVATE") && !shown.contains("MII"), "{shown}");
    let client = Client::new().with_credentials(credentials).with_base_url(server.uri());
    client.list_users(&ListUsersParams::default()).await.unwrap();
    client.list_users(&ListUsersParams::default()).await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let tokens: Vec<&str> = requests
        .iter()
        .map(|r| {
            r.headers["authorization"]
                .to_str()
                .unwrap()
                .strip_prefix("Bearer ")
                .unwrap()
        })
        .collect();
    assert_eq!(tokens[0], tokens[1]);
    assert_eq!(decode(tokens[0]).1["application_id"], APP_ID);
}
