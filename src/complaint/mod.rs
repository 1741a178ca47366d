//! The complaint: the ISO 10002 flow as a typed state machine ([CO1]–[CO8], [CU4], [RE2]).
//!
//! A complaint is received with what the customer expects ([CU2]), acknowledged by a
//! named owner who takes responsibility ([CO1]), investigated, and answered with one or
//! more options for the customer to choose from ([CO3]). Options above the offerer's
//! authority wait for approval from the nearest person above who holds enough ([EM3]);
//! a demand beyond the customer's entitlement is decided by a manager ([CU4]); only a
//! manager may refuse a demand, and only while offering an alternative ([CO4]). The
//! chosen option becomes a promise with the under-promise buffer ([PR2]), run by the
//! promise's own rules ([`crate::promise`]): kept, kept early or broken when delivered,
//! marked broken after its date, or renegotiated with consent ([PR1]); every promise of a
//! case stays in its history ([`ComplaintState::promises`]). Closing records the customer's verdict ([CO8]). Within
//! a window a resolved or closed case can be reopened; after too many reopens it goes to
//! a supervisor ([CO7]). After acknowledgement the case always has an owner, and a handoff
//! says from whom, to whom and why ([CO6]). Messages to the customer cannot blame anyone;
//! the root cause is kept inside ([CO2]), and every message carries a dated next step
//! ([CO5]).
//!
//! [`Complaint`] is the [`Decider`]; its table is [`TRANSITIONS`], and this diagram is
//! drawn from it. The commands that keep the status (messages, handoffs, root causes,
//! abuse flags, the customer writing) share one loop per status:
//!
//! ```mermaid
//! stateDiagram-v2
//!     [*] --> new
//!     new --> received : receive
//!     received --> acknowledged : acknowledge
//!     acknowledged --> investigating : investigate
//!     reopened --> investigating : investigate
//!     investigating --> awaiting_customer : ask_customer
//!     awaiting_customer --> investigating : customer_writes
//!     investigating --> resolution_offered : offer_resolution, refuse_demand
//!     investigating --> awaiting_approval : offer_resolution
//!     awaiting_approval --> resolution_offered : approve
//!     awaiting_approval --> investigating : decline_approval
//!     resolution_offered --> resolving : choose
//!     resolution_offered --> investigating : decline_offer
//!     resolution_offered --> closed : close_unanswered
//!     resolving --> resolved : deliver
//!     resolving --> investigating : mark_promise_broken
//!     resolved --> closed : close
//!     referred --> closed : close
//!     resolved --> reopened : reopen
//!     closed --> reopened : reopen
//!     received --> withdrawn : withdraw
//!     acknowledged --> withdrawn : withdraw
//!     investigating --> withdrawn : withdraw
//!     awaiting_customer --> withdrawn : withdraw
//!     awaiting_approval --> withdrawn : withdraw
//!     resolution_offered --> withdrawn : withdraw
//!     resolving --> withdrawn : withdraw
//!     reopened --> withdrawn : withdraw
//!     investigating --> referred : refer
//!     resolution_offered --> referred : refer
//!     reopened --> referred : refer
//!     resolving --> resolving : renegotiate_promise, customer_writes, reassign, send_message, flag_abuse, record_root_cause
//!     received --> received : customer_writes
//!     acknowledged --> acknowledged : customer_writes, reassign, send_message, flag_abuse, record_root_cause
//!     investigating --> investigating : customer_writes, reassign, send_message, flag_abuse, record_root_cause
//!     awaiting_approval --> awaiting_approval : customer_writes, reassign, send_message, flag_abuse, record_root_cause
//!     resolution_offered --> resolution_offered : customer_writes, reassign, send_message, flag_abuse, record_root_cause
//!     resolved --> resolved : customer_writes, reassign, send_message, flag_abuse, record_root_cause
//!     reopened --> reopened : customer_writes, reassign, send_message, flag_abuse, record_root_cause
//!     referred --> referred : customer_writes, reassign, send_message, flag_abuse, record_root_cause
//!     awaiting_customer --> awaiting_customer : reassign, send_message, flag_abuse, record_root_cause
//!     closed --> closed : record_root_cause
//!     withdrawn --> [*]
//! ```
//!
//! ```
//! # use customer_care::complaint::*;
//! # use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation};
//! # use customer_care::empowerment::{Organisation, EmpowermentPolicy, EmpowermentPolicySpec};
//! # use customer_care::id::{ComplaintId, StaffId};
//! # use customer_care::sla::{Priority, SlaPolicy};
//! # use customer_care::money::{Currency, Money};
//! # use customer_care::remedy::{Remedy, RemedyKind};
//! # use customer_care::staff::{Directory, Position, Role, StaffMember};
//! # use customer_care::stream::{CommandMeta, EventStream};
//! # use chrono::{Duration, TimeZone, Utc};
//! # use uuid::Uuid;
//! let eur = |cents| Money::minor(cents, Currency::EUR);
//! let (olga, ana) = (StaffId::from_uuid(Uuid::from_u128(1)), StaffId::from_uuid(Uuid::from_u128(2)));
//! let mut spec = EmpowermentPolicySpec::new(Currency::EUR, eur(500));
//! spec.set_limit(Role::Owner, RemedyKind::Refund, eur(100_000));
//! spec.set_limit(Role::Frontline, RemedyKind::Refund, eur(5_000));
//! let org = Organisation::try_new(
//!     EmpowermentPolicy::try_from(spec)?,
//!     Directory::try_new([
//!         StaffMember::new(olga, "Olga", Position::Owner),
//!         StaffMember::new(ana, "Ana", Position::Frontline { reports_to: olga }),
//!     ])?,
//!     [],
//! )?;
//! let policy = ComplaintPolicy::default();
//! let context = ComplaintContext { org: &org, policy: &policy };
//! let t0 = Utc.with_ymd_and_hms(2026, 4, 6, 10, 0, 0).unwrap();
//! let at = |hours| t0 + Duration::hours(hours);
//! let message = |text: &str, by| CustomerMessage {
//!     text: text.into(),
//!     next_step: NextStep { action: "we call you".into(), by },
//! };
//!
//! let mut case = EventStream::<Complaint>::new();
//! let mut run = |command| case.execute_with(command, &context, CommandMeta::NONE).map(|_| ());
//! run(ComplaintCommand::Receive(Receipt {
//!     id: ComplaintId::from_uuid(Uuid::from_u128(10)),
//!     customer: Customer::anonymous(CustomerKind::External),
//!     summary: "the blender arrived broken".into(),
//!     expectation: Expectation::new(None, None),
//!     entitlement: Entitlement::new([Remedy::new(RemedyKind::Refund, eur(4_000))]),
//!     follows: None,
//!     sla: SlaPolicy::default().terms(Priority::Normal),
//!     at: at(0),
//! }))?;
//! run(ComplaintCommand::Acknowledge { owner: ana, message: message("Sorry: it is on us to fix this.", at(4)), at: at(1) })?;
//! run(ComplaintCommand::Investigate { by: ana, at: at(2) })?;
//! let refund = ResolutionOption {
//!     remedy: Remedy::new(RemedyKind::Refund, eur(4_000)),
//!     description: "a full refund to your card".into(),
//!     estimate: at(24),
//!     due: at(48),
//! };
//! run(ComplaintCommand::OfferResolution { by: ana, options: vec![refund].try_into()?, at: at(3) })?;
//! run(ComplaintCommand::Choose { option: 0, at: at(5) })?;
//! run(ComplaintCommand::Deliver { by: ana, at: at(20) })?;
//! assert!(case.state().recovery().is_complete()); // owned, no blame, chosen, kept (RE2)
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # JSON
//! Commands and events are internally tagged by `type` in `snake_case`
//! (`{"type": "choose", "option": 0, "at": "…"}`); `tests/snapshots/complaint_events.json`
//! holds one event of every kind. The state serialises, tagged by `status`, for
//! inspection only: a complaint is loaded by replaying its events ([X4]).
//!
//! [X4]: crate::requirements#X4
//! [CU2]: crate::requirements#CU2
//! [CU4]: crate::requirements#CU4
//! [EM3]: crate::requirements#EM3
//! [CO1]: crate::requirements#CO1
//! [CO2]: crate::requirements#CO2
//! [CO3]: crate::requirements#CO3
//! [CO4]: crate::requirements#CO4
//! [CO5]: crate::requirements#CO5
//! [CO6]: crate::requirements#CO6
//! [CO7]: crate::requirements#CO7
//! [CO8]: crate::requirements#CO8
//! [RE2]: crate::requirements#RE2
//! [PR1]: crate::requirements#PR1
//! [PR2]: crate::requirements#PR2

