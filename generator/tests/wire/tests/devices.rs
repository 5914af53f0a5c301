//! Properties a spec does not list travel through the generated types
//! unchanged, from a GET through a conversion to a PUT, except where the
//! spec forbids them.

use generated::devices::client::Client;
use generated::devices::types::{Device, DeviceUpdate, Limits, Mode, Owner, Person, Team};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn unlisted_properties_go_from_the_get_to_the_put() {
    let server = MockServer::start().await;
    let device = json!({
        "id": "d1",
        "name": "Sensor",
        "firmware": {"version": "2.1", "channels": [1, 2]},
        "settings": {"volume": 3, "night_mode": true},
        "owner": {"team": "ops", "on_call": "ann"},
        "mode": "eco"
    });
    Mock::given(method("GET"))
        .and(path("/devices/d1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&device))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/devices/d1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&device))
        .mount(&server)
        .await;
    let client = Client::new().with_base_url(server.uri());

    let current = client.get_device("d1").await.unwrap().into_body();
    assert_eq!(current.mode, Some(Mode::from("eco")));
    let Some(Owner::Team(team)) = &current.owner else {
        panic!("a body with `team` is a team: {:?}", current.owner);
    };
    assert_eq!(team.additional_properties["on_call"], json!("ann"));
    let mut update = DeviceUpdate::from(&current);
    update.name = "Sensor 2".into();
    client.replace_device("d1", &update).await.unwrap();

    let requests = server.received_requests().await.unwrap();
    let put = requests.iter().find(|r| r.method.as_str() == "PUT").unwrap();
    let sent: serde_json::Value = serde_json::from_slice(&put.body).unwrap();
    assert_eq!(
        sent,
        json!({
            "name": "Sensor 2",
            "firmware": {"version": "2.1", "channels": [1, 2]},
            "settings": {"volume": 3, "night_mode": true},
            "owner": {"team": "ops", "on_call": "ann"},
            "mode": "eco"
        })
    );
}

#[test]
fn additional_properties_false_drops_what_the_schema_does_not_list() {
    // The spec forbids other properties; a server that sends one anyway
    // does not fail the response, and the property is not sent back.
    let limits: Limits = serde_json::from_value(json!({"max": 5, "burst": 9})).unwrap();
    assert_eq!(limits, Limits { max: Some(5) });
    assert_eq!(serde_json::to_value(&limits).unwrap(), json!({"max": 5}));
    let device: Device = serde_json::from_value(json!({"id": "d", "name": "n", "limits": {"burst": 1}})).unwrap();
    assert_eq!(serde_json::to_value(&device).unwrap(), json!({"id": "d", "name": "n", "limits": {}}));
}

#[test]
fn an_untagged_union_picks_the_variant_that_lists_the_properties() {
    let team: Owner = serde_json::from_value(json!({"team": "ops"})).unwrap();
    assert_eq!(team, Owner::Team(Team::new("ops")));
    let person: Owner = serde_json::from_value(json!({"email": "a@example.com"})).unwrap();
    assert!(matches!(&person, Owner::Person(p) if p.email.as_deref() == Some("a@example.com")));
    // Neither variant lists `nickname`: the first that reads the body keeps it.
    let body = json!({"email": "b@example.com", "nickname": "bee"});
    let either: Owner = serde_json::from_value(body.clone()).unwrap();
    let Owner::Person(Person { additional_properties, .. }) = &either else {
        panic!("expected a person: {either:?}");
    };
    assert_eq!(additional_properties["nickname"], json!("bee"));
    assert_eq!(serde_json::to_value(&either).unwrap(), body);
    assert!(serde_json::from_value::<Owner>(json!("not an object")).is_err());
}
