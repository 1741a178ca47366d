//! The CRM inbox example (`examples/crm_integration.rs`) on its own data: every bad
//! line is reported with its number and reason and records nothing, every good line
//! records one event, and the cases end in the helpdesk statuses the story implies
//! (X2, X3, X4).
#![cfg(feature = "serde")] // as the example itself requires

#[allow(dead_code)] // the example's `main`
#[path = "../examples/crm_integration.rs"]
mod example;

use customer_care::complaint::{Complaint, ComplaintPolicy, ComplaintStatus};
use customer_care::empowerment::Organisation;
use customer_care::helpdesk::HelpdeskStatus;
use customer_care::stream::EventStream;

const ORGANISATION: &str = include_str!("../examples/data/crm_organisation.json");
const INBOX: &str = include_str!("../examples/data/crm_commands.jsonl");

fn run() -> example::Inbox {
    let org: Organisation = serde_json::from_str(ORGANISATION).unwrap();
    example::run(&org, &ComplaintPolicy::default(), INBOX)
}

#[test]
fn x2_x3_every_bad_line_is_reported_with_its_number_and_reason() {
    let done = run();
    let reported: Vec<_> = done
        .problems
        .iter()
        .map(|p| (p.line, p.reason.as_str()))
        .collect();
    let expected = [
        (5, "not a command line: expected ident"),
        (
            7,
            "a retry: command 0c3a7e10-0000-4000-8000-0000000c0005 is already recorded as event 5",
        ),
        (8, "not a command line: unknown field `priority`"),
        (10, "refused: cannot choose a complaint that is received"),
        (11, "not a command line: an offer needs at least one option"),
        (
            14,
            "refused: staff member 0c3a7e10-0000-4000-8000-000000000099 is not in the directory",
        ),
        (
            15,
            "refused: version conflict: expected version 5 but the stream is at 1",
        ),
        (17, "not a command line: missing field `case`"),
    ];
    assert_eq!(reported.len(), expected.len(), "{reported:#?}");
    for ((line, reason), (want_line, want_start)) in reported.iter().zip(expected) {
        assert_eq!(*line, want_line);
        assert!(reason.starts_with(want_start), "line {line}: {reason}");
    }
}

#[test]
fn x4_every_good_line_records_one_event_that_replays_to_the_case() {
    let done = run();
    let lines = INBOX.lines().filter(|l| !l.trim().is_empty()).count();
    assert_eq!(done.events.len() + done.problems.len(), lines);
    let recorded: usize = done.cases.values().map(|s| s.events().len()).sum();
    assert_eq!(recorded, done.events.len());
    for stream in done.cases.values() {
        let replayed = EventStream::<Complaint>::replay(stream.events().to_vec()).unwrap();
        assert_eq!(replayed.state(), stream.state());
    }
    // Each printed line is the recorded envelope, loadable as stored JSON.
    for event in &done.events {
        let value: serde_json::Value = serde_json::from_str(event).unwrap();
        assert_eq!(value["envelope"]["schema_version"], 1);
    }
}

#[test]
fn the_cases_end_in_the_helpdesk_statuses_of_their_story() {
    let done = run();
    let statuses: Vec<_> = done
        .cases
        .values()
        .map(|stream| {
            let status = stream.state().status();
            (status, HelpdeskStatus::of(status))
        })
        .collect();
    assert_eq!(
        statuses,
        [
            (ComplaintStatus::Closed, Some(HelpdeskStatus::Closed)),
            (ComplaintStatus::Acknowledged, Some(HelpdeskStatus::Open)),
        ]
    );
}
