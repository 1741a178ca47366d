//! Stored histories: what loads, what `verify` finds, and a property test over sound
//! histories broken on purpose (X3, X4).
//!
//! Loading a stream admits each event by the rules that need nothing from outside;
//! `EventStream::verify` replays every event's command through the rules with the
//! organisation and the policy. Between them, no history the deciders could not have
//! written is taken for a sound one.

#![cfg(feature = "serde")]

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::*;
use customer_care::complaint::*;
use customer_care::customer::{Customer, CustomerKind};
use customer_care::empowerment::EmpowermentError;
use customer_care::feedback::improvement::{
    Improvement, ImprovementError, ImprovementEvent, Link, Proposal,
};
use customer_care::id::{FeedbackId, ImprovementId, StaffId};
use customer_care::money::{Currency, Money, MoneyError};
use customer_care::promise::{
    Lifecycle, Promise, PromiseError, PromiseEvent, PromiseOutcome, PromiseState, PromiseStatus,
    PromiseTerms,
};
use customer_care::stream::{CommandMeta, Decider, EventStream, StreamError};
use proptest::prelude::*;
use serde_json::{Value, json};
use uuid::Uuid;

type Loaded = Result<EventStream<Complaint>, StreamError<ComplaintError>>;

/// The events of a story the decider accepted.
fn story(commands: Vec<ComplaintCommand>) -> Vec<ComplaintEvent> {
    World::given(commands)
        .stream
        .events()
        .iter()
        .map(|e| e.event.clone())
        .collect()
}

fn load(events: Vec<ComplaintEvent>) -> Loaded {
    EventStream::replay(numbered(events))
}

/// Loads and verifies `events` under the shared shop and the default policy.
fn verify(events: Vec<ComplaintEvent>) -> Result<(), StreamError<ComplaintError>> {
    let world = World::given(vec![]);
    let context = ComplaintContext {
        org: &world.org,
        policy: &world.policy,
    };
    load(events)?.verify(&context)
}

fn broken(sequence: u64, error: ComplaintError) -> Result<(), StreamError<ComplaintError>> {
    Err(StreamError::BrokenRule { sequence, error })
}

fn refused_on_load(events: Vec<ComplaintEvent>) -> (u64, ComplaintError) {
    match load(events) {
        Err(StreamError::BrokenRule { sequence, error }) => (sequence, error),
        other => panic!("expected a broken rule, got {other:?}"),
    }
}

#[test]
fn x3_a_history_without_its_receipt_does_not_load() {
    let mut events = story(investigating());
    events.remove(0);
    assert_eq!(
        refused_on_load(events),
        (
            1,
            ComplaintError::NotAllowed {
                state: ComplaintStatus::New,
                command: ComplaintCommandKind::Acknowledge
            }
        )
    );
}

#[test]
fn x3_a_second_receipt_does_not_load() {
    let mut events = story(acknowledged());
    events.push(events[0].clone());
    assert_eq!(
        refused_on_load(events),
        (
            3,
            ComplaintError::NotAllowed {
                state: ComplaintStatus::Acknowledged,
                command: ComplaintCommandKind::Receive
            }
        )
    );
}

#[test]
fn x3_instants_going_backwards_do_not_load() {
    let mut events = story(investigating());
    events.push(ComplaintEvent::CustomerWrote {
        text: "any news?".into(),
        at: h(1),
    });
    assert_eq!(
        refused_on_load(events),
        (
            4,
            ComplaintError::BeforeLatest {
                at: h(1),
                latest: h(2)
            }
        )
    );
}

#[test]
fn x3_options_in_another_currency_than_the_case_do_not_load() {
    let mut events = story(investigating());
    let mut option = refund(40, 24, 48);
    option.remedy.value = Money::minor(4_000, Currency::USD);
    events.push(ComplaintEvent::ResolutionOffered {
        by: ANA,
        options: options(vec![option]),
        at: h(3),
    });
    assert_eq!(
        refused_on_load(events),
        (
            4,
            ComplaintError::Money(MoneyError::CurrencyMismatch {
                left: Currency::EUR,
                right: Currency::USD
            })
        )
    );
}

#[test]
fn x3_blank_evidence_and_blank_text_do_not_load() {
    let mut events = story(investigating());
    events.push(ComplaintEvent::AbuseFlagged {
        by: ANA,
        evidence: vec!["\u{200B}".into()],
        at: h(3),
    });
    assert_eq!(
        refused_on_load(events.clone()),
        (4, ComplaintError::EvidenceRequired)
    );
    events[3] = ComplaintEvent::CustomerWrote {
        text: " \u{2060}".into(),
        at: h(3),
    };
    assert_eq!(
        refused_on_load(events),
        (
            4,
            ComplaintError::Blank {
                field: "customer's text"
            }
        )
    );
}

