//! Which kinds of event the decider targets' corpora reach: each corpus input is run
//! again as its target runs it, and every event of every stream it leaves is counted by
//! kind, beside the kinds the crate has (from its snapshot files). Run from `fuzz/`
//! after fuzzing: `cargo run --example coverage`. fuzz/README.md quotes its tables.

use customer_care::stream::{Decider, EventStream};
use customer_care_fuzz::{complaint, corpus, improvement, promise};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs;

/// Every event kind of the decider, in the order of its snapshot file.
fn kinds(target: &str) -> Vec<String> {
    let path = format!("../tests/snapshots/{target}_events.json");
    let text = fs::read_to_string(&path).unwrap_or_else(|error| panic!("{path}: {error}"));
    let events: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    events
        .iter()
        .filter_map(|event| Some(event["type"].as_str()?.to_owned()))
        .collect()
}

/// Prints, for each kind, how many inputs reached it and how many events of it there
/// were.
fn table<D: Decider, C>(target: &str, runs: impl IntoIterator<Item = (Vec<C>, EventStream<D>)>)
where
    D::Event: Serialize,
{
    let mut reached: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut inputs = 0;
    for (_, stream) in runs {
        inputs += 1;
        let mut seen = std::collections::BTreeSet::new();
        for envelope in stream.events() {
            let kind = serde_json::to_value(&envelope.event).unwrap()["type"]
                .as_str()
                .unwrap_or("untagged")
                .to_owned();
            let entry = reached.entry(kind.clone()).or_default();
            entry.1 += 1;
            if seen.insert(kind) {
                entry.0 += 1;
            }
        }
    }
    let all = kinds(target);
    let covered = all
        .iter()
        .filter(|kind| reached.contains_key(*kind))
        .count();
    println!(
        "`{target}`: {covered} of {} event kinds reached, over {inputs} corpus inputs\n",
        all.len()
    );
    println!("| event | inputs reaching it | events |");
    println!("|-------|--------------------|--------|");
    for kind in all {
        let (inputs, events) = reached.get(&kind).copied().unwrap_or_default();
        println!("| `{kind}` | {inputs} | {events} |");
    }
    println!();
}

fn main() {
    table(
        "complaint",
        corpus::<complaint::Input>("complaint")
            .into_iter()
            .map(complaint::run),
    );
    table(
        "promise",
        corpus::<promise::Input>("promise")
            .into_iter()
            .map(promise::run),
    );
    table(
        "improvement",
        corpus::<improvement::Input>("improvement")
            .into_iter()
            .map(improvement::run),
    );
}