mod command;
mod error;
mod event;
mod message;
mod state;
mod table;

pub(crate) use state::blamed;

pub use command::{ComplaintCommand, ComplaintCommandKind, Options, Receipt};
pub use error::ComplaintError;
pub use event::ComplaintEvent;
pub use message::{CustomerMessage, NextStep, Origin, RootCause};
pub use state::{
    Case, Closing, ComplaintState, ComplaintStatus, Granted, Offer, Owned, Recovery, Resolution,
    ResolutionOption, Satisfaction, Verdict,
};
pub use table::TRANSITIONS;

use crate::empowerment::{EmpowermentError, GrantRequest, Organisation};
use crate::id::StaffId;
use crate::machine::{Machine, OutOfTurn};
use crate::money::MoneyError;
use crate::promise::{Promise, PromiseCommand, PromisePolicy, PromiseState, PromiseTerms, Step};
use crate::remedy::Remedy;
use crate::sla::Targets;
use crate::staff::{Role, StaffMember};
use crate::stream::Decider;
use crate::text::{Blank, not_blank};
use chrono::{DateTime, TimeDelta, Utc};

/// The complaint-handling policy: the promise buffer and the windows (PR2, CO3, CO7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ComplaintPolicy {
    /// The buffer between estimate and promised date (PR2).
    pub promise: PromisePolicy,
    /// How long an unanswered offer stays open before staff may close it (CO3).
    pub confirmation_window_minutes: u32,
    /// How long after resolution or closing the case may be reopened (CO7).
    pub reopen_window_minutes: u32,
    /// Reopens beyond this number send the case to a supervisor (CO7).
    pub max_reopens: u32,
}

impl Default for ComplaintPolicy {
    /// A day of buffer, a week to answer an offer, two weeks to reopen, two reopens.
    fn default() -> Self {
        Self {
            promise: PromisePolicy::new(24 * 60),
            confirmation_window_minutes: 7 * 24 * 60,
            reopen_window_minutes: 14 * 24 * 60,
            max_reopens: 2,
        }
    }
}

/// What the complaint rules need from outside, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct ComplaintContext<'a> {
    /// Staff, limits, delegations and training ([EM1]–[EM5]).
    ///
    /// [EM1]: crate::requirements#EM1
    /// [EM5]: crate::requirements#EM5
    pub org: &'a Organisation,
    /// Promise buffer and windows.
    pub policy: &'a ComplaintPolicy,
}