#[test]
fn x3_a_delivery_whose_outcome_contradicts_its_dates_does_not_load() {
    // Promised for h48: "kept early" at h60 is late, whatever the store says.
    let mut events = story(resolving());
    events.push(ComplaintEvent::Delivered {
        by: ANA,
        outcome: PromiseOutcome::KeptEarly,
        at: h(60),
    });
    assert_eq!(
        refused_on_load(events),
        (
            6,
            ComplaintError::Promise(PromiseError::OutcomeMismatch {
                outcome: PromiseOutcome::KeptEarly,
                due: h(48),
                at: h(60)
            })
        )
    );
}

#[test]
fn x3_a_handoff_from_someone_other_than_the_owner_does_not_load() {
    let mut events = story(investigating());
    events.push(ComplaintEvent::Reassigned {
        from: LUIS,
        to: SOFIA,
        reason: "holiday".into(),
        at: h(3),
    });
    assert_eq!(
        refused_on_load(events),
        (
            4,
            ComplaintError::NotTheOwner {
                named: LUIS,
                owner: ANA
            }
        )
    );
}

#[test]
fn x3_a_stream_in_json_names_the_sequence_and_the_rule() {
    let mut events = story(investigating());
    events.push(ComplaintEvent::OptionChosen {
        option: 0,
        at: h(3),
    });
    let json = serde_json::to_string(&numbered(events)).unwrap();
    let error = serde_json::from_str::<EventStream<Complaint>>(&json).unwrap_err();
    assert_eq!(
        error.to_string(),
        "broken history at sequence 4: cannot choose a complaint that is investigating"
    );
}

#[test]
fn x3_verify_finds_an_owner_who_is_not_on_the_staff() {
    let mut events = story(investigating());
    let stranger = StaffId::from_uuid(Uuid::from_u128(99));
    let ComplaintEvent::Acknowledged { owner, .. } = &mut events[1] else {
        unreachable!()
    };
    *owner = stranger;
    // Nothing in the JSON says who works here: it loads, and verify finds it.
    assert!(load(events.clone()).is_ok());
    assert_eq!(
        verify(events),
        broken(
            2,
            ComplaintError::Empowerment(EmpowermentError::UnknownStaff { id: stranger })
        )
    );
}

#[test]
fn x3_verify_finds_a_refund_beyond_authority_without_approval() {
    // Ana, frontline, holds €80; the owner €5,000. A store says she simply offered
    // €10,000, and then €100 (which needs Sofía's approval).
    let large = then(
        investigating(),
        [ComplaintCommand::OfferResolution {
            by: ANA,
            options: options(vec![refund(40, 24, 48)]),
            at: h(3),
        }],
    );
    for (euros, expected) in [
        (
            10_000,
            broken(4, ComplaintError::NoOneCanApprove { by: ANA }),
        ),
        (100, Err(StreamError::NotWhatTheRulesYield { sequence: 4 })),
    ] {
        let mut events = story(large.clone());
        let ComplaintEvent::ResolutionOffered {
            options: offered, ..
        } = &mut events[3]
        else {
            unreachable!()
        };
        *offered = options(vec![refund(euros, 24, 48)]);
        assert!(load(events.clone()).is_ok(), "€{euros} loads");
        assert_eq!(verify(events), expected, "€{euros}");
    }
}

#[test]
fn x3_verify_judges_kept_early_by_the_policy_given() {
    // Delivered 30 minutes before the promised h48: kept, under the hour's margin.
    let mut events = story(resolving());
    events.push(ComplaintEvent::Delivered {
        by: ANA,
        outcome: PromiseOutcome::KeptEarly,
        at: h(48) - Duration::minutes(30),
    });
    assert!(load(events.clone()).is_ok());
    assert_eq!(
        verify(events),
        Err(StreamError::NotWhatTheRulesYield { sequence: 6 })
    );
}

