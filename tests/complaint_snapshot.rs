//! X3: the stored JSON shape of the complaint's events and commands. Stories run
//! through the decider, and the first event and command of every kind are compared
//! with `tests/snapshots/complaint_events.json` and `complaint_commands.json`, so any
//! change to a shape shows as a diff. Run with `UPDATE_SNAPSHOTS=1` to rewrite the file after an intended change.
#![cfg(feature = "serde")]

mod common;

use common::*;
use customer_care::complaint::*;
use customer_care::remedy::{Remedy, RemedyKind};
use std::collections::BTreeSet;

const SNAPSHOT: &str = "tests/snapshots/complaint_events.json";
const COMMANDS: &str = "tests/snapshots/complaint_commands.json";

fn stories() -> Vec<Vec<ComplaintCommand>> {
    let mut long = investigating();
    long.extend([
        ComplaintCommand::AskCustomer {
            by: ANA,
            message: message("Could you send a photo of the toaster?", h(5)),
            at: h(3),
        },
        ComplaintCommand::CustomerWrites {
            text: "Photo attached.".into(),
            at: h(4),
        },
        ComplaintCommand::RecordRootCause {
            by: ANA,
            cause: RootCause {
                origin: Origin::Supplier {
                    name: "Heating Elements Ltd".into(),
                },
                description: "a faulty batch of elements".into(),
            },
            at: h(4),
        },
        ComplaintCommand::FlagAbuse {
            by: ANA,
            evidence: vec!["call of 6 April, 11:02: threats to staff".into()],
            at: h(4),
        },
        ComplaintCommand::SendMessage {
            by: ANA,
            message: message("Luis, our toaster expert, takes over.", h(6)),
            at: h(5),
        },
        ComplaintCommand::Reassign {
            to: LUIS,
            reason: "Luis knows this model".into(),
            at: h(5),
        },
        ComplaintCommand::OfferResolution {
            by: LUIS,
            options: options(vec![refund(60, 30, 54)]),
            at: h(6),
        },
        ComplaintCommand::DeclineApproval {
            approver: MARTA,
            reason: "the price was 40 EUR; offer a replacement too".into(),
            at: h(7),
        },
        ComplaintCommand::OfferResolution {
            by: LUIS,
            options: options(vec![refund(40, 30, 54)]),
            at: h(8),
        },
        ComplaintCommand::DeclineOffer {
            reason: "I would rather have a new one".into(),
            at: h(9),
        },
        ComplaintCommand::RefuseDemand {
            by: MARTA,
            reason: "a new model costs twice the price paid".into(),
            alternatives: options(vec![ResolutionOption {
                remedy: Remedy::new(RemedyKind::Refund, eur(40)),
                description: "the full price back, and we collect the toaster".into(),
                estimate: h(34),
                due: h(58),
            }]),
            at: h(10),
        },
        ComplaintCommand::Choose {
            option: 0,
            at: h(11),
        },
        ComplaintCommand::RenegotiatePromise {
            estimate: h(40),
            due: h(64),
            consented_at: h(12),
        },
        ComplaintCommand::Deliver {
            by: LUIS,
            at: h(40),
        },
        ComplaintCommand::Close {
            verdict: Verdict {
                rating: Some(Satisfaction::try_from(4).unwrap()),
                expectation: Some(customer_care::customer::ExpectationGap::Met),
            },
            at: h(41),
        },
        ComplaintCommand::Reopen {
            reason: "the new one leaks too".into(),
            at: h(50),
        },
        ComplaintCommand::Investigate {
            by: LUIS,
            at: h(51),
        },
        ComplaintCommand::Refer {
            body: "the consumer arbitration board".into(),
            at: h(52),
        },
        ComplaintCommand::Close {
            verdict: Verdict::default(),
            at: h(300),
        },
    ]);
    let mut broken = resolving();
    broken.push(ComplaintCommand::MarkPromiseBroken { by: ANA, at: h(49) });
    let mut short = investigating();
    short.extend([
        ComplaintCommand::OfferResolution {
            by: ANA,
            options: options(vec![refund(60, 24, 48)]),
            at: h(3),
        },
        ComplaintCommand::Approve {
            approver: MARTA,
            at: h(4),
        },
        ComplaintCommand::CloseUnanswered {
            by: ANA,
            at: h(4 + 7 * 24),
        },
        ComplaintCommand::Reopen {
            reason: "the customer was abroad".into(),
            at: h(5 + 7 * 24),
        },
        ComplaintCommand::Withdraw {
            reason: "they bought another toaster".into(),
            at: h(6 + 7 * 24),
        },
    ]);
    vec![long, short, broken]
}

#[test]
fn x3_one_event_and_one_command_of_every_kind_match_the_snapshots() {
    let mut commands = Vec::new();
    let mut events = Vec::new();
    for story in stories() {
        commands.extend(story.iter().cloned());
        let world = World::given(story);
        events.extend(world.stream.events().iter().map(|e| e.event.clone()));
    }
    // Every event loads back as itself, not only the one of each kind kept below.
    for event in &events {
        let json = serde_json::to_value(event).unwrap();
        assert_eq!(
            &serde_json::from_value::<ComplaintEvent>(json).unwrap(),
            event
        );
    }
    let commands = one_of_each_type(&commands);
    let kinds: BTreeSet<_> = commands.iter().map(ComplaintCommand::kind).collect();
    let missing: Vec<_> = ComplaintCommandKind::ALL
        .iter()
        .filter(|kind| !kinds.contains(kind))
        .collect();
    assert!(
        missing.is_empty(),
        "add these commands to the stories: {missing:?}"
    );
    let events = one_of_each_type(&events);
    assert_eq!(events.len(), 24, "one event of each kind: {events:#?}");
    snapshot(SNAPSHOT, &events);
    snapshot(COMMANDS, &commands);
}

#[test]
fn x3_an_offer_without_options_is_refused_on_load() {
    let json = serde_json::json!({
        "type": "resolution_offered",
        "by": "00000000-0000-0000-0000-000000000004",
        "options": [],
        "at": "2026-04-06T12:00:00Z"
    });
    let error = serde_json::from_value::<ComplaintEvent>(json).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("an offer needs at least one option")
    );
}