impl<'a> ComplaintContext<'a> {
    /// The organisation and the complaint policy a complaint is decided under.
    pub const fn new(org: &'a Organisation, policy: &'a ComplaintPolicy) -> Self {
        Self { org, policy }
    }
}

/// The complaint lifecycle as a [`Decider`].
#[derive(Debug, Clone, Copy)]
pub struct Complaint;

impl ComplaintCommand {
    /// When the command happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            ComplaintCommand::RenegotiatePromise { consented_at, .. } => *consented_at,
            ComplaintCommand::Receive(receipt) => receipt.at,
            ComplaintCommand::Acknowledge { at, .. }
            | ComplaintCommand::Investigate { at, .. }
            | ComplaintCommand::AskCustomer { at, .. }
            | ComplaintCommand::CustomerWrites { at, .. }
            | ComplaintCommand::OfferResolution { at, .. }
            | ComplaintCommand::Approve { at, .. }
            | ComplaintCommand::DeclineApproval { at, .. }
            | ComplaintCommand::RefuseDemand { at, .. }
            | ComplaintCommand::Choose { at, .. }
            | ComplaintCommand::DeclineOffer { at, .. }
            | ComplaintCommand::CloseUnanswered { at, .. }
            | ComplaintCommand::Deliver { at, .. }
            | ComplaintCommand::MarkPromiseBroken { at, .. }
            | ComplaintCommand::Close { at, .. }
            | ComplaintCommand::Reopen { at, .. }
            | ComplaintCommand::Withdraw { at, .. }
            | ComplaintCommand::Refer { at, .. }
            | ComplaintCommand::Reassign { at, .. }
            | ComplaintCommand::SendMessage { at, .. }
            | ComplaintCommand::RecordRootCause { at, .. }
            | ComplaintCommand::FlagAbuse { at, .. } => *at,
        }
    }
}

impl From<Blank> for ComplaintError {
    fn from(Blank(field): Blank) -> Self {
        ComplaintError::Blank { field }
    }
}

/// [CO5]: words, and a next step dated no earlier than the message.
///
/// [CO5]: crate::requirements#CO5
fn check_message(message: &CustomerMessage, at: DateTime<Utc>) -> Result<(), ComplaintError> {
    not_blank(&message.text, "message")?;
    not_blank(&message.next_step.action, "next step")?;
    if message.next_step.by < at {
        return Err(ComplaintError::NextStepInThePast {
            by: message.next_step.by,
            at,
        });
    }
    Ok(())
}