/// The stories the decider accepts, from receipt to their ends.
fn stories() -> Vec<Vec<ComplaintCommand>> {
    let closed = then(
        resolved(),
        [ComplaintCommand::Close {
            verdict: Verdict {
                rating: Some(Satisfaction::try_from(5).unwrap()),
                expectation: None,
            },
            at: h(31),
        }],
    );
    let approved = then(
        investigating(),
        [
            ComplaintCommand::OfferResolution {
                by: ANA,
                options: options(vec![refund(60, 24, 48), refund(100, 24, 48)]),
                at: h(3),
            },
            ComplaintCommand::Approve {
                approver: MARTA,
                at: h(4),
            },
            ComplaintCommand::Choose {
                option: 1,
                at: h(5),
            },
            ComplaintCommand::RenegotiatePromise {
                estimate: h(40),
                due: h(64),
                consented_at: h(20),
            },
            ComplaintCommand::Deliver { by: ANA, at: h(41) },
            ComplaintCommand::Reopen {
                reason: "the refund did not arrive".into(),
                at: h(50),
            },
            ComplaintCommand::Investigate { by: ANA, at: h(51) },
            ComplaintCommand::Withdraw {
                reason: "it arrived".into(),
                at: h(52),
            },
        ],
    );
    let referred = then(
        refused(),
        [
            ComplaintCommand::Refer {
                body: "the consumer arbitration board".into(),
                at: h(5),
            },
            ComplaintCommand::Close {
                verdict: Verdict {
                    rating: None,
                    expectation: None,
                },
                at: h(90),
            },
        ],
    );
    let broken = then(
        resolving(),
        [
            ComplaintCommand::SendMessage {
                by: ANA,
                message: message("It is on its way.", h(40)),
                at: h(10),
            },
            ComplaintCommand::MarkPromiseBroken { by: ANA, at: h(49) },
            ComplaintCommand::AskCustomer {
                by: ANA,
                message: message("May we send it again?", h(60)),
                at: h(50),
            },
            ComplaintCommand::CustomerWrites {
                text: "yes please".into(),
                at: h(51),
            },
            ComplaintCommand::RecordRootCause {
                by: ANA,
                cause: RootCause {
                    origin: Origin::Supplier {
                        name: "Rápido Couriers".into(),
                    },
                    description: "the courier lost it".into(),
                },
                at: h(52),
            },
            ComplaintCommand::FlagAbuse {
                by: SOFIA,
                evidence: vec!["three identical claims this month".into()],
                at: h(53),
            },
        ],
    );
    vec![closed, approved, referred, broken]
}

#[test]
fn x3_every_story_the_decider_wrote_loads_and_verifies() {
    for commands in stories() {
        let events = story(commands);
        assert_eq!(verify(events.clone()), Ok(()));
        for event in &events {
            // The command an event answers is the one that made it (X4).
            assert_eq!(
                Complaint::command_of(event).kind(),
                event.command_kind(),
                "{event:?}"
            );
        }
    }
}

/// Decides each event's command live, from a new stream: the sequence of the first
/// one that is refused or yields another event.
fn live(events: &[ComplaintEvent]) -> Result<(), u64> {
    let world = World::given(vec![]);
    let context = ComplaintContext {
        org: &world.org,
        policy: &world.policy,
    };
    let mut stream = EventStream::<Complaint>::new();
    for (event, sequence) in events.iter().zip(1..) {
        match stream.execute_with(Complaint::command_of(event), &context, CommandMeta::NONE) {
            Ok(outcome) if outcome.envelope().event == *event => {}
            _ => return Err(sequence),
        }
    }
    Ok(())
}

/// One way to break a sound history.
#[derive(Debug, Clone)]
enum Mutation {
    Drop(usize),
    Duplicate(usize),
    Swap(usize),
    /// Moves one event by this many minutes.
    Retime(usize, i64),
    /// Puts someone else (or a stranger, 9) wherever the event names a person.
    SwapActor(usize, u128),
    /// Multiplies every amount in the event.
    Inflate(usize, u64),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0usize..32;
    prop_oneof![
        at.clone().prop_map(Mutation::Drop),
        at.clone().prop_map(Mutation::Duplicate),
        at.clone().prop_map(Mutation::Swap),
        (at.clone(), -3_000i64..3_000).prop_map(|(i, m)| Mutation::Retime(i, m)),
        (at.clone(), prop_oneof![1u128..=5, Just(9)]).prop_map(|(i, s)| Mutation::SwapActor(i, s)),
        (at, 2u64..200).prop_map(|(i, f)| Mutation::Inflate(i, f)),
    ]
}

