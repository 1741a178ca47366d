//! Random command sequences against the promise decider, with the buffer from the
//! input. Checks: see the fuzz crate's docs (X2, X3, X4).
#![no_main]

use arbitrary::Arbitrary;
use customer_care::customer::{Customer, CustomerKind};
use customer_care::id::{CustomerId, StaffId};
use customer_care::promise::{Lifecycle, PromiseCommand, PromisePolicy, PromiseTerms};
use customer_care_fuzz::{Meta, When, drive, pick};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum Step {
    Make {
        by: u8,
        to: Option<u8>,
        what: String,
        made_at: When,
        estimate: When,
        due: When,
    },
    Deliver(When),
    Renegotiate(When, When, When),
    MarkBroken(When),
}

fn command(step: Step) -> PromiseCommand {
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
            to: match to {
                Some(n) => {
                    Customer::identified(CustomerKind::External, CustomerId::from_uuid(pick(n)))
                }
                None => Customer::anonymous(CustomerKind::External),
            },
            what,
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

fuzz_target!(|input: (u32, Vec<(Step, Meta)>)| {
    let (buffer_minutes, steps) = input;
    let policy = PromisePolicy { buffer_minutes };
    drive::<Lifecycle>(
        &policy,
        steps
            .into_iter()
            .map(|(step, meta)| (command(step), meta.meta())),
    );
});