fn window_end(from: DateTime<Utc>, minutes: u32) -> DateTime<Utc> {
    from.checked_add_signed(TimeDelta::minutes(i64::from(minutes)))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

/// What an option needs before it may go to the customer ([EM3], [CU4]).
///
/// [CU4]: crate::requirements#CU4
/// [EM3]: crate::requirements#EM3
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Need {
    /// Above the offerer's own authority or training: someone above must approve.
    approval: bool,
    /// Beyond the entitlement, offered below a manager: the approver must be a manager.
    manager: bool,
}

impl Need {
    fn any(self) -> bool {
        self.approval || self.manager
    }
}

struct Rules<'c, 'a> {
    context: &'c ComplaintContext<'a>,
}

impl Rules<'_, '_> {
    fn member(&self, id: StaffId) -> Result<&StaffMember, ComplaintError> {
        self.context
            .org
            .staff()
            .get(id)
            .ok_or(ComplaintError::Empowerment(
                EmpowermentError::UnknownStaff { id },
            ))
    }

    /// [CO2]: no text for the customer names a party the organisation never blames.
    ///
    /// [CO2]: crate::requirements#CO2
    fn no_blame(&self, event: &ComplaintEvent) -> Result<(), ComplaintError> {
        blames(event, self.context.org.never_blamed())
    }

    /// [X6]: a receipt's amounts are in the organisation's currency, so that every later
    /// offer can be weighed against them.
    ///
    /// [X6]: crate::requirements#X6
    fn in_policy_currency(&self, receipt: &Receipt) -> Result<(), ComplaintError> {
        let expected = self.context.org.policy().currency();
        let amounts = receipt
            .entitlement
            .remedies()
            .chain(receipt.expectation.asked)
            .map(|remedy| remedy.value);
        for found in amounts {
            if found.currency() != expected {
                return Err(EmpowermentError::WrongCurrency { expected, found }.into());
            }
        }
        Ok(())
    }

    fn request(&self, case: &Case, actor: StaffId, option: &ResolutionOption) -> GrantRequest {
        GrantRequest {
            case: case.id,
            actor,
            remedy: option.remedy,
            already_granted: case.granted.total(option.remedy.kind),
        }
    }

    /// [PR2] for an option's dates, offered at `at`: the buffer after the estimate.
    ///
    /// [PR2]: crate::requirements#PR2
    fn check_terms(
        &self,
        option: &ResolutionOption,
        at: DateTime<Utc>,
    ) -> Result<(), ComplaintError> {
        self.context.policy.promise.check_terms(
            &option.description,
            at,
            option.estimate,
            option.due,
        )?;
        Ok(())
    }

    /// What an option needs to be offered by `by` at `at` ([EM3], [CU4]).
    ///
    /// [CU4]: crate::requirements#CU4
    /// [EM3]: crate::requirements#EM3
    fn need(
        &self,
        case: &Case,
        by: StaffId,
        option: &ResolutionOption,
        at: DateTime<Utc>,
    ) -> Result<Need, ComplaintError> {
        let approval = match self
            .context
            .org
            .authorize(&self.request(case, by, option), None, at)
        {
            Ok(_) => false,
            Err(
                EmpowermentError::AuthorityExceeded { .. }
                | EmpowermentError::TrainingRequired { .. },
            ) => true,
            Err(other) => return Err(other.into()),
        };
        // CU4: the contract counts what the case already received of the kind.
        let margin = self.context.org.policy().goodwill_threshold();
        let total = match case.granted.total(option.remedy.kind) {
            Some(before) => before.checked_add(option.remedy.value)?,
            None => option.remedy.value,
        };
        let beyond = !case
            .entitlement
            .covers(&Remedy::new(option.remedy.kind, total), margin)?;
        Ok(Need {
            approval,
            manager: beyond && self.member(by)?.role() < Role::Manager,
        })
    }

    /// Whether `approver` may approve `option`, offered by `by`, with its `need`.
    fn approve(
        &self,
        case: &Case,
        by: StaffId,
        approver: StaffId,
        option: &ResolutionOption,
        need: Need,
        at: DateTime<Utc>,
    ) -> Result<(), ComplaintError> {
        self.context
            .org
            .approve(approver, &self.request(case, by, option), at)?;
        let role = self.member(approver)?.role();
        if need.manager && role < Role::Manager {
            return Err(ComplaintError::ManagerRequired { approver, role });
        }
        Ok(())
    }

    /// Checks every option and answers who must approve the offer, if anyone.
    fn clear_offer(
        &self,
        case: &Case,
        by: StaffId,
        options: &Options,
        at: DateTime<Utc>,
    ) -> Result<Option<StaffId>, ComplaintError> {
        let mut needed = false;
        for option in options.as_slice() {
            self.check_terms(option, at)?;
            needed |= self.need(case, by, option, at)?.any();
        }
        if !needed {
            return Ok(None);
        }
        self.context
            .org
            .staff()
            .line_above(by)
            .find(|above| {
                self.approve_all(case, by, above.id, options.as_slice(), at)
                    .is_ok()
            })
            .map(|above| Some(above.id))
            .ok_or(ComplaintError::NoOneCanApprove { by })
    }

    /// [CU4], [EM3]: who may decide an offer waiting for approval, to approve it or to
    /// decline it: someone on the staff, above the offerer, who holds enough for every
    /// option that needs it and is a manager when an option goes beyond the contract.
    ///
    /// [CU4]: crate::requirements#CU4
    /// [EM3]: crate::requirements#EM3
    fn decide_offer(
        &self,
        case: &Case,
        offer: &Offer,
        approver: StaffId,
        at: DateTime<Utc>,
    ) -> Result<(), ComplaintError> {
        self.member(approver)?;
        if !self.context.org.staff().is_above(approver, offer.made_by) {
            return Err(EmpowermentError::ApproverNotAbove {
                approver,
                actor: offer.made_by,
            }
            .into());
        }
        self.approve_all(case, offer.made_by, approver, &offer.options, at)
    }

    fn approve_all(
        &self,
        case: &Case,
        by: StaffId,
        approver: StaffId,
        options: &[ResolutionOption],
        at: DateTime<Utc>,
    ) -> Result<(), ComplaintError> {
        for option in options {
            let need = self.need(case, by, option, at)?;
            if need.any() {
                self.approve(case, by, approver, option, need, at)?;
            }
        }
        Ok(())
    }
}

impl Decider for Complaint {
    type State = ComplaintState;
    type Command = ComplaintCommand;
    type Event = ComplaintEvent;
    type Error = ComplaintError;
    type Context<'a> = ComplaintContext<'a>;

    fn initial() -> ComplaintState {
        ComplaintState::New
    }

    /// The rules that need the organisation and the policy, then [`Complaint::admit`] on
    /// the event they yield, so the rules that need neither are written once.
    fn decide(
        state: &ComplaintState,
        command: ComplaintCommand,
        context: &ComplaintContext<'_>,
    ) -> Result<ComplaintEvent, ComplaintError> {
        use ComplaintCommand as C;
        use ComplaintEvent as E;
        use ComplaintState as S;
        let rules = Rules { context };
        Self::in_turn(state, Self::command_turn(&command))?;
        let (status, kind) = (state.status(), command.kind());
        let event = match (state, command) {
            (_, C::Receive(receipt)) => {
                rules.in_policy_currency(&receipt)?;
                E::Received(receipt)
            }
            (_, C::Acknowledge { owner, message, at }) => {
                rules.member(owner)?;
                E::Acknowledged { owner, message, at }
            }
            (_, C::Investigate { by, at }) => {
                rules.member(by)?;
                E::InvestigationStarted { by, at }
            }
            (_, C::AskCustomer { by, message, at }) => {
                rules.member(by)?;
                E::CustomerAsked { by, message, at }
            }
            (_, C::CustomerWrites { text, at }) => E::CustomerWrote { text, at },
            (S::Investigating(owned), C::OfferResolution { by, options, at }) => {
                match rules.clear_offer(&owned.case, by, &options, at)? {
                    None => E::ResolutionOffered { by, options, at },
                    Some(escalated_to) => E::ApprovalRequested {
                        by,
                        options,
                        escalated_to,
                        at,
                    },
                }
            }
            (S::AwaitingApproval { owned, offer, .. }, C::Approve { approver, at }) => {
                offer_current(offer, at)?;
                rules.decide_offer(&owned.case, offer, approver, at)?;
                E::OfferApproved { approver, at }
            }
            (
                S::AwaitingApproval { owned, offer, .. },
                C::DeclineApproval {
                    approver,
                    reason,
                    at,
                },
            ) => {
                // CU4: whoever decides the offer, either way, is someone who could
                // approve it.
                rules.decide_offer(&owned.case, offer, approver, at)?;
                E::ApprovalDeclined {
                    approver,
                    reason,
                    at,
                }
            }
            (
                S::Investigating(owned),
                C::RefuseDemand {
                    by,
                    reason,
                    alternatives,
                    at,
                },
            ) => {
                let role = rules.member(by)?.role();
                if role < Role::Manager {
                    return Err(ComplaintError::RefusalNeedsManager { role });
                }
                // The refusing manager's alternatives must be within their own authority.
                for option in alternatives.as_slice() {
                    rules.check_terms(option, at)?;
                    if rules.need(&owned.case, by, option, at)?.approval {
                        let request = rules.request(&owned.case, by, option);
                        context.org.authorize(&request, None, at)?;
                    }
                }
                E::DemandRefused {
                    by,
                    reason,
                    alternatives,
                    at,
                }
            }
            (_, C::Choose { option, at }) => E::OptionChosen { option, at },
            (_, C::DeclineOffer { reason, at }) => E::OfferDeclined { reason, at },
            (S::ResolutionOffered { offer, .. }, C::CloseUnanswered { by, at }) => {
                rules.member(by)?;
                let until =
                    window_end(offer.offered_at, context.policy.confirmation_window_minutes);
                if at < until {
                    return Err(ComplaintError::ConfirmationWindowOpen { until });
                }
                E::ClosedUnanswered { by, at }
            }
            (S::Resolving { promise, .. }, C::Deliver { by, at }) => {
                rules.member(by)?;
                let deliver = PromiseCommand::Deliver { at };
                keep(promise, deliver, by, &context.policy.promise)?
            }
            (S::Resolving { promise, .. }, C::MarkPromiseBroken { by, at }) => {
                rules.member(by)?;
                let mark = PromiseCommand::MarkBroken { at };
                keep(promise, mark, by, &context.policy.promise)?
            }
            (
                S::Resolving { owned, promise, .. },
                C::RenegotiatePromise {
                    estimate,
                    due,
                    consented_at,
                },
            ) => {
                let renegotiate = PromiseCommand::Renegotiate {
                    estimate,
                    due,
                    consented_at,
                };
                keep(promise, renegotiate, owned.owner, &context.policy.promise)?
            }
            (_, C::Close { verdict, at }) => E::Closed { verdict, at },
            (S::Resolved { owned, resolution }, C::Reopen { reason, at }) => {
                reopen(context, owned, resolution.delivered_at, reason, at)?
            }
            (
                S::Closed {
                    owned, closed_at, ..
                },
                C::Reopen { reason, at },
            ) => reopen(context, owned, *closed_at, reason, at)?,
            (_, C::Withdraw { reason, at }) => E::Withdrawn { reason, at },
            (_, C::Refer { body, at }) => E::Referred { body, at },
            (state, C::Reassign { to, reason, at }) => {
                rules.member(to)?;
                let from = state.owner().ok_or(ComplaintError::NotAllowed {
                    state: status,
                    command: kind,
                })?;
                E::Reassigned {
                    from,
                    to,
                    reason,
                    at,
                }
            }
            (_, C::SendMessage { by, message, at }) => {
                rules.member(by)?;
                E::MessageSent { by, message, at }
            }
            (_, C::RecordRootCause { by, cause, at }) => {
                rules.member(by)?;
                E::RootCauseRecorded { by, cause, at }
            }
            (_, C::FlagAbuse { by, evidence, at }) => {
                rules.member(by)?;
                E::AbuseFlagged { by, evidence, at }
            }
            (_, _) => {
                return Err(ComplaintError::NotAllowed {
                    state: status,
                    command: kind,
                });
            }
        };
        rules.no_blame(&event)?;
        Self::admit(state, &event)?;
        Ok(event)
    }

    /// An event that does not fit the state leaves it as it was ([`Machine::fits`]).
    fn evolve(state: ComplaintState, event: &ComplaintEvent) -> ComplaintState {
        if !Self::fits(&state, event) {
            return state;
        }
        let mut next = transition(state, event);
        if let Some(case) = next.case_mut() {
            case.last_at = event.at();
            case.told.extend(event.customer_texts().map(str::to_owned));
        }
        next
    }

    fn command_of(event: &ComplaintEvent) -> ComplaintCommand {
        event.command()
    }

    /// The rules that need neither the organisation nor the policy ([X3]): the event fits
    /// the state ([`TRANSITIONS`]) and is no earlier than the case's latest event; the
    /// texts are not blank ([CO5], [CO4], [CU4]); a message's next step is not in the past
    /// ([CO5]); options keep their dates in order and the case's currency ([PR2], [X6]); an
    /// approval comes before any option's estimate; a choice names an offered option
    /// before its promised date ([CO3], [PR1]); a delivery's outcome is late exactly when
    /// it is after the promised date ([PR1]); a broken promise was due ([PR1]); a
    /// renegotiation comes before the due date with dates in order ([PR1]); a handoff is
    /// from the owner to someone else ([CO6]); an abuse flag carries evidence ([CU4]).
    ///
    /// [X3]: crate::requirements#X3
    /// [X6]: crate::requirements#X6
    /// [CU4]: crate::requirements#CU4
    /// [CO3]: crate::requirements#CO3
    /// [CO4]: crate::requirements#CO4
    /// [CO5]: crate::requirements#CO5
    /// [CO6]: crate::requirements#CO6
    /// [PR1]: crate::requirements#PR1
    /// [PR2]: crate::requirements#PR2
    fn admit(state: &ComplaintState, event: &ComplaintEvent) -> Result<(), ComplaintError> {
        use ComplaintEvent as E;
        use ComplaintState as S;
        Self::in_turn(state, Self::event_turn(event))?;
        let not_allowed = ComplaintError::NotAllowed {
            state: state.status(),
            command: event.command_kind(),
        };
        // CO2: once the root cause is known, no text points at it.
        if let Some(party) = state
            .case()
            .and_then(|case| case.root_cause.as_ref()?.origin.party())
        {
            blames(event, &[party])?;
        }
        match (state, event) {
            (_, E::Received(receipt)) => {
                not_blank(&receipt.summary, "summary")?;
                receipt.currency()?;
                // X2: no SLA target above the most JSON loads, however it was made.
                if let Some(minutes) = receipt.sla.targets.longest_minutes() {
                    if minutes > Targets::MAX_MINUTES {
                        return Err(ComplaintError::TargetTooLong { minutes });
                    }
                }
            }
            (
                _,
                E::Acknowledged { message, at, .. }
                | E::CustomerAsked { message, at, .. }
                | E::MessageSent { message, at, .. },
            ) => check_message(message, *at)?,
            (_, E::CustomerWrote { text, .. }) => not_blank(text, "customer's text")?,
            (
                S::Investigating(owned),
                E::ResolutionOffered { options, at, .. } | E::ApprovalRequested { options, at, .. },
            ) => check_options(&owned.case, options, *at)?,
            (S::AwaitingApproval { offer, .. }, E::OfferApproved { at, .. }) => {
                offer_current(offer, *at)?;
            }
            (
                _,
                E::ApprovalDeclined { reason, .. }
                | E::OfferDeclined { reason, .. }
                | E::Reopened { reason, .. },
            ) => not_blank(reason, "reason")?,
            (
                S::Investigating(owned),
                E::DemandRefused {
                    reason,
                    alternatives,
                    at,
                    ..
                },
            ) => {
                not_blank(reason, "reason")?;
                check_options(&owned.case, alternatives, *at)?;
            }
            (S::ResolutionOffered { offer, .. }, E::OptionChosen { option, at }) => {
                let Some(chosen) = offer.options.get(*option) else {
                    return Err(ComplaintError::NoSuchOption {
                        option: *option,
                        offered: offer.options.len(),
                    });
                };
                // PR1: a choice after the promised date would make a promise broken as
                // it is made.
                if *at > chosen.due {
                    return Err(ComplaintError::OptionExpired {
                        option: *option,
                        due: chosen.due,
                        at: *at,
                    });
                }
            }
            (
                S::Resolving {
                    owned,
                    remedy,
                    promise,
                },
                E::Delivered { .. },
            ) => {
                promise_step(event).ok_or(not_allowed)?.admit(promise)?;
                owned.case.granted.with(*remedy)?;
            }
            (
                S::Resolving { promise, .. },
                E::PromiseBroken { .. } | E::PromiseRenegotiated { .. },
            ) => {
                promise_step(event).ok_or(not_allowed)?.admit(promise)?;
            }
            (_, E::Referred { body, .. }) => not_blank(body, "referral body")?,
            (
                state,
                E::Reassigned {
                    from, to, reason, ..
                },
            ) => {
                let owner = state.owner().ok_or(not_allowed)?;
                if *from != owner {
                    return Err(ComplaintError::NotTheOwner {
                        named: *from,
                        owner,
                    });
                }
                if from == to {
                    return Err(ComplaintError::AlreadyOwner { owner: *to });
                }
                not_blank(reason, "reason")?;
            }
            (_, E::RootCauseRecorded { cause, .. }) => {
                not_blank(&cause.description, "root cause")?;
            }
            (_, E::AbuseFlagged { evidence, .. }) => {
                if !crate::text::is_evidence(evidence) {
                    return Err(ComplaintError::EvidenceRequired);
                }
            }
            (
                _,
                E::InvestigationStarted { .. }
                | E::ClosedUnanswered { .. }
                | E::Closed { .. }
                | E::Withdrawn { .. },
            ) => {}
            // The table admitted the kind, and every kind with a state of its own is
            // matched above with that state: nothing else can reach here.
            (_, _) => return Err(not_allowed),
        }
        Ok(())
    }
}

/// The complaint's table is [`TRANSITIONS`]; a command or an event is in time when it
/// is no earlier than the case's latest event ([X4], [X5]).
///
/// [X4]: crate::requirements#X4
/// [X5]: crate::requirements#X5
impl Machine for Complaint {
    type Status = ComplaintStatus;
    type Kind = ComplaintCommandKind;
    const TRANSITIONS: &'static [crate::diagram::Transition<
        ComplaintStatus,
        ComplaintCommandKind,
    >] = TRANSITIONS;

    fn status(state: &ComplaintState) -> ComplaintStatus {
        state.status()
    }

    fn latest(state: &ComplaintState) -> Option<DateTime<Utc>> {
        state.case().map(|case| case.last_at)
    }

    fn command_turn(command: &ComplaintCommand) -> (ComplaintCommandKind, DateTime<Utc>) {
        (command.kind(), command.at())
    }

    fn event_turn(event: &ComplaintEvent) -> (ComplaintCommandKind, DateTime<Utc>) {
        (event.command_kind(), event.at())
    }

    fn out_of_turn(refusal: OutOfTurn<ComplaintStatus, ComplaintCommandKind>) -> ComplaintError {
        match refusal {
            OutOfTurn::NotAllowed { state, command } => {
                ComplaintError::NotAllowed { state, command }
            }
            OutOfTurn::BeforeLatest { at, latest } => ComplaintError::BeforeLatest { at, latest },
        }
    }
}