/// Rewrites the event's JSON: `edit` sees every field, at any depth.
fn edit_json(
    event: &ComplaintEvent,
    edit: &mut dyn FnMut(&str, &mut Value),
) -> Option<ComplaintEvent> {
    fn walk(value: &mut Value, edit: &mut dyn FnMut(&str, &mut Value)) {
        match value {
            Value::Object(fields) => {
                for (name, field) in fields.iter_mut() {
                    edit(name, field);
                    walk(field, edit);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|item| walk(item, edit)),
            _ => {}
        }
    }
    let mut value = serde_json::to_value(event).ok()?;
    walk(&mut value, edit);
    serde_json::from_value(value).ok()
}

fn apply(events: &mut Vec<ComplaintEvent>, mutation: &Mutation) {
    let n = events.len();
    let i = |at: usize| at % n;
    match *mutation {
        Mutation::Drop(at) => {
            events.remove(i(at));
        }
        Mutation::Duplicate(at) => {
            let copy = events[i(at)].clone();
            events.insert(i(at), copy);
        }
        Mutation::Swap(at) if n > 1 => events.swap(i(at), (i(at) + 1) % n),
        Mutation::Swap(_) => {}
        Mutation::Retime(at, minutes) => {
            let shift = |text: &str| -> Option<String> {
                let at: DateTime<Utc> = text.parse().ok()?;
                Some((at + Duration::minutes(minutes)).to_rfc3339())
            };
            if let Some(moved) = edit_json(&events[i(at)], &mut |name, field| {
                if let (true, Some(text)) = (name == "at", field.as_str()) {
                    if let Some(moved) = shift(text) {
                        *field = json!(moved);
                    }
                }
            }) {
                events[i(at)] = moved;
            }
        }
        Mutation::SwapActor(at, staff) => {
            let someone = Uuid::from_u128(staff).to_string();
            if let Some(swapped) = edit_json(&events[i(at)], &mut |name, field| {
                if matches!(name, "by" | "owner" | "approver" | "to" | "escalated_to")
                    && field.is_string()
                {
                    *field = json!(someone);
                }
            }) {
                events[i(at)] = swapped;
            }
        }
        Mutation::Inflate(at, factor) => {
            if let Some(inflated) = edit_json(&events[i(at)], &mut |name, field| {
                if let (true, Some(units)) = (name == "minor_units", field.as_u64()) {
                    *field = json!(units.saturating_mul(factor));
                }
            }) {
                events[i(at)] = inflated;
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// X3: over sound histories broken on purpose, loading and `verify` together
    /// refuse exactly what the live decider would not have written, and name the first
    /// event it would not have: loading refuses no event the rules allow, and never
    /// later than that event; `verify` names that very event.
    #[test]
    fn x3_load_and_verify_refuse_exactly_the_histories_the_decider_could_not_write(
        which in 0usize..4,
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let mut events = story(stories().swap_remove(which));
        for mutation in &mutations {
            if events.is_empty() {
                break;
            }
            apply(&mut events, mutation);
        }
        let truth = live(&events);
        let world = World::given(vec![]);
        let context = ComplaintContext { org: &world.org, policy: &world.policy };
        match load(events.clone()) {
            Ok(stream) => {
                let verified = stream.verify(&context).map_err(|error| match error {
                    StreamError::BrokenRule { sequence, .. }
                    | StreamError::NotWhatTheRulesYield { sequence } => sequence,
                    other => panic!("verify answered {other:?}"),
                });
                prop_assert_eq!(verified, truth);
            }
            Err(StreamError::BrokenRule { sequence, .. }) => {
                let Err(first) = truth else {
                    return Err(TestCaseError::fail(format!(
                        "loading refused event {sequence} of a history the decider writes"
                    )));
                };
                prop_assert!(first <= sequence, "live fails at {first}, load at {sequence}");
            }
            Err(other) => prop_assert!(false, "loading answered {other:?}"),
        }
    }
}

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap()
}

fn day(n: i64) -> DateTime<Utc> {
    start() + Duration::days(n)
}

fn promise(estimate: i64, due: i64) -> Promise {
    Promise::try_from(PromiseTerms {
        made_by: ANA,
        to: Customer::anonymous(CustomerKind::External),
        what: "the repaired bicycle".into(),
        made_at: start(),
        estimate: day(estimate),
        due: day(due),
    })
    .unwrap()
}

#[test]
fn pr1_a_promise_history_the_lifecycle_could_not_write_does_not_load() {
    let made = PromiseEvent::Made {
        promise: promise(2, 3),
    };
    let load = |events: Vec<PromiseEvent>| EventStream::<Lifecycle>::replay(numbered(events));
    // Kept early twenty days after the promised date.
    assert_eq!(
        load(vec![
            made.clone(),
            PromiseEvent::Delivered {
                at: day(23),
                outcome: PromiseOutcome::KeptEarly
            }
        ])
        .unwrap_err(),
        StreamError::BrokenRule {
            sequence: 2,
            error: PromiseError::OutcomeMismatch {
                outcome: PromiseOutcome::KeptEarly,
                due: day(3),
                at: day(23)
            }
        }
    );
    // Kept before it was made.
    assert_eq!(
        load(vec![
            made.clone(),
            PromiseEvent::Delivered {
                at: day(-1),
                outcome: PromiseOutcome::Kept
            }
        ])
        .unwrap_err(),
        StreamError::BrokenRule {
            sequence: 2,
            error: PromiseError::BeforeMade {
                at: day(-1),
                made_at: start()
            }
        }
    );
    // Made again after it was found broken, which would revive it.
    assert_eq!(
        load(vec![
            made.clone(),
            PromiseEvent::MarkedBroken { at: day(4) },
            made.clone()
        ])
        .unwrap_err(),
        StreamError::BrokenRule {
            sequence: 3,
            error: PromiseError::NotAllowed {
                state: PromiseStatus::Broken,
                command: customer_care::promise::PromiseCommandKind::Make
            }
        }
    );
    // A renegotiation that changes what was promised.
    let other = Promise::try_from(PromiseTerms {
        what: "a new bicycle".into(),
        ..promise(4, 5).terms().clone()
    })
    .unwrap();
    assert_eq!(
        load(vec![
            made.clone(),
            PromiseEvent::Renegotiated { promise: other }
        ])
        .unwrap_err(),
        StreamError::BrokenRule {
            sequence: 2,
            error: PromiseError::TermsChanged
        }
    );
    let sound = load(vec![
        made,
        PromiseEvent::Delivered {
            at: day(1),
            outcome: PromiseOutcome::KeptEarly,
        },
    ])
    .unwrap();
    assert!(matches!(sound.state(), PromiseState::KeptEarly { .. }));
}

#[test]
fn pr1_a_promise_state_loads_only_with_dates_its_outcome_allows() {
    let terms = serde_json::to_value(promise(2, 3)).unwrap();
    let state = |fields: Value| {
        let mut value = json!({"promise": terms});
        value
            .as_object_mut()
            .unwrap()
            .extend(fields.as_object().unwrap().clone());
        serde_json::from_value::<PromiseState>(value)
    };
    let at = |n: i64| json!(day(n));
    for refused in [
        json!({"status": "kept_early", "delivered_at": at(23)}),
        json!({"status": "kept", "delivered_at": at(4)}),
        json!({"status": "kept", "delivered_at": at(-1)}),
        json!({"status": "broken", "delivered_at": at(2), "noted_at": at(2)}),
        json!({"status": "broken", "delivered_at": at(5), "noted_at": at(6)}),
        json!({"status": "broken", "delivered_at": null, "noted_at": at(1)}),
    ] {
        assert!(state(refused.clone()).is_err(), "{refused} loaded");
    }
    for loads in [
        json!({"status": "kept_early", "delivered_at": at(1)}),
        json!({"status": "kept", "delivered_at": at(3)}),
        json!({"status": "broken", "delivered_at": at(5), "noted_at": at(5)}),
        json!({"status": "broken", "delivered_at": null, "noted_at": at(4)}),
        json!({"status": "open", "renegotiations": 1}),
    ] {
        let loaded = state(loads.clone()).unwrap();
        let mut written = serde_json::to_value(&loaded).unwrap();
        written.as_object_mut().unwrap().remove("promise");
        assert_eq!(written, loads, "writes back as it loaded");
    }
    let message = state(json!({"status": "kept_early", "delivered_at": at(23)}))
        .unwrap_err()
        .to_string();
    assert!(message.contains("cannot be kept early"), "{message}");
}

#[test]
fn fb2_one_piece_of_feedback_linked_three_times_does_not_load() {
    let link = Link {
        feedback: FeedbackId::from_uuid(Uuid::from_u128(3)),
        from: Customer::anonymous(CustomerKind::External),
    };
    let linked = |hours| ImprovementEvent::FeedbackLinked {
        link,
        at: start() + Duration::hours(hours),
    };
    let proposed = ImprovementEvent::Proposed(Proposal {
        id: ImprovementId::from_uuid(Uuid::from_u128(1)),
        title: "Open the hall before the doors".into(),
        opened_by: MARTA,
        affects_customers: false,
        feedback: vec![],
        at: start(),
    });
    assert_eq!(
        EventStream::<Improvement>::replay(numbered(vec![
            proposed,
            linked(1),
            linked(2),
            linked(3)
        ]))
        .unwrap_err(),
        StreamError::BrokenRule {
            sequence: 3,
            error: ImprovementError::AlreadyLinked {
                feedback: link.feedback
            }
        }
    );
}
