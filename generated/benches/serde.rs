//! (De)serialisation throughput of generated models against hand-written
//! serde structs for the same payloads.
//!
//! The hand-written side is what a careful SDK author would write: derived
//! serde, `#[serde(rename)]`, plain enums, unlisted properties ignored. The
//! generated side keeps what the spec does not list (an `Other(..)` variant
//! on every enum, an `additional_properties` map on every struct), so this
//! measures what being lossless costs.
//!
//! Run with `cargo bench -p generated --bench serde`. The payloads are the
//! Integration Suite's calls and the Users API's list: without the `vis` and
//! `users` features (a spec set without those APIs) there is nothing to
//! measure, and the bench says so.
//!
//! Timings on a shared or virtual machine swing by more than the gap being
//! measured. Instruction counts do not: `SERDE_BENCH_CASE=<group>/<op>/<side>`
//! (for example `users_list/deserialize/generated`) runs that one case
//! `SERDE_BENCH_ITERATIONS` times (default 10) without criterion, for a run
//! under `valgrind --tool=callgrind`; the difference between two iteration
//! counts is the cost of the extra iterations alone.
// `users` and `vis` leave the crate's manifest when their specs leave `specs/`;
// cargo's check of `cfg` names would then report them as a warning.
#![allow(unexpected_cfgs)]

#[cfg(all(feature = "users", feature = "vis"))]
fn main() {
    if let Ok(case) = std::env::var("SERDE_BENCH_CASE") {
        let iterations =
            std::env::var("SERDE_BENCH_ITERATIONS").map_or(10, |n| n.parse().expect("a number of iterations"));
        return throughput::repeat(&case, iterations);
    }
    throughput::serde_throughput();
    criterion::Criterion::default().configure_from_args().final_summary();
}

#[cfg(not(all(feature = "users", feature = "vis")))]
fn main() {
    eprintln!("serde bench skipped: it measures the `users` and `vis` models, and those features are off");
}

#[cfg(all(feature = "users", feature = "vis"))]
mod throughput {
    use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
    use serde::{Deserialize, Serialize};
    use std::hint::black_box;