/// [CO2]: the first of `parties` a customer-facing text of `event` names.
///
/// [CO2]: crate::requirements#CO2
fn blames(event: &ComplaintEvent, parties: &[impl AsRef<str>]) -> Result<(), ComplaintError> {
    for text in event.customer_texts() {
        let named = parties.iter().map(AsRef::as_ref);
        if let Some(party) = named
            .into_iter()
            .find(|party| crate::text::names(text, party))
        {
            return Err(ComplaintError::BlamesThirdParty {
                party: party.to_owned(),
            });
        }
    }
    Ok(())
}

/// An offer may be approved only while every option can still be delivered by its
/// estimate.
fn offer_current(offer: &Offer, at: DateTime<Utc>) -> Result<(), ComplaintError> {
    match offer.options.iter().map(|o| o.estimate).min() {
        Some(estimate) if estimate < at => Err(ComplaintError::OfferOutdated { estimate, at }),
        _ => Ok(()),
    }
}

/// [PR2]'s shape for every option (a description, made ≤ estimate ≤ due), and [X6]: every
/// option in the case's currency.
///
/// [X6]: crate::requirements#X6
/// [PR2]: crate::requirements#PR2
fn check_options(case: &Case, options: &Options, at: DateTime<Utc>) -> Result<(), ComplaintError> {
    for option in options.as_slice() {
        crate::promise::check_shape(&option.description, at, option.estimate, option.due)?;
        let found = option.remedy.value.currency();
        if let Some(currency) = case.currency() {
            if found != currency {
                return Err(MoneyError::CurrencyMismatch {
                    left: currency,
                    right: found,
                }
                .into());
            }
        }
    }
    Ok(())
}

