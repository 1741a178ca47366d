//! A CRM's inbox of commands, one JSON object per line, run against its complaints.
//!
//! Each line names a case, may carry a command id (so a retry is recognised) and the
//! version the sender last saw, and holds one complaint command:
//!
//! ```json
//! {"case": "…", "command_id": "…", "expected_version": 1, "command": {"type": "investigate", …}}
//! ```
//!
//! Every event the crate records is printed as a JSON line, ready to append to the
//! CRM's event table. Every line that records nothing is reported on stderr with its
//! line number and why: text that is not JSON, a field the shape does not have, a value
//! no command may hold (an offer without options), a command the case's state or the
//! staff's authority refuses, a stale version, or a command id already recorded. At the
//! end, every case's status in helpdesk words.
//!
//! Run it with `cargo run --example crm_integration`; it reads
//! `examples/data/crm_organisation.json` and `examples/data/crm_commands.jsonl`.
#![allow(clippy::disallowed_macros)] // an example prints; the library never does (X1)

use customer_care::complaint::{Complaint, ComplaintCommand, ComplaintContext, ComplaintPolicy};
use customer_care::empowerment::Organisation;
use customer_care::helpdesk::HelpdeskStatus;
use customer_care::id::{CommandId, ComplaintId};
use customer_care::stream::{CommandMeta, Envelope, EventStream, Outcome};
use std::collections::BTreeMap;
use std::error::Error;

/// One line of the inbox, as the CRM writes it.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    case: ComplaintId,
    #[serde(default)]
    command_id: Option<CommandId>,
    #[serde(default)]
    expected_version: Option<u64>,
    command: ComplaintCommand,
}

/// An event recorded, for the CRM's event table.
#[derive(serde::Serialize)]
pub struct Recorded<'a> {
    /// The case.
    pub case: ComplaintId,
    /// The event with its place in the case's stream.
    pub envelope: &'a Envelope<customer_care::complaint::ComplaintEvent>,
}

/// A line that recorded nothing, and why.
#[derive(Debug, PartialEq, Eq)]
pub struct Problem {
    /// The line number, from 1.
    pub line: usize,
    /// Why nothing was recorded.
    pub reason: String,
}

/// What an inbox did.
pub struct Inbox {
    /// The events recorded, one JSON object each, in the order recorded.
    pub events: Vec<String>,
    /// The lines that recorded nothing.
    pub problems: Vec<Problem>,
    /// Every case the inbox touched, with its stream.
    pub cases: BTreeMap<ComplaintId, EventStream<Complaint>>,
}

/// Runs every line of `inbox` against the cases, in order. Never stops at a bad line.
pub fn run(org: &Organisation, policy: &ComplaintPolicy, inbox: &str) -> Inbox {
    let context = ComplaintContext { org, policy };
    let mut done = Inbox {
        events: Vec::new(),
        problems: Vec::new(),
        cases: BTreeMap::new(),
    };
    for (index, text) in inbox.lines().enumerate() {
        let line = index + 1;
        if text.trim().is_empty() {
            continue;
        }
        let reason = match serde_json::from_str::<Line>(text) {
            Err(error) => format!("not a command line: {error}"),
            Ok(parsed) => {
                let stream = done.cases.entry(parsed.case).or_default();
                let meta = CommandMeta {
                    command_id: parsed.command_id,
                    expected_version: parsed.expected_version,
                };
                match stream.execute_with(parsed.command, &context, meta) {
                    Ok(Outcome::Recorded(envelope)) => {
                        let recorded = Recorded {
                            case: parsed.case,
                            envelope,
                        };
                        match serde_json::to_string(&recorded) {
                            Ok(json) => done.events.push(json),
                            Err(error) => done.problems.push(Problem {
                                line,
                                reason: format!("recorded, but not written: {error}"),
                            }),
                        }
                        continue;
                    }
                    Ok(Outcome::Duplicate(envelope)) => format!(
                        "a retry: command {} is already recorded as event {} of case {}; \
                         nothing new recorded",
                        envelope
                            .command_id
                            .map_or_else(String::new, |id| id.to_string()),
                        envelope.sequence,
                        parsed.case
                    ),
                    Err(error) => format!("refused: {error}"),
                }
            }
        };
        done.problems.push(Problem { line, reason });
    }
    // A case whose every line was refused was never opened: it has no ticket.
    done.cases.retain(|_, stream| stream.version() > 0);
    done
}

fn main() -> Result<(), Box<dyn Error>> {
    // What the CRM exported: its organisation, and its inbox of commands.
    let org: Organisation = serde_json::from_str(include_str!("data/crm_organisation.json"))?;
    let inbox = include_str!("data/crm_commands.jsonl");
    let done = run(&org, &ComplaintPolicy::default(), inbox);

    for event in &done.events {
        println!("{event}");
    }
    for problem in &done.problems {
        eprintln!("line {}: {}", problem.line, problem.reason);
    }
    println!();
    println!("{:<38} {:<20} helpdesk", "case", "status");
    for (case, stream) in &done.cases {
        let status = stream.state().status();
        let helpdesk = HelpdeskStatus::of(status).map_or("-", HelpdeskStatus::name);
        println!("{:<38} {:<20} {helpdesk}", case.to_string(), status.name());
    }
    Ok(())
}
