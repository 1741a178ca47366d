//! The promise lifecycle: under-promising (PR2), how promises end (PR1), its transition
//! table (X5), replay and refusals (X2, X4).

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::given::{Scenario, given};
use customer_care::customer::{Customer, CustomerKind};
use customer_care::diagram::allows;
use customer_care::id::StaffId;
use customer_care::promise::{
    Lifecycle, Promise, PromiseCommand, PromiseError, PromiseEvent, PromiseOutcome, PromisePolicy,
    PromiseState, PromiseStatus, PromiseTerms, TRANSITIONS,
};
use customer_care::stream::{CommandMeta, Decider, EventStream};
use proptest::prelude::*;
use uuid::Uuid;

#[cfg(feature = "serde")]
mod common;

const DAY: i64 = 24 * 60;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap()
}

fn at(minutes: i64) -> DateTime<Utc> {
    start() + Duration::minutes(minutes)
}

fn terms(estimate: i64, due: i64) -> PromiseTerms {
    PromiseTerms {
        made_by: StaffId::from_uuid(Uuid::from_u128(1)),
        to: Customer::anonymous(CustomerKind::External),
        what: "the repaired bicycle, ready to collect".into(),
        made_at: start(),
        estimate: at(estimate),
        due: at(due),
    }
}

const ONE_DAY: PromisePolicy = PromisePolicy::new(DAY as u32);

/// A promise estimated in two days and due in three.
fn open() -> Scenario<'static, Lifecycle> {
    fresh().and([PromiseCommand::Make(terms(2 * DAY, 3 * DAY))])
}

/// No promise yet, under a day of buffer.
fn fresh() -> Scenario<'static, Lifecycle> {
    given(&ONE_DAY, [])
}

#[test]
fn pr2_the_promised_date_leaves_the_buffer_after_the_estimate() {
    let mut stream = fresh();
    assert_eq!(
        stream.step(PromiseCommand::Make(terms(2 * DAY, 3 * DAY - 1))),
        Err(PromiseError::BufferMissing {
            estimate: at(2 * DAY),
            due: at(3 * DAY - 1),
            earliest: at(3 * DAY)
        })
    );
    assert!(
        stream
            .step(PromiseCommand::Make(terms(2 * DAY, 3 * DAY)))
            .is_ok()
    );
}

#[test]
fn pr2_renegotiated_terms_keep_the_buffer_too() {
    let mut stream = open();
    let tight = PromiseCommand::Renegotiate {
        estimate: at(4 * DAY),
        due: at(4 * DAY + 60),
        consented_at: at(DAY),
    };
    assert!(matches!(
        stream.step(tight),
        Err(PromiseError::BufferMissing { .. })
    ));
}

#[test]
fn pr1_a_promise_records_who_what_to_whom_by_when_and_the_estimate() {
    let promise = Promise::try_from(terms(DAY, 2 * DAY)).unwrap();
    let recorded = promise.terms();
    assert_eq!(recorded.made_by, StaffId::from_uuid(Uuid::from_u128(1)));
    assert_eq!(recorded.to, Customer::anonymous(CustomerKind::External));
    assert_eq!((recorded.estimate, recorded.due), (at(DAY), at(2 * DAY)));
    let blank = PromiseTerms {
        what: "  ".into(),
        ..terms(DAY, 2 * DAY)
    };
    assert_eq!(Promise::try_from(blank), Err(PromiseError::NothingPromised));
    assert!(matches!(
        Promise::try_from(terms(2 * DAY, DAY)),
        Err(PromiseError::DatesOutOfOrder { .. })
    ));
}

#[test]
fn pr1_delivered_by_the_estimate_is_kept_early() {
    let mut stream = open();
    let event = stream
        .step(PromiseCommand::Deliver { at: at(2 * DAY) })
        .unwrap();
    assert_eq!(
        event,
        PromiseEvent::Delivered {
            at: at(2 * DAY),
            outcome: PromiseOutcome::KeptEarly
        }
    );
    assert_eq!(stream.state().status(), PromiseStatus::KeptEarly);
}

#[test]
fn pr1_delivered_by_the_date_is_kept_and_after_it_broken() {
    let mut kept = open();
    kept.step(PromiseCommand::Deliver { at: at(3 * DAY) })
        .unwrap();
    assert_eq!(kept.state().status(), PromiseStatus::Kept);
    let mut late = open();
    late.step(PromiseCommand::Deliver {
        at: at(3 * DAY + 1),
    })
    .unwrap();
    assert!(matches!(
        late.state(),
        PromiseState::Broken {
            delivered_at: Some(_),
            ..
        }
    ));
}

#[test]
fn pr1_never_delivered_is_broken_only_after_the_date() {
    let mut stream = open();
    assert_eq!(
        stream.step(PromiseCommand::MarkBroken { at: at(3 * DAY) }),
        Err(PromiseError::NotYetDue {
            due: at(3 * DAY),
            at: at(3 * DAY)
        })
    );
    stream
        .step(PromiseCommand::MarkBroken { at: at(4 * DAY) })
        .unwrap();
    assert!(matches!(
        stream.state(),
        PromiseState::Broken {
            delivered_at: None,
            ..
        }
    ));
}

