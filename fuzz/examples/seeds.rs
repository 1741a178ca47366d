//! Writes the load target's seeds, `corpus/load/seed-*`: the longest stream, one
//! command and one envelope of every kind that the decider targets' corpora reach, and
//! the configuration and record types, each prefixed with the byte that makes the load
//! target read its type. Run from `fuzz/` after fuzzing the deciders:
//! `cargo run --example seeds`.

use customer_care::complaint::ComplaintPolicy;
use customer_care::conduct::ConductPolicy;
use customer_care::decalogue::Goals;
use customer_care::promise::PromisePolicy;
use customer_care::sla::SlaPolicy;
use customer_care::stream::{Decider, EventStream};
use customer_care_fuzz::{complaint, corpus, improvement, kind, promise};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs;

/// The seeds, by file name: the type's name and the JSON.
type Seeds = BTreeMap<String, (&'static str, String)>;

fn json(value: &impl Serialize) -> String {
    serde_json::to_string(value).unwrap()
}

/// The JSON `type` tag of a command or event.
fn tag(value: &impl Serialize) -> String {
    serde_json::to_value(value).unwrap()["type"]
        .as_str()
        .unwrap_or("untagged")
        .to_owned()
}

/// Adds the seeds one decider's runs give: the longest stream, and the first command and
/// envelope of each kind.
fn decider<D: Decider, C: Serialize>(
    seeds: &mut Seeds,
    name: &'static str,
    runs: impl IntoIterator<Item = (Vec<C>, EventStream<D>)>,
    names: [&'static str; 3],
) where
    D::Event: Serialize,
{
    let [stream_type, envelope_type, command_type] = names;
    let mut longest: Option<EventStream<D>> = None;
    for (commands, stream) in runs {
        for command in &commands {
            seeds
                .entry(format!("{name}-command-{}", tag(command)))
                .or_insert((command_type, json(command)));
        }
        for envelope in stream.events() {
            seeds
                .entry(format!("{name}-envelope-{}", tag(&envelope.event)))
                .or_insert((envelope_type, json(envelope)));
        }
        if longest
            .as_ref()
            .is_none_or(|l| l.version() < stream.version())
        {
            longest = Some(stream);
        }
    }
    if let Some(stream) = longest {
        seeds.insert(format!("{name}-stream"), (stream_type, json(&stream)));
    }
}

fn main() {
    let mut seeds = Seeds::new();
    decider(
        &mut seeds,
        "complaint",
        corpus::<complaint::Input>("complaint")
            .into_iter()
            .map(complaint::run),
        [
            "complaint_stream",
            "complaint_envelope",
            "complaint_command",
        ],
    );
    decider(
        &mut seeds,
        "promise",
        corpus::<promise::Input>("promise")
            .into_iter()
            .map(promise::run),
        ["promise_stream", "promise_envelope", "promise_command"],
    );
    decider(
        &mut seeds,
        "improvement",
        corpus::<improvement::Input>("improvement")
            .into_iter()
            .map(improvement::run),
        [
            "improvement_stream",
            "improvement_envelope",
            "improvement_command",
        ],
    );
    let org = complaint::shop();
    let mut add = |name: &str, type_name: &'static str, json: String| {
        seeds.insert(name.to_owned(), (type_name, json));
    };
    add("organisation", "organisation", json(&org));
    add(
        "empowerment-policy",
        "empowerment_policy",
        json(org.policy()),
    );
    add("directory", "directory", json(org.staff()));
    add("sla-policy", "sla_policy", json(&SlaPolicy::default()));
    add(
        "complaint-policy",
        "complaint_policy",
        json(&ComplaintPolicy::default()),
    );
    add(
        "promise-policy",
        "promise_policy",
        json(&PromisePolicy::new(1440)),
    );
    add(
        "conduct-policy",
        "conduct_policy",
        json(&ConductPolicy::try_new(90, 3).unwrap()),
    );
    add(
        "scorecard-targets",
        "scorecard_targets",
        json(&Goals::new()),
    );
    for city in ["madrid", "bogota"] {
        if let Ok(text) = fs::read_to_string(format!("../examples/data/{city}-2026.json")) {
            add(&format!("calendar-{city}"), "calendar", text);
        }
    }
    add(
        "delegation",
        "delegation",
        r#"{"from":"00000000-0000-0000-0000-000000000001","to":"00000000-0000-0000-0000-000000000004","kind":"refund","limit":{"minor_units":8000,"currency":"EUR"}}"#.into(),
    );
    add(
        "training-record",
        "training_record",
        r#"{"kind":{"type":"cross_training","area":"billing"},"completed_at":"2026-01-05T09:00:00Z","expires_at":null}"#.into(),
    );
    add(
        "feedback",
        "feedback",
        r#"{"id":"00000000-0000-0000-0000-000000000009","from":{"kind":"external","id":null},"kind":"praise","channel":"written","text":"Ana was great","rating":{"scale":{"low":1,"high":5},"score":5},"about":"00000000-0000-0000-0000-000000000004","theme":"billing","from_staff":null,"received_at":"2026-04-06T09:00:00Z"}"#.into(),
    );
    add(
        "case-record",
        "case_record",
        r#"{"id":"00000000-0000-0000-0000-000000000064","theme":"billing","received_at":"2026-04-06T09:00:00Z","resolved":{"by":"00000000-0000-0000-0000-000000000004","at":"2026-04-07T09:00:00Z"},"breached_at":null}"#.into(),
    );
    add(
        "command-meta",
        "command_meta",
        r#"{"command_id":"00000000-0000-0000-0000-000000000001","expected_version":3}"#.into(),
    );
    add(
        "customer",
        "customer",
        r#"{"kind":"prospect","id":"00000000-0000-0000-0000-000000000007"}"#.into(),
    );
    add("expectation", "expectation", r#"{"asked":{"kind":"refund","value":{"minor_units":4000,"currency":"EUR"}},"by":"2026-04-09T09:00:00Z"}"#.into());
    add(
        "entitlement",
        "entitlement",
        r#"[{"kind":"refund","value":{"minor_units":4000,"currency":"EUR"}}]"#.into(),
    );
    add(
        "money",
        "money",
        r#"{"minor_units":4000,"currency":"JPY"}"#.into(),
    );
    add(
        "sla-terms",
        "sla_terms",
        json(&SlaPolicy::default().terms(customer_care::sla::Priority::High)),
    );

    fs::create_dir_all("corpus/load").unwrap();
    for (name, (type_name, json)) in &seeds {
        let kind = kind(type_name).unwrap_or_else(|| panic!("no loaded type {type_name}"));
        let mut bytes = vec![kind];
        bytes.extend_from_slice(json.as_bytes());
        fs::write(format!("corpus/load/seed-{name}"), bytes).unwrap();
        assert!(
            customer_care_fuzz::load(kind, json.as_bytes()),
            "seed {name} does not load"
        );
    }
    println!("{} seeds in corpus/load", seeds.len());
}
