//! Random command sequences against the improvement (plan-do-check-act) decider.
//! Checks: see the fuzz crate's docs (X2, X3, X4).

use crate::{Meta, Text, When, customer, customer_kind, drive, pick};
use arbitrary::Arbitrary;
use customer_care::feedback::improvement::{
    Better, Effect, Improvement, ImprovementCommand, ImprovementEvent, Link, Proposal,
};
use customer_care::id::{CustomerId, FeedbackId, ImprovementId, StaffId};
use customer_care::stream::EventStream;

#[derive(Debug, Arbitrary)]
pub struct Voice {
    feedback: u8,
    kind: u8,
    who: Option<u8>,
}

#[derive(Debug, Arbitrary)]
pub enum Step {
    Propose {
        id: u8,
        title: Text,
        opened_by: u8,
        affects_customers: bool,
        feedback: Vec<Voice>,
        at: When,
    },
    LinkFeedback(Voice, When),
    Consult(Text, When),
    Plan(u8, Text, When),
    Start(When),
    Check {
        measure: Text,
        before: i64,
        after: i64,
        higher_is_better: bool,
        at: When,
    },
    Adopt(When),
    Drop(Text, When),
    NewCycle(When),
    SendNotice(u8, When),
}

pub fn link(voice: Voice) -> Link {
    let kind = customer_kind(voice.kind);
    Link {
        feedback: FeedbackId::from_uuid(pick(voice.feedback)),
        from: customer(kind, voice.who),
    }
}

pub fn command(step: Step) -> ImprovementCommand {
    use ImprovementCommand as C;
    match step {
        Step::Propose {
            id,
            title,
            opened_by,
            affects_customers,
            feedback,
            at,
        } => C::Propose(Proposal {
            id: ImprovementId::from_uuid(pick(id)),
            title: title.text(),
            opened_by: StaffId::from_uuid(pick(opened_by)),
            affects_customers,
            feedback: feedback.into_iter().map(link).collect(),
            at: at.at(),
        }),
        Step::LinkFeedback(voice, at) => C::LinkFeedback {
            link: link(voice),
            at: at.at(),
        },
        Step::Consult(summary, at) => C::Consult {
            summary: summary.text(),
            at: at.at(),
        },
        Step::Plan(owner, action, at) => C::Plan {
            owner: StaffId::from_uuid(pick(owner)),
            action: action.text(),
            at: at.at(),
        },
        Step::Start(at) => C::Start { at: at.at() },
        Step::Check {
            measure,
            before,
            after,
            higher_is_better,
            at,
        } => C::Check {
            effect: Effect {
                measure: measure.text(),
                before,
                after,
                better: if higher_is_better {
                    Better::Higher
                } else {
                    Better::Lower
                },
            },
            at: at.at(),
        },
        Step::Adopt(at) => C::Adopt { at: at.at() },
        Step::Drop(reason, at) => C::Drop {
            reason: reason.text(),
            at: at.at(),
        },
        Step::NewCycle(at) => C::NewCycle { at: at.at() },
        Step::SendNotice(to, at) => C::SendNotice {
            to: CustomerId::from_uuid(pick(to)),
            at: at.at(),
        },
    }
}

/// The steps.
pub type Input = Vec<(Step, Meta)>;

/// Runs the input's commands; returns them and the stream they left.
pub fn run(steps: Input) -> (Vec<ImprovementCommand>, EventStream<Improvement>) {
    let steps = steps
        .into_iter()
        .map(|(step, meta)| Some((command(step), meta)));
    drive::<Improvement>(&(), steps, ImprovementEvent::at, |_| {})
}