    mod hand_written {
        use super::*;

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "camelCase")]
        pub struct Call {
            pub id: i64,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub external_id: Option<String>,
            #[serde(rename = "type")]
            pub kind: CallType,
            pub account_id: i64,
            pub user_id: i64,
            pub uci_id: i64,
            pub direction: Direction,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub caller_id: Option<String>,
            pub phone_number: String,
            pub duration: i64,
            pub state: CallState,
            pub start_time: String,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub answer_time: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub end_time: Option<String>,
        }

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum CallType {
            Call,
        }

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum Direction {
            Inbound,
            Outbound,
        }

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        pub enum CallState {
            Initializing,
            Ringing,
            Active,
            Held,
            RemoteHeld,
            Detached,
            Rejected,
            Cancelled,
            Answered,
            Missed,
        }

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct UserList {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub page_size: Option<i64>,
            #[serde(rename = "_embedded", default, skip_serializing_if = "Option::is_none")]
            pub embedded: Option<Embedded>,
            #[serde(rename = "_links", default, skip_serializing_if = "Option::is_none")]
            pub links: Option<ListLinks>,
        }

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct Embedded {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub users: Option<Vec<UserSummary>>,
        }

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct UserSummary {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub id: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub name: Option<String>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub display_name: Option<String>,
            #[serde(rename = "_links", default, skip_serializing_if = "Option::is_none")]
            pub links: Option<UserLinks>,
        }

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct UserLinks {
            #[serde(rename = "self", default, skip_serializing_if = "Option::is_none")]
            pub this: Option<Link>,
        }

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct ListLinks {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub first: Option<Link>,
            #[serde(rename = "self", default, skip_serializing_if = "Option::is_none")]
            pub this: Option<Link>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub next: Option<Link>,
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub prev: Option<Link>,
        }

        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        pub struct Link {
            #[serde(default, skip_serializing_if = "Option::is_none")]
            pub href: Option<String>,
        }
    }

    const STATES: [&str; 10] = [
        "INITIALIZING",
        "RINGING",
        "ACTIVE",
        "HELD",
        "REMOTE_HELD",
        "DETACHED",
        "REJECTED",
        "CANCELLED",
        "ANSWERED",
        "MISSED",
    ];

    /// 500 calls shaped like the Integration Suite's example, with every
    /// state its documentation lists.
    fn calls_payload() -> String {
        // A state the spec does not list would be kept as an unknown value,
        // an allocation the hand-written side, which lists the same states,
        // never makes: the comparison would not be like for like.
        for state in STATES {
            let known = !matches!(
                generated::vis::types::CallState::from(state),
                generated::vis::types::CallState::Other(_)
            );
            assert!(known, "{state} is not a call state of the spec");
        }
        let calls: Vec<serde_json::Value> = (0..500)
            .map(|i| {
                serde_json::json!({
                    "id": 1000 + i, "externalId": format!("ext-{i}"), "type": "CALL", "accountId": 257073,
                    "userId": 522078, "uciId": 3, "direction": if i % 2 == 0 { "INBOUND" } else { "OUTBOUND" },
                    "callerId": "14155550100", "phoneNumber": "14155550199", "duration": i * 7,
                    "state": STATES[i as usize % STATES.len()], "startTime": "2019-08-24T14:15:22Z",
                    "answerTime": "2019-08-24T14:15:30Z", "endTime": "2019-08-24T14:20:02Z"
                })
            })
            .collect();
        serde_json::to_string(&calls).unwrap()
    }

    /// The Users API's list example with 200 users.
    fn users_payload() -> String {
        let seed = include_str!("../tests/seed_examples/users/list_users_response_200.json");
        let mut list: serde_json::Value = serde_json::from_str(seed).unwrap();
        let user = list["_embedded"]["users"][0].clone();
        list["_embedded"]["users"] = (0..200)
            .map(|i| {
                let mut user = user.clone();
                user["id"] = format!("USR-{i:08}").into();
                user
            })
            .collect();
        serde_json::to_string(&list).unwrap()
    }

    fn compare<G, H>(c: &mut Criterion, name: &str, payload: &str)
    where
        G: Serialize + serde::de::DeserializeOwned,
        H: Serialize + serde::de::DeserializeOwned,
    {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(payload.len() as u64));
        group.bench_function(BenchmarkId::new("deserialize", "generated"), |b| {
            b.iter(|| serde_json::from_str::<G>(black_box(payload)).unwrap())
        });
        group.bench_function(BenchmarkId::new("deserialize", "hand-written"), |b| {
            b.iter(|| serde_json::from_str::<H>(black_box(payload)).unwrap())
        });
        let generated: G = serde_json::from_str(payload).unwrap();
        let hand_written: H = serde_json::from_str(payload).unwrap();
        group.bench_function(BenchmarkId::new("serialize", "generated"), |b| {
            b.iter(|| serde_json::to_vec(black_box(&generated)).unwrap())
        });
        group.bench_function(BenchmarkId::new("serialize", "hand-written"), |b| {
            b.iter(|| serde_json::to_vec(black_box(&hand_written)).unwrap())
        });
        group.finish();
    }

    /// Runs one case `iterations` times, for counting its instructions.
    pub fn repeat(case: &str, iterations: usize) {
        let (group, side) = case.split_once('/').expect("<group>/<op>/<side>");
        match group {
            "vis_calls" => repeat_case::<Vec<generated::vis::types::Call>, Vec<hand_written::Call>>(
                &calls_payload(),
                side,
                iterations,
            ),
            "users_list" => repeat_case::<generated::users::types::UserList, hand_written::UserList>(
                &users_payload(),
                side,
                iterations,
            ),
            _ => panic!("no case {case}: the groups are vis_calls and users_list"),
        }
    }

    fn repeat_case<G, H>(payload: &str, case: &str, iterations: usize)
    where
        G: Serialize + serde::de::DeserializeOwned,
        H: Serialize + serde::de::DeserializeOwned,
    {
        let generated: G = serde_json::from_str(payload).unwrap();
        let hand_written: H = serde_json::from_str(payload).unwrap();
        for _ in 0..iterations {
            match case {
                "deserialize/generated" => drop(black_box(serde_json::from_str::<G>(black_box(payload)).unwrap())),
                "deserialize/hand-written" => drop(black_box(serde_json::from_str::<H>(black_box(payload)).unwrap())),
                "serialize/generated" => drop(black_box(serde_json::to_vec(black_box(&generated)).unwrap())),
                "serialize/hand-written" => drop(black_box(serde_json::to_vec(black_box(&hand_written)).unwrap())),
                _ => panic!("no case {case}: <deserialize|serialize>/<generated|hand-written>"),
            }
        }
    }

    fn benches(c: &mut Criterion) {
        compare::<Vec<generated::vis::types::Call>, Vec<hand_written::Call>>(c, "vis_calls", &calls_payload());
        compare::<generated::users::types::UserList, hand_written::UserList>(c, "users_list", &users_payload());
    }

    criterion_group!(serde_throughput, benches);
}
