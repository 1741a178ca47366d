//! The complaint as an esrs aggregate (feature `esrs`): `handle_command` and
//! `apply_event` are the decider's `decide` and `evolve`, and the example's esrs store
//! keeps and loads complaints as the crate's own stream does (X2, X4).
#![cfg(feature = "esrs")]

mod common;

#[allow(dead_code)] // the example's `main`
#[path = "../examples/esrs_store.rs"]
mod example;

use common::*;
use customer_care::complaint::{
    Complaint, ComplaintCommand, ComplaintError, ComplaintState, ComplaintStatus,
};
use customer_care::empowerment::Organisation;
use customer_care::esrs::ComplaintRequest;
use esrs::Aggregate;
use std::sync::Arc;

/// Each command of `commands` through esrs, beside the same command through the
/// crate's stream: the events and the states must agree at every step.
fn both_ways(commands: Vec<ComplaintCommand>) -> (World, ComplaintState) {
    let mut world = World::given(vec![]);
    let org = Arc::new(shop());
    let mut state = ComplaintState::default();
    for command in commands {
        let request = ComplaintRequest::new(command.clone(), Arc::clone(&org), world.policy);
        let through_esrs = Complaint::handle_command(&state, request);
        let through_stream = world.when(command);
        assert_eq!(through_esrs, through_stream.map(|event| vec![event]));
        for event in through_esrs.unwrap_or_default() {
            state = Complaint::apply_event(state, event);
        }
        assert_eq!(&state, world.state());
    }
    (world, state)
}

#[test]
fn x4_esrs_handle_command_is_decide_with_one_event_and_apply_event_is_evolve() {
    let (world, state) = both_ways(resolved());
    assert_eq!(world.status(), ComplaintStatus::Resolved);
    assert_eq!(state.status(), ComplaintStatus::Resolved);
}

#[test]
fn x2_a_command_esrs_hands_in_out_of_order_gets_the_rules_own_refusal() {
    let mut commands = acknowledged();
    commands.push(ComplaintCommand::Choose {
        option: 0,
        at: h(2),
    });
    let (world, state) = both_ways(commands); // the same refusal both ways
    assert_eq!(state.status(), ComplaintStatus::Acknowledged);
    let request = ComplaintRequest::new(
        ComplaintCommand::Choose {
            option: 0,
            at: h(2),
        },
        Arc::new(shop()),
        world.policy,
    );
    assert!(matches!(
        Complaint::handle_command(&state, request),
        Err(ComplaintError::NotAllowed { .. })
    ));
}

#[test]
fn esrs_keys_stored_complaints_by_a_name_that_never_changes() {
    assert_eq!(<Complaint as Aggregate>::NAME, "complaint");
}

#[test]
fn x4_the_example_store_loads_through_esrs_what_the_stream_replays() {
    let org: Organisation =
        serde_json::from_str(include_str!("../examples/data/crm_organisation.json")).unwrap();
    let story = example::run(Arc::new(org)).unwrap();
    let sequences: Vec<_> = story.rows.iter().map(|row| row.sequence_number).collect();
    assert_eq!(sequences, (1..=7).collect::<Vec<_>>());
    assert!(matches!(story.refused, ComplaintError::NotAllowed { .. }));
    assert!(matches!(
        story.conflict,
        example::StoreError::SequenceTaken {
            sequence_number: 3,
            ..
        }
    ));
    assert_eq!(story.loaded.status(), ComplaintStatus::Closed);
    assert_eq!(story.loaded, story.replayed);
    assert!(story.loaded.recovery().is_complete());
}

#[test]
fn x3_complaint_events_and_states_meet_what_the_esrs_postgres_store_asks() {
    // PgStore<Complaint> stores payloads that are Serialize + DeserializeOwned and moves
    // events and states across tasks: this does not compile if that ever changes.
    fn payload<T: serde::Serialize + serde::de::DeserializeOwned + Send + Sync + 'static>() {}
    fn moved<T: Send + 'static>() {}
    payload::<<Complaint as Aggregate>::Event>();
    moved::<<Complaint as Aggregate>::State>();
    moved::<ComplaintRequest>();
}
