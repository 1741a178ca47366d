//! Random command sequences against the complaint decider, in a fixed shop whose
//! complaint policy (buffer, windows, reopen limit) comes from the input. Checks: see
//! the fuzz crate's docs (X2, X3, X4).

use crate::{Amount, Meta, Text, When, customer_kind, drive, pick};
use arbitrary::Arbitrary;
use chrono::{DateTime, TimeDelta, Utc};
use customer_care::complaint::{
    Complaint, ComplaintCommand, ComplaintContext, ComplaintEvent, ComplaintPolicy, ComplaintState,
    CustomerMessage, NextStep, Options, Origin, Satisfaction, Receipt, ResolutionOption, RootCause,
    Verdict,
};
use customer_care::customer::{Entitlement, Expectation, ExpectationGap};
use customer_care::empowerment::{Organisation, EmpowermentPolicy, EmpowermentPolicySpec};
use customer_care::id::{ComplaintId, StaffId};
use customer_care::money::{Currency, Money};
use customer_care::promise::PromisePolicy;
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::sla::{Priority, SlaPolicy};
use customer_care::staff::{Directory, Position, Role, StaffMember};
use customer_care::stream::EventStream;

#[derive(Debug, Arbitrary)]
pub struct Input {
    buffer: Buffer,
    confirmation_window_minutes: u32,
    reopen_window_minutes: u32,
    max_reopens: u32,
    steps: Vec<(Step, Meta)>,
}

/// The promise buffer: whole hours, as shops set it and options can keep, or any
/// number of minutes.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Buffer {
    Hours(u8),
    Minutes(u32),
}

impl Buffer {
    fn minutes(self) -> u32 {
        match self {
            Buffer::Hours(hours) => u32::from(hours) * 60,
            Buffer::Minutes(minutes) => minutes,
        }
    }
}

#[derive(Debug, Arbitrary)]
pub struct Offered {
    kind: u8,
    amount: Amount,
    description: Text,
    estimate: When,
    due: Due,
}

/// An option's promised date: minutes after its estimate, as a promise that keeps the
/// buffer needs (PR2), or any instant.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Due {
    AfterEstimate(u16),
    At(When),
}

#[derive(Debug, Arbitrary)]
pub struct Message {
    text: Text,
    action: Text,
    by: When,
}

#[derive(Debug, Arbitrary)]
pub enum Step {
    Receive {
        case: u8,
        customer: Option<u8>,
        kind: u8,
        summary: Text,
        asked: Option<(u8, Amount)>,
        asked_by: Option<When>,
        paid: Vec<(u8, Amount)>,
        follows: Option<u8>,
        priority: u8,
        at: When,
    },
    Acknowledge(u8, Message, When),
    Investigate(u8, When),
    AskCustomer(u8, Message, When),
    CustomerWrites(Text, When),
    OfferResolution(u8, Vec<Offered>, When),
    Approve(u8, When),
    DeclineApproval(u8, Text, When),
    RefuseDemand(u8, Text, Vec<Offered>, When),
    Choose(u8, When),
    DeclineOffer(Text, When),
    CloseUnanswered(u8, When),
    Deliver(u8, When),
    MarkPromiseBroken(u8, When),
    RenegotiatePromise(When, When, When),
    Close(Option<u8>, Option<u8>, When),
    Reopen(Text, When),
    Withdraw(Text, When),
    Refer(Text, When),
    Reassign(u8, Text, When),
    SendMessage(u8, Message, When),
    RecordRootCause(u8, u8, Text, When),
    FlagAbuse(u8, Vec<Text>, When),
    /// The next command a helpful clerk would send in the case as it stands, one of a
    /// few the byte picks: so that stories reach offers, approvals, choices, deliveries,
    /// closings and reopenings, not only their first steps. It carries the stream's
    /// version and no command id.
    Next(u8),
}

pub fn staff(n: u8) -> StaffId {
    StaffId::from_uuid(pick(n))
}

pub fn remedy(kind: u8, amount: Amount) -> Remedy {
    let kinds = RemedyKind::ALL;
    Remedy::new(kinds[usize::from(kind) % kinds.len()], amount.money())
}

pub fn message(message: Message) -> CustomerMessage {
    CustomerMessage {
        text: message.text.text(),
        next_step: NextStep {
            action: message.action.text(),
            by: message.by.at(),
        },
    }
}

