//! JSON for stored events: one event of each of the 24 kinds (the snapshot under
//! `tests/snapshots/`), written and read with serde_json, beside plain serde structs with
//! the same fields and no validation.
//!
//! The library's types check what they load (non-empty offers, ratings 1 to 5, money in
//! a known currency, SLA minutes above zero, …); the plain ones take any value of the
//! field's type. The bench first checks both write the same JSON for every event.
//!
//! Run: `cargo bench --bench json`.

use chrono::{DateTime, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use customer_care::complaint::ComplaintEvent;
use serde::{Deserialize, Serialize};
use std::hint::black_box;
use uuid::Uuid;

type At = DateTime<Utc>;

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum PlainEvent {
    Received(PlainReceipt),
    Acknowledged {
        owner: Uuid,
        message: PlainMessage,
        at: At,
    },
    InvestigationStarted {
        by: Uuid,
        at: At,
    },
    CustomerAsked {
        by: Uuid,
        message: PlainMessage,
        at: At,
    },
    CustomerWrote {
        text: String,
        at: At,
    },
    ResolutionOffered {
        by: Uuid,
        options: Vec<PlainOption>,
        at: At,
    },
    ApprovalRequested {
        by: Uuid,
        options: Vec<PlainOption>,
        escalated_to: Uuid,
        at: At,
    },
    OfferApproved {
        approver: Uuid,
        at: At,
    },
    ApprovalDeclined {
        approver: Uuid,
        reason: String,
        at: At,
    },
    DemandRefused {
        by: Uuid,
        reason: String,
        alternatives: Vec<PlainOption>,
        at: At,
    },
    OptionChosen {
        option: usize,
        at: At,
    },
    OfferDeclined {
        reason: String,
        at: At,
    },
    ClosedUnanswered {
        by: Uuid,
        at: At,
    },
    Delivered {
        by: Uuid,
        outcome: PlainOutcome,
        at: At,
    },
    PromiseBroken {
        by: Uuid,
        at: At,
    },
    PromiseRenegotiated {
        estimate: At,
        due: At,
        at: At,
    },
    Closed {
        verdict: PlainVerdict,
        at: At,
    },
    Reopened {
        reason: String,
        escalated_to: Option<Uuid>,
        at: At,
    },
    Withdrawn {
        reason: String,
        at: At,
    },
    Referred {
        body: String,
        at: At,
    },
    Reassigned {
        from: Uuid,
        to: Uuid,
        reason: String,
        at: At,
    },
    MessageSent {
        by: Uuid,
        message: PlainMessage,
        at: At,
    },
    RootCauseRecorded {
        by: Uuid,
        cause: PlainCause,
        at: At,
    },
    AbuseFlagged {
        by: Uuid,
        evidence: Vec<String>,
        at: At,
    },
}

#[derive(Serialize, Deserialize)]
struct PlainReceipt {
    id: Uuid,
    customer: PlainCustomer,
    summary: String,
    expectation: PlainExpectation,
    entitlement: Vec<PlainRemedy>,
    follows: Option<Uuid>,
    sla: PlainSla,
    at: At,
}

#[derive(Serialize, Deserialize)]
struct PlainCustomer {
    id: Option<Uuid>,
    kind: PlainCustomerKind,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum PlainCustomerKind {
    External,
    Internal,
    Prospect,
    Former,
    Other,
}

#[derive(Serialize, Deserialize)]
struct PlainExpectation {
    asked: Option<PlainRemedy>,
    by: Option<At>,
}

#[derive(Serialize, Deserialize)]
struct PlainRemedy {
    kind: String,
    value: PlainMoney,
}

#[derive(Serialize, Deserialize)]
struct PlainMoney {
    currency: String,
    minor_units: u64,
}

#[derive(Serialize, Deserialize)]
struct PlainSla {
    priority: String,
    targets: PlainTargets,
    warning_percent: u8,
}

#[derive(Serialize, Deserialize)]
struct PlainTargets {
    acknowledgement_minutes: Option<u32>,
    first_response_minutes: Option<u32>,
    next_response_minutes: Option<u32>,
    resolution_minutes: Option<u32>,
}

#[derive(Serialize, Deserialize)]
struct PlainMessage {
    next_step: PlainNextStep,
    text: String,
}

#[derive(Serialize, Deserialize)]
struct PlainNextStep {
    action: String,
    by: At,
}

#[derive(Serialize, Deserialize)]
struct PlainOption {
    description: String,
    due: At,
    estimate: At,
    remedy: PlainRemedy,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum PlainOutcome {
    KeptEarly,
    Kept,
    Late,
}

#[derive(Serialize, Deserialize)]
struct PlainVerdict {
    expectation: Option<String>,
    rating: Option<u8>,
}

#[derive(Serialize, Deserialize)]
struct PlainCause {
    description: String,
    origin: PlainOrigin,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
enum PlainOrigin {
    OurTeam { name: String },
    Supplier { name: String },
    CustomerUse,
    Unknown,
}

const SNAPSHOT: &str = include_str!("../tests/snapshots/complaint_events.json");

fn write_all<T: Serialize>(events: &[T], buffer: &mut Vec<u8>) -> usize {
    let mut written = 0;
    for event in events {
        buffer.clear();
        serde_json::to_writer(&mut *buffer, event).unwrap();
        written += buffer.len();
    }
    written
}

fn read_all<'a, T: Deserialize<'a>>(texts: &'a [String]) -> Vec<T> {
    texts
        .iter()
        .map(|text| serde_json::from_str(text).unwrap())
        .collect()
}

fn json(c: &mut Criterion) {
    let events: Vec<ComplaintEvent> = serde_json::from_str(SNAPSHOT).unwrap();
    let texts: Vec<String> = events
        .iter()
        .map(|event| serde_json::to_string(event).unwrap())
        .collect();
    let plain: Vec<PlainEvent> = read_all(&texts);
    assert_eq!(events.len(), 24);
    for (text, plain) in texts.iter().zip(&plain) {
        let ours: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, serde_json::to_value(plain).unwrap(), "mirror differs");
    }
    let kinds = Throughput::Elements(events.len() as u64);
    let mut buffer = Vec::with_capacity(4096);

    let mut group = c.benchmark_group("json: write one event of each kind");
    group.throughput(kinds.clone());
    group.bench_function("baseline: plain structs", |b| {
        b.iter(|| write_all(black_box(&plain), &mut buffer))
    });
    group.bench_function("ComplaintEvent", |b| {
        b.iter(|| write_all(black_box(&events), &mut buffer))
    });
    group.finish();

    let mut group = c.benchmark_group("json: read one event of each kind");
    group.throughput(kinds);
    group.bench_function("baseline: plain structs", |b| {
        b.iter(|| read_all::<PlainEvent>(black_box(&texts)))
    });
    group.bench_function("ComplaintEvent, checked on load", |b| {
        b.iter(|| read_all::<ComplaintEvent>(black_box(&texts)))
    });
    group.finish();
}

criterion_group!(benches, json);
criterion_main!(benches);
