//! X3, X5: the decider kit's one contract, held by the complaint, the promise and the
//! improvement cycle alike. Every stored event kind (the snapshot files) is tried in
//! every state a history of them reaches: an event whose kind the table does not
//! accept in the state is refused by `admit` as `not_allowed`, and `evolve` leaves the
//! state exactly as it was.
#![cfg(feature = "serde")]

use customer_care::complaint::Complaint;
use customer_care::feedback::improvement::Improvement;
use customer_care::machine::Machine;
use customer_care::promise::Lifecycle;
use customer_care::refusal::Refusal;
use serde::de::DeserializeOwned;
use std::fmt::Debug;

/// The states reached by folding, in order, each snapshot event the state admits.
fn reached<D: Machine>(events: &[D::Event]) -> Vec<D::State>
where
    D::State: Clone,
{
    let mut state = D::initial();
    let mut states = vec![state.clone()];
    for event in events {
        if D::admit(&state, event).is_ok() {
            state = D::evolve(state, event);
            states.push(state.clone());
        }
    }
    states
}

/// Checks the contract on every pair of a reached state and a snapshot event, and
/// answers how many states and how many pairs that do not fit were tried.
fn holds<D: Machine>(file: &str) -> (usize, usize)
where
    D::State: Clone + PartialEq + Debug,
    D::Event: DeserializeOwned + Debug,
    D::Error: Refusal,
{
    let text = std::fs::read_to_string(file).unwrap();
    let events: Vec<D::Event> = serde_json::from_str(&text).unwrap();
    let states = reached::<D>(&events);
    let mut misfits = 0;
    for state in &states {
        for event in &events {
            if D::fits(state, event) {
                continue;
            }
            misfits += 1;
            let refused = D::admit(state, event).expect_err("a misfit is admitted");
            assert_eq!(refused.code(), "not_allowed", "{event:?} in {state:?}");
            assert_eq!(
                &D::evolve(state.clone(), event),
                state,
                "{event:?} changed a state it does not fit"
            );
        }
    }
    (states.len(), misfits)
}

#[test]
fn x5_an_event_that_does_not_fit_is_refused_and_changes_nothing_in_a_complaint() {
    let (states, misfits) = holds::<Complaint>("tests/snapshots/complaint_events.json");
    assert!(
        states >= 8 && misfits >= 100,
        "{states} states, {misfits} misfits"
    );
}

#[test]
fn x5_an_event_that_does_not_fit_is_refused_and_changes_nothing_in_a_promise() {
    let (states, misfits) = holds::<Lifecycle>("tests/snapshots/promise_events.json");
    assert!(
        states >= 3 && misfits >= 8,
        "{states} states, {misfits} misfits"
    );
}

#[test]
fn x5_an_event_that_does_not_fit_is_refused_and_changes_nothing_in_an_improvement() {
    let (states, misfits) = holds::<Improvement>("tests/snapshots/improvement_events.json");
    assert!(
        states >= 5 && misfits >= 20,
        "{states} states, {misfits} misfits"
    );
}

#[test]
fn x5_the_kinds_a_status_accepts_are_its_table_rows_each_once() {
    use customer_care::complaint::{ComplaintCommandKind as K, ComplaintStatus as S};
    let resolving: Vec<K> = Complaint::accepted(S::Resolving).collect();
    assert_eq!(
        resolving,
        [
            K::Deliver,
            K::MarkPromiseBroken,
            K::Withdraw,
            K::RenegotiatePromise,
            K::CustomerWrites,
            K::Reassign,
            K::SendMessage,
            K::FlagAbuse,
            K::RecordRootCause,
        ]
    );
    // Offering leads to two statuses, and is listed once.
    let investigating: Vec<K> = Complaint::accepted(S::Investigating).collect();
    assert_eq!(
        investigating
            .iter()
            .filter(|k| **k == K::OfferResolution)
            .count(),
        1
    );
    assert_eq!(Complaint::accepted(S::Withdrawn).count(), 0);
    for status in S::ALL {
        for kind in K::ALL {
            assert_eq!(
                Complaint::accepts(status, kind),
                Complaint::accepted(status).any(|k| k == kind)
            );
        }
    }
}