/// [CO7]: within the window, reopen; past the policy's number of reopens, hand the case
/// to the nearest supervisor (or more senior) above the owner.
///
/// [CO7]: crate::requirements#CO7
fn reopen(
    context: &ComplaintContext<'_>,
    owned: &Owned,
    from: DateTime<Utc>,
    reason: String,
    at: DateTime<Utc>,
) -> Result<ComplaintEvent, ComplaintError> {
    let until = window_end(from, context.policy.reopen_window_minutes);
    if at > until {
        return Err(ComplaintError::ReopenWindowClosed { until });
    }
    not_blank(&reason, "reason")?;
    let escalated_to = (owned.case.reopened >= context.policy.max_reopens)
        .then(|| {
            context
                .org
                .staff()
                .line_above(owned.owner)
                .find(|above| above.role() >= Role::Supervisor)
                .map(|above| above.id)
        })
        .flatten();
    Ok(ComplaintEvent::Reopened {
        reason,
        escalated_to,
        at,
    })
}

fn offer(made_by: StaffId, options: &Options, at: DateTime<Utc>) -> Offer {
    Offer {
        options: options.as_slice().to_vec(),
        made_by,
        offered_at: at,
        refusal: None,
        approved_by: None,
    }
}

/// The fold: trusts the event, runs no rule ([X4]). An event that does not fit the state
/// (a foreign history) leaves the state as it was.
/// What the promise decider decides for a case's open promise, recorded as the
/// complaint's own event; `by` is who delivers it or marks it broken ([PR1]). The rules
/// of an open promise live in [`crate::promise`] alone: the complaint wraps its moves.
///
/// [X4]: crate::requirements#X4
/// [PR1]: crate::requirements#PR1
fn keep(
    promise: &PromiseState,
    command: PromiseCommand,
    by: StaffId,
    policy: &PromisePolicy,
) -> Result<ComplaintEvent, ComplaintError> {
    use ComplaintEvent as E;
    Ok(match Step::decide(promise, command, policy)? {
        Step::Deliver { at, outcome } => E::Delivered { by, outcome, at },
        Step::MarkBroken { at } => E::PromiseBroken { by, at },
        Step::Renegotiate {
            made_at,
            estimate,
            due,
        } => E::PromiseRenegotiated {
            estimate,
            due,
            at: made_at,
        },
    })
}