/// The options, or `None` when they break a rule of [`Options`] (the command cannot be
/// written down, so there is nothing to send).
pub fn options(offered: Vec<Offered>) -> Option<Options> {
    offered
        .into_iter()
        .map(|o| {
            let estimate = o.estimate.at();
            let due = match o.due {
                Due::AfterEstimate(minutes) => estimate
                    .checked_add_signed(TimeDelta::minutes(i64::from(minutes)))
                    .unwrap_or(DateTime::<Utc>::MAX_UTC),
                Due::At(when) => when.at(),
            };
            ResolutionOption {
                remedy: remedy(o.kind, o.amount),
                description: o.description.text(),
                estimate,
                due,
            }
        })
        .collect::<Vec<_>>()
        .try_into()
        .ok()
}

thread_local! {
    /// The case as it stands, for [`Step::Next`].
    static CASE: std::cell::RefCell<ComplaintState> = const { std::cell::RefCell::new(ComplaintState::New) };
    /// The promise buffer in force, for [`Step::Next`]'s offers.
    static BUFFER: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

fn observe(state: &ComplaintState) {
    CASE.with(|case| *case.borrow_mut() = state.clone());
}

/// A refund of `euros` to be delivered a day after `at`, promised with the buffer.
fn refund_option(euros: u64, at: DateTime<Utc>) -> Option<Options> {
    let estimate = at.checked_add_signed(TimeDelta::days(1))?;
    let due = estimate.checked_add_signed(TimeDelta::minutes(i64::from(
        BUFFER.with(std::cell::Cell::get),
    )))?;
    vec![ResolutionOption {
        remedy: Remedy::new(RemedyKind::Refund, Money::minor(euros * 100, Currency::EUR)),
        description: format!("a refund of {euros} EUR"),
        estimate,
        due,
    }]
    .try_into()
    .ok()
}

/// [`Step::Next`]: the sensible next command in the case's state, variant `pick`.
fn next(pick: u8) -> Option<ComplaintCommand> {
    use ComplaintCommand as C;
    use ComplaintState as S;
    // Near the end of chrono's range there is no next step: nothing is sent.
    let later = |at: DateTime<Utc>, by: TimeDelta| at.checked_add_signed(by);
    let at = later(crate::latest(), TimeDelta::hours(1))?;
    let soon = later(at, TimeDelta::hours(4))?;
    let days = later(at, TimeDelta::days(3))?;
    let (ana, marta) = (staff(3), staff(1));
    let message = |text: &str| CustomerMessage {
        text: text.into(),
        next_step: NextStep {
            action: "we will call you".into(),
            by: soon,
        },
    };
    let euros = |cents: u64| Money::minor(cents * 100, Currency::EUR);
    CASE.with(|case| {
        Some(match (&*case.borrow(), pick % 4) {
            (S::New, _) => C::Receive(Receipt {
                id: ComplaintId::from_uuid(crate::pick(0)),
                customer: crate::customer(customer_kind(0), Some(pick)),
                summary: "the kettle leaks".into(),
                expectation: Expectation::new(
                    Some(Remedy::new(RemedyKind::Refund, euros(40))),
                    Some(days),
                ),
                entitlement: Entitlement::new([Remedy::new(RemedyKind::Refund, euros(40))]),
                follows: None,
                sla: SlaPolicy::default().terms(Priority::Normal),
                at,
            }),
            (S::Received { .. }, 3) => C::Withdraw {
                reason: "it works now".into(),
                at,
            },
            (S::Received { .. }, _) => C::Acknowledge {
                owner: ana,
                message: message("we are sorry; this is ours to fix"),
                at,
            },
            (S::Acknowledged(_) | S::Reopened { .. }, _) => C::Investigate { by: ana, at },
            (S::Investigating(_), 0) => C::OfferResolution {
                by: ana,
                options: refund_option(40, at)?,
                at,
            },
            // Beyond the contract: it waits for a manager.
            (S::Investigating(_), 1) => C::OfferResolution {
                by: ana,
                options: refund_option(100, at)?,
                at,
            },
            (S::Investigating(_), 2) => C::RefuseDemand {
                by: marta,
                reason: "the warranty has ended".into(),
                alternatives: refund_option(30, at)?,
                at,
            },
            (S::Investigating(_), _) => C::AskCustomer {
                by: ana,
                message: message("may we collect it on Monday?"),
                at,
            },
            (S::AwaitingCustomer(_), _) => C::CustomerWrites {
                text: "yes, Monday is fine".into(),
                at,
            },
            (S::AwaitingApproval { .. }, 0) => C::DeclineApproval {
                approver: marta,
                reason: "offer a repair first".into(),
                at,
            },
            (S::AwaitingApproval { .. }, _) => C::Approve {
                approver: marta,
                at: crate::latest(),
            },
            (S::ResolutionOffered { .. }, 0) => C::DeclineOffer {
                reason: "too little".into(),
                at,
            },
            (S::ResolutionOffered { .. }, _) => C::Choose {
                option: 0,
                at: crate::latest(),
            },
            (S::Resolving { promise, .. }, 0) => C::MarkPromiseBroken {
                by: ana,
                at: later(promise.promise()?.due(), TimeDelta::minutes(1))?,
            },
            (S::Resolving { promise, .. }, 1) => C::Deliver {
                by: ana,
                at: later(promise.promise()?.due(), TimeDelta::hours(1))?,
            },
            (S::Resolving { promise, .. }, 2) => {
                let consented_at = crate::latest();
                let estimate = later(promise.promise()?.due(), TimeDelta::days(1))?;
                C::RenegotiatePromise {
                    estimate,
                    due: estimate.checked_add_signed(TimeDelta::minutes(i64::from(
                        BUFFER.with(std::cell::Cell::get),
                    )))?,
                    consented_at,
                }
            }
            (S::Resolving { .. }, _) => C::Deliver {
                by: ana,
                at: crate::latest(),
            },
            (S::Resolved { .. } | S::Closed { .. }, 0) => C::Reopen {
                reason: "it leaks again".into(),
                at,
            },
            (S::Resolved { .. } | S::Referred { .. }, _) => C::Close {
                verdict: Verdict {
                    rating: Satisfaction::try_from(pick % 5 + 1).ok(),
                    expectation: Some(ExpectationGap::Met),
                },
                at,
            },
            (S::Closed { .. } | S::Withdrawn { .. }, _) => return None,
        })
    })
}

pub fn command(step: Step) -> Option<ComplaintCommand> {
    use ComplaintCommand as C;
    Some(match step {
        Step::Next(pick) => next(pick)?,
        Step::Receive {
            case,
            customer,
            kind,
            summary,
            asked,
            asked_by,
            paid,
            follows,
            priority,
            at,
        } => {
            let kind = customer_kind(kind);
            let priorities = [
                Priority::Low,
                Priority::Normal,
                Priority::High,
                Priority::Urgent,
            ];
            C::Receive(Receipt {
                id: ComplaintId::from_uuid(pick(case)),
                customer: crate::customer(kind, customer),
                summary: summary.text(),
                expectation: Expectation::new(
                    asked.map(|(k, a)| remedy(k, a)),
                    asked_by.map(When::at),
                ),
                entitlement: Entitlement::new(paid.into_iter().map(|(k, a)| remedy(k, a))),
                follows: follows.map(|n| ComplaintId::from_uuid(pick(n))),
                sla: SlaPolicy::default().terms(priorities[usize::from(priority) % 4]),
                at: at.at(),
            })
        }
        Step::Acknowledge(w, m, at) => C::Acknowledge {
            owner: staff(w),
            message: message(m),
            at: at.at(),
        },
        Step::Investigate(w, at) => C::Investigate {
            by: staff(w),
            at: at.at(),
        },
        Step::AskCustomer(w, m, at) => C::AskCustomer {
            by: staff(w),
            message: message(m),
            at: at.at(),
        },
        Step::CustomerWrites(text, at) => C::CustomerWrites {
            text: text.text(),
            at: at.at(),
        },
        Step::OfferResolution(w, offered, at) => C::OfferResolution {
            by: staff(w),
            options: options(offered)?,
            at: at.at(),
        },
        Step::Approve(w, at) => C::Approve {
            approver: staff(w),
            at: at.at(),
        },
        Step::DeclineApproval(w, reason, at) => C::DeclineApproval {
            approver: staff(w),
            reason: reason.text(),
            at: at.at(),
        },
        Step::RefuseDemand(w, reason, offered, at) => C::RefuseDemand {
            by: staff(w),
            reason: reason.text(),
            alternatives: options(offered)?,
            at: at.at(),
        },
        Step::Choose(option, at) => C::Choose {
            option: usize::from(option % 4),
            at: at.at(),
        },
        Step::DeclineOffer(reason, at) => C::DeclineOffer {
            reason: reason.text(),
            at: at.at(),
        },
        Step::CloseUnanswered(w, at) => C::CloseUnanswered {
            by: staff(w),
            at: at.at(),
        },
        Step::Deliver(w, at) => C::Deliver {
            by: staff(w),
            at: at.at(),
        },
        Step::MarkPromiseBroken(w, at) => C::MarkPromiseBroken {
            by: staff(w),
            at: at.at(),
        },
        Step::RenegotiatePromise(estimate, due, consented_at) => C::RenegotiatePromise {
            estimate: estimate.at(),
            due: due.at(),
            consented_at: consented_at.at(),
        },
        Step::Close(rating, gap, at) => C::Close {
            verdict: Verdict {
                rating: match rating {
                    Some(r) => Some(Satisfaction::try_from(r).ok()?),
                    None => None,
                },
                expectation: gap.map(|g| {
                    [
                        ExpectationGap::Below,
                        ExpectationGap::Met,
                        ExpectationGap::Exceeded,
                    ][usize::from(g % 3)]
                }),
            },
            at: at.at(),
        },
        Step::Reopen(reason, at) => C::Reopen {
            reason: reason.text(),
            at: at.at(),
        },
        Step::Withdraw(reason, at) => C::Withdraw {
            reason: reason.text(),
            at: at.at(),
        },
        Step::Refer(body, at) => C::Refer {
            body: body.text(),
            at: at.at(),
        },
        Step::Reassign(w, reason, at) => C::Reassign {
            to: staff(w),
            reason: reason.text(),
            at: at.at(),
        },
        Step::SendMessage(w, m, at) => C::SendMessage {
            by: staff(w),
            message: message(m),
            at: at.at(),
        },
        Step::RecordRootCause(w, origin, description, at) => {
            let description = description.text();
            C::RecordRootCause {
                by: staff(w),
                cause: RootCause {
                    origin: match origin % 4 {
                        0 => Origin::OurTeam {
                            name: description.clone(),
                        },
                        1 => Origin::Supplier {
                            name: description.clone(),
                        },
                        2 => Origin::CustomerUse,
                        _ => Origin::Unknown,
                    },
                    description,
                },
                at: at.at(),
            }
        }
        Step::FlagAbuse(w, evidence, at) => C::FlagAbuse {
            by: staff(w),
            evidence: evidence.into_iter().map(Text::text).collect(),
            at: at.at(),
        },
    })
}

/// Olga (owner) over Marta (manager) over Sofía (supervisor) over Ana and Luis
/// (frontline), with refund and credit limits in euros; ids 1 to 5 (`pick` also gives
/// 6, someone the shop does not know).
pub fn shop() -> Organisation {
    let eur = |euros: u64| Money::minor(euros * 100, Currency::EUR);
    let mut spec = EmpowermentPolicySpec::new(Currency::EUR, eur(10));
    for (role, limit) in [
        (Role::Owner, 5_000),
        (Role::Manager, 500),
        (Role::Supervisor, 150),
        (Role::Frontline, 80),
    ] {
        spec.set_limit(role, RemedyKind::Refund, eur(limit));
        spec.set_limit(role, RemedyKind::Credit, eur(limit));
    }
    let staff = Directory::try_new([
        StaffMember::new(staff(0), "Olga", Position::Owner),
        StaffMember::new(
            staff(1),
            "Marta",
            Position::Manager {
                reports_to: staff(0),
            },
        ),
        StaffMember::new(
            staff(2),
            "Sofía",
            Position::Supervisor {
                reports_to: staff(1),
            },
        ),
        StaffMember::new(
            staff(3),
            "Ana",
            Position::Frontline {
                reports_to: staff(2),
            },
        ),
        StaffMember::new(
            staff(4),
            "Luis",
            Position::Frontline {
                reports_to: staff(2),
            },
        ),
    ])
    .unwrap();
    Organisation::try_new(EmpowermentPolicy::try_from(spec).unwrap(), staff, []).unwrap()
}

/// Runs the input's commands against the shop, with the input's policy; returns the
/// commands that could be written down and the stream they left.
pub fn run(input: Input) -> (Vec<ComplaintCommand>, EventStream<Complaint>) {
    let org = shop();
    let policy = ComplaintPolicy {
        promise: PromisePolicy::new(input.buffer.minutes()),
        confirmation_window_minutes: input.confirmation_window_minutes,
        reopen_window_minutes: input.reopen_window_minutes,
        max_reopens: input.max_reopens,
    };
    let context = ComplaintContext {
        org: &org,
        policy: &policy,
    };
    observe(&ComplaintState::New);
    BUFFER.with(|buffer| buffer.set(policy.promise.buffer_minutes));
    let steps = input.steps.into_iter().map(|(step, meta)| {
        let meta = match step {
            Step::Next(_) => Meta::CURRENT,
            _ => meta,
        };
        Some((command(step)?, meta))
    });
    drive::<Complaint>(&context, steps, ComplaintEvent::at, observe)
}
