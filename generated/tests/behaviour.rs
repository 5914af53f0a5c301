//! How generated types behave on the wire: values a spec does not list and
//! fields it does not know are kept and sent back, never a failure.
// A feature named here leaves the crate's manifest when its spec leaves
// `specs/`; this file then compiles to nothing, which cargo's check of `cfg`
// names would otherwise report as a warning.
#![allow(unexpected_cfgs)]
#![cfg(all(feature = "vis", feature = "application_v2"))]

use generated::application_v2::types::{Capabilities, VoiceCapability, VoiceCapabilityRegion};
use generated::vis::types::{Call, CallState, CallType};
use serde_json::json;

fn call(state: &str) -> serde_json::Value {
    json!({
        "id": 1, "type": "CALL", "accountId": 2, "userId": 3, "uciId": 4, "direction": "INBOUND",
        "phoneNumber": "14155550100", "duration": 5, "state": state, "startTime": "2024-01-01T00:00:00Z",
        "a_field_added_later": {"nested": true}
    })
}

#[test]
fn an_enum_value_the_spec_does_not_list_is_kept_and_sent_back() {
    let parsed: Call = serde_json::from_value(call("TELEPORTED")).unwrap();
    assert_eq!(parsed.state, CallState::from("TELEPORTED"));
    assert!(matches!(&parsed.state, CallState::Other(value) if value == "TELEPORTED"));
    assert_eq!(parsed.state.as_str(), "TELEPORTED");
    assert_eq!(serde_json::to_value(&parsed).unwrap()["state"], "TELEPORTED");
    assert_eq!(parsed.r#type, CallType::Call);
}

#[test]
fn listed_values_map_to_their_variants_both_ways() {
    assert_eq!(VoiceCapabilityRegion::from("eu-west"), VoiceCapabilityRegion::EuWest);
    assert_eq!(VoiceCapabilityRegion::ApacSng.as_str(), "apac-sng");
    assert_eq!(
        "na-east".parse::<VoiceCapabilityRegion>().unwrap().to_string(),
        "na-east"
    );
    let region: VoiceCapabilityRegion = serde_json::from_str("\"apac-tokyo\"").unwrap();
    assert_eq!(serde_json::to_string(&region).unwrap(), "\"apac-tokyo\"");
}

#[test]
fn unknown_fields_in_a_response_are_kept_and_sent_back() {
    let body = call("ACTIVE");
    let parsed: Call = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(parsed.id, 1);
    assert_eq!(parsed.account_id, 2);
    assert_eq!(
        parsed.additional_properties["a_field_added_later"],
        json!({"nested": true})
    );
    assert_eq!(serde_json::to_value(&parsed).unwrap(), body);
}

#[test]
fn a_listed_value_never_becomes_other() {
    assert_eq!(CallState::from("HELD"), CallState::Held);
    assert_ne!(CallState::from("HELD"), CallState::from("Held"));
    // An unknown value costs one pointer: the enum stays two words.
    assert!(std::mem::size_of::<CallState>() <= 2 * std::mem::size_of::<usize>());
}

#[test]
fn a_missing_required_field_is_an_error_not_a_default() {
    let mut body = call("ACTIVE");
    body.as_object_mut().unwrap().remove("phoneNumber");
    let error = serde_json::from_value::<Call>(body).unwrap_err().to_string();
    assert!(error.contains("missing field `phoneNumber`"), "{error}");
}

#[test]
fn optional_fields_left_as_none_are_not_sent() {
    let capabilities = Capabilities {
        voice: Some(VoiceCapability {
            region: Some(VoiceCapabilityRegion::EuWest),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        serde_json::to_value(&capabilities).unwrap(),
        json!({"voice": {"region": "eu-west"}})
    );
}