/// The move of the case's promise a complaint event records: a delivery, a promise
/// marked broken, or new dates agreed ([PR1]); `None` for any other event.
///
/// [PR1]: crate::requirements#PR1
fn promise_step(event: &ComplaintEvent) -> Option<Step> {
    use ComplaintEvent as E;
    Some(match event {
        E::Delivered { outcome, at, .. } => Step::Deliver {
            at: *at,
            outcome: *outcome,
        },
        E::PromiseBroken { at, .. } => Step::MarkBroken { at: *at },
        E::PromiseRenegotiated { estimate, due, at } => Step::Renegotiate {
            made_at: *at,
            estimate: *estimate,
            due: *due,
        },
        _ => return None,
    })
}

/// The case's promise after the move `event` records.
fn promise_evolved(promise: PromiseState, event: &ComplaintEvent) -> PromiseState {
    match promise_step(event) {
        Some(step) => step.evolve(promise),
        None => promise,
    }
}

fn transition(state: ComplaintState, event: &ComplaintEvent) -> ComplaintState {
    use ComplaintEvent as E;
    use ComplaintState as S;
    match (state, event) {
        (S::New, E::Received(receipt)) => S::Received {
            case: Box::new(Case {
                id: receipt.id,
                customer: receipt.customer,
                summary: receipt.summary.clone(),
                expectation: receipt.expectation,
                entitlement: receipt.entitlement.clone(),
                received_at: receipt.at,
                follows: receipt.follows,
                last_at: receipt.at,
                granted: Granted::default(),
                reopened: 0,
                root_cause: None,
                abuse_evidence: Vec::new(),
                told: Vec::new(),
                promises: Vec::new(),
            }),
        },
        (S::Received { case }, E::Acknowledged { owner, .. }) => S::Acknowledged(Owned {
            case,
            owner: *owner,
        }),
        (S::Acknowledged(owned) | S::Reopened { owned, .. }, E::InvestigationStarted { .. }) => {
            S::Investigating(owned)
        }
        (S::Investigating(owned), E::CustomerAsked { .. }) => S::AwaitingCustomer(owned),
        (S::AwaitingCustomer(owned), E::CustomerWrote { .. }) => S::Investigating(owned),
        (S::Investigating(owned), E::ResolutionOffered { by, options, at }) => {
            S::ResolutionOffered {
                owned,
                offer: offer(*by, options, *at),
            }
        }
        (
            S::Investigating(owned),
            E::ApprovalRequested {
                by,
                options,
                escalated_to,
                at,
            },
        ) => S::AwaitingApproval {
            owned,
            offer: offer(*by, options, *at),
            escalated_to: *escalated_to,
        },
        (S::AwaitingApproval { owned, offer, .. }, E::OfferApproved { approver, at }) => {
            S::ResolutionOffered {
                owned,
                offer: Offer {
                    approved_by: Some(*approver),
                    offered_at: *at,
                    ..offer
                },
            }
        }
        (S::AwaitingApproval { owned, .. }, E::ApprovalDeclined { .. }) => S::Investigating(owned),
        (
            S::Investigating(owned),
            E::DemandRefused {
                by,
                reason,
                alternatives,
                at,
            },
        ) => S::ResolutionOffered {
            owned,
            offer: Offer {
                refusal: Some(reason.clone()),
                ..offer(*by, alternatives, *at)
            },
        },
        (S::ResolutionOffered { owned, offer }, E::OptionChosen { option, .. })
            if *option < offer.options.len() =>
        {
            let Offer {
                mut options,
                made_by,
                offered_at,
                ..
            } = offer;
            let chosen = options.swap_remove(*option);
            let promise = Promise::from_checked(PromiseTerms {
                made_by,
                to: owned.case.customer,
                what: chosen.description,
                made_at: offered_at,
                estimate: chosen.estimate,
                due: chosen.due,
            });
            S::Resolving {
                owned,
                remedy: chosen.remedy,
                promise: PromiseState::opened(promise),
            }
        }
        (S::ResolutionOffered { owned, .. }, E::OfferDeclined { .. }) => S::Investigating(owned),
        (S::ResolutionOffered { owned, offer }, E::ClosedUnanswered { at, .. }) => S::Closed {
            owned,
            closing: Closing::Unanswered { offer },
            closed_at: *at,
        },
        (
            S::Resolving {
                mut owned,
                remedy,
                promise: PromiseState::Open { promise, .. },
            },
            E::Delivered { outcome, at, .. },
        ) => {
            owned.case.granted.add(remedy);
            S::Resolved {
                owned,
                resolution: Resolution {
                    remedy,
                    promise,
                    delivered_at: *at,
                    outcome: *outcome,
                },
            }
        }
        (
            S::Resolving {
                mut owned, promise, ..
            },
            E::PromiseBroken { .. },
        ) => {
            owned.case.promises.push(promise_evolved(promise, event));
            S::Investigating(owned)
        }
        (
            S::Resolving {
                owned,
                remedy,
                promise,
            },
            E::PromiseRenegotiated { .. },
        ) => S::Resolving {
            owned,
            remedy,
            promise: promise_evolved(promise, event),
        },
        (S::Resolved { owned, resolution }, E::Closed { verdict, at }) => S::Closed {
            owned,
            closing: Closing::Resolved {
                resolution,
                verdict: *verdict,
            },
            closed_at: *at,
        },
        (S::Referred { owned, body }, E::Closed { verdict, at }) => S::Closed {
            owned,
            closing: Closing::AfterReferral {
                body,
                verdict: *verdict,
            },
            closed_at: *at,
        },
        (
            state @ (S::Resolved { .. } | S::Closed { .. }),
            E::Reopened {
                reason,
                escalated_to,
                ..
            },
        ) => {
            let (mut owned, settled) = match state {
                S::Resolved { owned, resolution }
                | S::Closed {
                    owned,
                    closing: Closing::Resolved { resolution, .. },
                    ..
                } => (owned, Some(resolution.into_settled())),
                S::Closed { owned, .. } => (owned, None),
                other => return other,
            };
            // The promise the case kept stays in its history (PR1).
            owned.case.promises.extend(settled);
            owned.case.reopened = owned.case.reopened.saturating_add(1);
            if let Some(to) = escalated_to {
                owned.owner = *to;
            }
            S::Reopened {
                owned,
                reason: reason.clone(),
            }
        }
        (state, E::Withdrawn { .. }) => match state.into_case() {
            Ok((case, owner)) => S::Withdrawn { case, owner },
            Err(state) => state,
        },
        (state, E::Referred { body, .. }) => match state.into_owned() {
            Ok(owned) => S::Referred {
                owned,
                body: body.clone(),
            },
            Err(state) => state,
        },
        (mut state, E::Reassigned { to, .. }) => {
            if let Some(owned) = state.owned_mut() {
                owned.owner = *to;
            }
            state
        }
        (mut state, E::RootCauseRecorded { cause, .. }) => {
            if let Some(case) = state.case_mut() {
                case.root_cause = Some(cause.clone());
            }
            state
        }
        (mut state, E::AbuseFlagged { evidence, .. }) => {
            if let Some(case) = state.case_mut() {
                case.abuse_evidence.extend(evidence.iter().cloned());
            }
            state
        }
        (state, _) => state,
    }
}
