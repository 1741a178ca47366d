//! Random command sequences against the promise decider, with the buffer from the
//! input. Checks: see the fuzz crate's docs (X2, X3, X4).

use crate::{Meta, Text, When, customer, drive, pick};
use arbitrary::Arbitrary;
use customer_care::customer::CustomerKind;
use customer_care::id::StaffId;
use customer_care::promise::{
    Lifecycle, PromiseCommand, PromiseEvent, PromisePolicy, PromiseTerms,
};
use customer_care::stream::EventStream;

#[derive(Debug, Arbitrary)]
pub enum Step {
    Make {
        by: u8,
        to: Option<u8>,
        what: Text,
        made_at: When,
        estimate: When,
        due: When,
    },
    Deliver(When),
    Renegotiate(When, When, When),
    MarkBroken(When),
}

pub fn command(step: Step) -> PromiseCommand {
    match step {
        Step::Make {
            by,
            to,
            what,
            made_at,
            estimate,
            due,
        } => PromiseCommand::Make(PromiseTerms {
            made_by: StaffId::from_uuid(pick(by)),
            to: customer(CustomerKind::External, to),
            what: what.text(),
            made_at: made_at.at(),
            estimate: estimate.at(),
            due: due.at(),
        }),
        Step::Deliver(at) => PromiseCommand::Deliver { at: at.at() },
        Step::Renegotiate(estimate, due, consented_at) => PromiseCommand::Renegotiate {
            estimate: estimate.at(),
            due: due.at(),
            consented_at: consented_at.at(),
        },
        Step::MarkBroken(at) => PromiseCommand::MarkBroken { at: at.at() },
    }
}

/// The buffer in hours, and the steps.
pub type Input = (u8, Vec<(Step, Meta)>);

/// Runs the input's commands with the input's buffer; returns the commands and the
/// stream they left.
pub fn run((buffer_hours, steps): Input) -> (Vec<PromiseCommand>, EventStream<Lifecycle>) {
    let policy = PromisePolicy::new(u32::from(buffer_hours) * 60);
    let steps = steps
        .into_iter()
        .map(|(step, meta)| Some((command(step), meta)));
    drive::<Lifecycle>(&policy, steps, PromiseEvent::at, |_| {})
}