#[test]
fn pr1_renegotiation_needs_consent_before_the_date_and_replaces_the_terms() {
    let mut stream = open();
    let later = PromiseCommand::Renegotiate {
        estimate: at(5 * DAY),
        due: at(6 * DAY),
        consented_at: at(DAY),
    };
    stream.step(later).unwrap();
    let PromiseState::Open {
        promise,
        renegotiations,
    } = stream.state()
    else {
        panic!("still open")
    };
    assert_eq!(
        (promise.due(), promise.terms().made_at, *renegotiations),
        (at(6 * DAY), at(DAY), 1)
    );
    let too_late = PromiseCommand::Renegotiate {
        estimate: at(9 * DAY),
        due: at(10 * DAY),
        consented_at: at(6 * DAY + 1),
    };
    assert!(matches!(
        stream.step(too_late),
        Err(PromiseError::DuePassed { .. })
    ));
}

#[test]
fn x2_settled_promises_take_no_more_commands() {
    let mut stream = open();
    stream
        .step(PromiseCommand::Deliver { at: at(DAY) })
        .unwrap();
    assert_eq!(
        stream.step(PromiseCommand::Deliver { at: at(DAY) }),
        Err(PromiseError::NotAllowed {
            state: PromiseStatus::KeptEarly,
            command: customer_care::promise::PromiseCommandKind::Deliver
        })
    );
    assert!(matches!(
        stream.step(PromiseCommand::Deliver {
            at: start() - Duration::minutes(1)
        }),
        Err(PromiseError::NotAllowed { .. })
    ));
    let mut fresh = open();
    assert!(matches!(
        fresh.step(PromiseCommand::Deliver {
            at: start() - Duration::minutes(1)
        }),
        Err(PromiseError::BeforeMade { .. })
    ));
}

fn command() -> impl Strategy<Value = PromiseCommand> {
    let minute = -DAY..8 * DAY;
    prop_oneof![
        (0..4 * DAY, 0..6 * DAY).prop_map(|(e, d)| PromiseCommand::Make(terms(e, d))),
        minute
            .clone()
            .prop_map(|m| PromiseCommand::Deliver { at: at(m) }),
        (minute.clone(), minute.clone(), minute.clone()).prop_map(|(e, d, c)| {
            PromiseCommand::Renegotiate {
                estimate: at(e),
                due: at(d),
                consented_at: at(c),
            }
        }),
        minute.prop_map(|m| PromiseCommand::MarkBroken { at: at(m) }),
    ]
}

proptest! {
    /// X5, X4, X2: every accepted command moves along the table, folding the events
    /// gives the live state, and a refusal changes nothing.
    #[test]
    fn x5_every_accepted_transition_is_in_the_table(
        buffer in 0u32..(2 * DAY as u32),
        commands in prop::collection::vec(command(), 0..20),
    ) {
        let policy = PromisePolicy::new(buffer);
        let mut stream = EventStream::<Lifecycle>::new();
        for command in commands {
            let (from, kind) = (stream.state().status(), command.kind());
            let before = stream.clone();
            match stream.execute_with(command, &policy, CommandMeta::NONE) {
                Ok(_) => prop_assert!(allows(TRANSITIONS, from, kind, stream.state().status())),
                Err(_) => prop_assert_eq!(&stream, &before),
            }
            if let PromiseState::Open { promise, .. } = stream.state() {
                prop_assert!(promise.check_buffer(&policy).is_ok());
            }
        }
        let folded = Lifecycle::fold(stream.events().iter().map(|e| &e.event));
        prop_assert_eq!(&folded, stream.state());
    }

    /// PR1: kept early implies kept; no delivery is both on time and late; kept early
    /// is judged against the promised date and the margin, never the estimate.
    #[test]
    fn pr1_kept_early_is_never_later_than_kept(
        estimate in 0..4 * DAY,
        extra in 0..2 * DAY,
        delivered in -DAY..8 * DAY,
        margin in 0..3 * 60u32,
    ) {
        let promise = Promise::try_from(terms(estimate, estimate + extra)).unwrap();
        let policy = PromisePolicy { early_margin_minutes: margin, ..ONE_DAY };
        let outcome = promise.settle(at(delivered), &policy);
        let on_time = at(delivered) <= promise.due();
        prop_assert_eq!(outcome == PromiseOutcome::Late, !on_time);
        let early = at(delivered) < promise.due()
            && promise.due() - at(delivered) >= Duration::minutes(margin.into());
        prop_assert_eq!(outcome == PromiseOutcome::KeptEarly, early);
        prop_assert!(promise.check_outcome(outcome, at(delivered)).is_ok() || at(delivered) < start());
    }
}

