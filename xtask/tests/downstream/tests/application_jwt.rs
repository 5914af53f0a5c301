//! A Vonage application JWT minted in a build that turns on both of
//! `jsonwebtoken`'s backends, before anything chose one of them.

use std::time::Duration;

use generated::runtime::{TokenProvider, VonageApplicationJwt};

const PRIVATE_KEY: &str = include_str!("../../../../generated/tests/fixtures/application_private_key.pem");
const PUBLIC_KEY: &str = include_str!("../../../../generated/tests/fixtures/application_public_key.pem");
const APP_ID: &str = "aaaaaaaa-bbbb-cccc-dddd-0123456789ab";

#[tokio::test]
async fn a_token_is_minted_and_checks_out_against_the_public_key() {
    let minter = VonageApplicationJwt::new(APP_ID, PRIVATE_KEY)
        .unwrap()
        .ttl(Duration::from_secs(60))
        .unwrap();
    let token = minter.token().await.unwrap();

    let key = jsonwebtoken::DecodingKey::from_rsa_pem(PUBLIC_KEY.as_bytes()).unwrap();
    let validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::RS256);
    let claims = jsonwebtoken::decode::<serde_json::Value>(&token, &key, &validation)
        .unwrap()
        .claims;
    assert_eq!(claims["application_id"], APP_ID);
}