#[cfg(feature = "serde")]
#[test]
fn x3_one_event_and_one_command_of_every_kind_match_the_snapshots() {
    let make = PromiseCommand::Make(terms(2 * DAY, 3 * DAY));
    let renegotiate = PromiseCommand::Renegotiate {
        estimate: at(5 * DAY),
        due: at(6 * DAY),
        consented_at: at(DAY),
    };
    let deliver = PromiseCommand::Deliver { at: at(4 * DAY) };
    let mark = PromiseCommand::MarkBroken { at: at(4 * DAY) };
    let mut kept = open();
    kept.step(renegotiate.clone()).unwrap();
    kept.step(deliver.clone()).unwrap();
    let mut broken = open();
    broken.step(mark.clone()).unwrap();
    let events: Vec<_> = kept
        .events()
        .iter()
        .chain(broken.events())
        .map(|e| e.event.clone())
        .collect();
    let events = common::one_of_each_type(&events);
    assert_eq!(events.len(), 4, "one event of each kind: {events:#?}");
    common::snapshot("tests/snapshots/promise_events.json", &events);
    common::snapshot(
        "tests/snapshots/promise_commands.json",
        &[make, renegotiate, deliver, mark],
    );
}

#[test]
fn x1_a_command_says_when_it_happens() {
    let renegotiate = PromiseCommand::Renegotiate {
        estimate: at(5 * DAY),
        due: at(6 * DAY),
        consented_at: at(DAY),
    };
    assert_eq!(PromiseCommand::Make(terms(2 * DAY, 3 * DAY)).at(), start());
    assert_eq!(renegotiate.at(), at(DAY));
    assert_eq!(PromiseCommand::Deliver { at: at(7) }.at(), at(7));
    assert_eq!(PromiseCommand::MarkBroken { at: at(9) }.at(), at(9));
}

#[test]
fn pr1_kept_early_is_judged_from_the_customers_side_against_the_promised_date() {
    // The customer only knows the promised date: 23 hours before it is early, however
    // close to the internal estimate it came.
    let promise = Promise::try_from(terms(2 * 60, DAY)).unwrap();
    let policy = PromisePolicy::default();
    assert_eq!(policy.early_margin_minutes, 60);
    assert_eq!(promise.settle(at(60), &policy), PromiseOutcome::KeptEarly);
    assert_eq!(
        promise.settle(at(DAY - 60), &policy),
        PromiseOutcome::KeptEarly
    );
    assert_eq!(promise.settle(at(DAY - 59), &policy), PromiseOutcome::Kept);
    assert_eq!(promise.settle(at(DAY), &policy), PromiseOutcome::Kept);
    assert_eq!(promise.settle(at(DAY + 1), &policy), PromiseOutcome::Late);
    // Without a margin, anything before the promised date is early; on it, kept.
    let no_margin = PromisePolicy {
        early_margin_minutes: 0,
        ..policy
    };
    assert_eq!(
        promise.settle(at(DAY - 1), &no_margin),
        PromiseOutcome::KeptEarly
    );
    assert_eq!(promise.settle(at(DAY), &no_margin), PromiseOutcome::Kept);
    assert_eq!(
        [
            PromiseOutcome::KeptEarly,
            PromiseOutcome::Kept,
            PromiseOutcome::Late
        ]
        .map(|outcome| outcome.to_string()),
        ["kept early", "kept", "late"]
    );
}

#[test]
fn pr1_dates_may_be_renegotiated_up_to_the_instant_the_promise_falls_due() {
    let promise = Promise::try_from(terms(2 * DAY, 3 * DAY)).unwrap();
    let renegotiate = |consented_at| {
        promise.check_renegotiation(at(4 * DAY), at(5 * DAY), consented_at, &ONE_DAY)
    };
    assert_eq!(renegotiate(at(3 * DAY)), Ok(()));
    assert_eq!(
        renegotiate(at(3 * DAY + 1)),
        Err(PromiseError::DuePassed {
            due: at(3 * DAY),
            at: at(3 * DAY + 1)
        })
    );
    // From the instant it was made, not before.
    assert_eq!(renegotiate(start()), Ok(()));
    assert_eq!(
        renegotiate(at(-1)),
        Err(PromiseError::BeforeMade {
            at: at(-1),
            made_at: start()
        })
    );
}

/// PR1, X3: given the promise as a stored history, a delivery by the estimate is kept
/// early, and the settled promise refuses a second delivery.
#[test]
fn pr1_a_promise_given_as_history_is_kept_early_once() {
    let made = open().events()[0].event.clone();
    let settled = given::<Lifecycle>(&ONE_DAY, [made])
        .when(PromiseCommand::Deliver { at: at(2 * DAY) })
        .then([PromiseEvent::Delivered {
            at: at(2 * DAY),
            outcome: PromiseOutcome::KeptEarly,
        }])
        .when(PromiseCommand::Deliver { at: at(2 * DAY) })
        .then_error("not_allowed");
    assert_eq!(settled.state().status(), PromiseStatus::KeptEarly);
}
