//! What happened to a complaint: one event per accepted command, carrying what `evolve`
//! needs and nothing it would have to look up ([X4]).
//!
//! [X4]: crate::requirements#X4

use super::command::{ComplaintCommand, ComplaintCommandKind, Options, Receipt};
use super::message::{CustomerMessage, RootCause};
use super::state::Verdict;
use crate::id::StaffId;
use crate::promise::PromiseOutcome;
use chrono::{DateTime, Utc};

/// An event of a complaint.
///
/// In JSON, internally tagged: `{"type": "option_chosen", "option": 0, "at": "…"}`. The
/// shape of every kind is pinned by a snapshot under `tests/snapshots/`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ComplaintEvent {
    /// The complaint was received.
    Received(Receipt),
    /// A named owner acknowledged it and took responsibility (CO1).
    Acknowledged {
        /// The owner.
        owner: StaffId,
        /// What the customer was told.
        message: CustomerMessage,
        /// When.
        at: DateTime<Utc>,
    },
    /// Investigation started or resumed.
    InvestigationStarted {
        /// Who.
        by: StaffId,
        /// When.
        at: DateTime<Utc>,
    },
    /// The customer was asked something.
    CustomerAsked {
        /// Who asked.
        by: StaffId,
        /// The question.
        message: CustomerMessage,
        /// When.
        at: DateTime<Utc>,
    },
    /// The customer wrote.
    CustomerWrote {
        /// What they said.
        text: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Options went to the customer (CO3).
    ResolutionOffered {
        /// Who offered.
        by: StaffId,
        /// The options.
        options: Options,
        /// When.
        at: DateTime<Utc>,
    },
    /// The offer needs approval from above (EM3, CU4).
    ApprovalRequested {
        /// Who offered.
        by: StaffId,
        /// The options.
        options: Options,
        /// The nearest person who can approve.
        escalated_to: StaffId,
        /// When.
        at: DateTime<Utc>,
    },
    /// The offer was approved and went to the customer.
    OfferApproved {
        /// Who approved.
        approver: StaffId,
        /// When.
        at: DateTime<Utc>,
    },
    /// The offer was declined from above (CU4).
    ApprovalDeclined {
        /// Who declined.
        approver: StaffId,
        /// Why.
        reason: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// A manager refused the demand and offered alternatives (CO4).
    DemandRefused {
        /// Who refused.
        by: StaffId,
        /// Why.
        reason: String,
        /// The alternatives.
        alternatives: Options,
        /// When.
        at: DateTime<Utc>,
    },
    /// The customer chose an option (CO3).
    OptionChosen {
        /// Its position in the offer.
        option: usize,
        /// When.
        at: DateTime<Utc>,
    },
    /// The customer declined every option.
    OfferDeclined {
        /// Why.
        reason: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Closed because the offer went unanswered past the window (CO3).
    ClosedUnanswered {
        /// Who closed.
        by: StaffId,
        /// When.
        at: DateTime<Utc>,
    },
    /// The chosen remedy was delivered (PR1).
    Delivered {
        /// Who delivered.
        by: StaffId,
        /// How it settled the promise.
        outcome: PromiseOutcome,
        /// When.
        at: DateTime<Utc>,
    },
    /// The promise fell due without delivery: broken (PR1).
    PromiseBroken {
        /// Who recorded it.
        by: StaffId,
        /// When.
        at: DateTime<Utc>,
    },
    /// The promise got new dates with the customer's consent (PR1).
    PromiseRenegotiated {
        /// The new estimate.
        estimate: DateTime<Utc>,
        /// The new date promised.
        due: DateTime<Utc>,
        /// When the customer agreed.
        at: DateTime<Utc>,
    },
    /// Closed with the customer's verdict (CO8).
    Closed {
        /// The verdict.
        verdict: Verdict,
        /// When.
        at: DateTime<Utc>,
    },
    /// Reopened (CO7); past the policy's number of reopens it went to a supervisor.
    Reopened {
        /// Why.
        reason: String,
        /// The new owner when it was escalated.
        escalated_to: Option<StaffId>,
        /// When.
        at: DateTime<Utc>,
    },
    /// The customer withdrew it.
    Withdrawn {
        /// Why.
        reason: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Referred to external dispute resolution.
    Referred {
        /// The body.
        body: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// The case changed hands (CO6).
    Reassigned {
        /// The previous owner.
        from: StaffId,
        /// The new owner.
        to: StaffId,
        /// Why.
        reason: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// A message went to the customer (CO5).
    MessageSent {
        /// Who sent it.
        by: StaffId,
        /// The message.
        message: CustomerMessage,
        /// When.
        at: DateTime<Utc>,
    },
    /// The internal root cause was recorded (CO2).
    RootCauseRecorded {
        /// Who recorded it.
        by: StaffId,
        /// The cause.
        cause: RootCause,
        /// When.
        at: DateTime<Utc>,
    },
    /// Evidence of abuse was recorded (CU4).
    AbuseFlagged {
        /// Who recorded it.
        by: StaffId,
        /// The evidence.
        evidence: Vec<String>,
        /// When.
        at: DateTime<Utc>,
    },
}

impl ComplaintEvent {
    /// When it happened.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            ComplaintEvent::Received(receipt) => receipt.at,
            ComplaintEvent::Acknowledged { at, .. }
            | ComplaintEvent::InvestigationStarted { at, .. }
            | ComplaintEvent::CustomerAsked { at, .. }
            | ComplaintEvent::CustomerWrote { at, .. }
            | ComplaintEvent::ResolutionOffered { at, .. }
            | ComplaintEvent::ApprovalRequested { at, .. }
            | ComplaintEvent::OfferApproved { at, .. }
            | ComplaintEvent::ApprovalDeclined { at, .. }
            | ComplaintEvent::DemandRefused { at, .. }
            | ComplaintEvent::OptionChosen { at, .. }
            | ComplaintEvent::OfferDeclined { at, .. }
            | ComplaintEvent::ClosedUnanswered { at, .. }
            | ComplaintEvent::Delivered { at, .. }
            | ComplaintEvent::PromiseBroken { at, .. }
            | ComplaintEvent::PromiseRenegotiated { at, .. }
            | ComplaintEvent::Closed { at, .. }
            | ComplaintEvent::Reopened { at, .. }
            | ComplaintEvent::Withdrawn { at, .. }
            | ComplaintEvent::Referred { at, .. }
            | ComplaintEvent::Reassigned { at, .. }
            | ComplaintEvent::MessageSent { at, .. }
            | ComplaintEvent::RootCauseRecorded { at, .. }
            | ComplaintEvent::AbuseFlagged { at, .. } => *at,
        }
    }
}

impl ComplaintEvent {
    /// The kind of command this event answers, as in [`super::TRANSITIONS`].
    pub fn command_kind(&self) -> ComplaintCommandKind {
        use ComplaintCommandKind as K;
        use ComplaintEvent as E;
        match self {
            E::Received(_) => K::Receive,
            E::Acknowledged { .. } => K::Acknowledge,
            E::InvestigationStarted { .. } => K::Investigate,
            E::CustomerAsked { .. } => K::AskCustomer,
            E::CustomerWrote { .. } => K::CustomerWrites,
            E::ResolutionOffered { .. } | E::ApprovalRequested { .. } => K::OfferResolution,
            E::OfferApproved { .. } => K::Approve,
            E::ApprovalDeclined { .. } => K::DeclineApproval,
            E::DemandRefused { .. } => K::RefuseDemand,
            E::OptionChosen { .. } => K::Choose,
            E::OfferDeclined { .. } => K::DeclineOffer,
            E::ClosedUnanswered { .. } => K::CloseUnanswered,
            E::Delivered { .. } => K::Deliver,
            E::PromiseBroken { .. } => K::MarkPromiseBroken,
            E::PromiseRenegotiated { .. } => K::RenegotiatePromise,
            E::Closed { .. } => K::Close,
            E::Reopened { .. } => K::Reopen,
            E::Withdrawn { .. } => K::Withdraw,
            E::Referred { .. } => K::Refer,
            E::Reassigned { .. } => K::Reassign,
            E::MessageSent { .. } => K::SendMessage,
            E::RootCauseRecorded { .. } => K::RecordRootCause,
            E::AbuseFlagged { .. } => K::FlagAbuse,
        }
    }

    /// The texts of the event that reach the customer ([CO2], [CO5]): a message and its next
    /// step, the descriptions of options offered, a refusal's reason. Empty for events
    /// the customer is not told in words.
    ///
    /// [CO2]: crate::requirements#CO2
    /// [CO5]: crate::requirements#CO5
    pub fn customer_texts(&self) -> impl Iterator<Item = &str> {
        use ComplaintEvent as E;
        let (message, reason, options): (Option<&CustomerMessage>, Option<&str>, &[_]) = match self
        {
            E::Acknowledged { message, .. }
            | E::CustomerAsked { message, .. }
            | E::MessageSent { message, .. } => (Some(message), None, &[]),
            E::ResolutionOffered { options, .. } | E::ApprovalRequested { options, .. } => {
                (None, None, options.as_slice())
            }
            E::DemandRefused {
                reason,
                alternatives,
                ..
            } => (None, Some(reason.as_str()), alternatives.as_slice()),
            _ => (None, None, &[]),
        };
        message
            .into_iter()
            .flat_map(|m| [m.text.as_str(), m.next_step.action.as_str()])
            .chain(reason)
            .chain(options.iter().map(|option| option.description.as_str()))
    }

    /// The command this event answers: its fields, less what the rules worked out (the
    /// approver escalated to, a delivery's outcome, a reopen's escalation) ([X4]).
    ///
    /// [X4]: crate::requirements#X4
    pub fn command(&self) -> ComplaintCommand {
        use ComplaintCommand as C;
        use ComplaintEvent as E;
        match self.clone() {
            E::Received(receipt) => C::Receive(receipt),
            E::Acknowledged { owner, message, at } => C::Acknowledge { owner, message, at },
            E::InvestigationStarted { by, at } => C::Investigate { by, at },
            E::CustomerAsked { by, message, at } => C::AskCustomer { by, message, at },
            E::CustomerWrote { text, at } => C::CustomerWrites { text, at },
            E::ResolutionOffered { by, options, at }
            | E::ApprovalRequested {
                by, options, at, ..
            } => C::OfferResolution { by, options, at },
            E::OfferApproved { approver, at } => C::Approve { approver, at },
            E::ApprovalDeclined {
                approver,
                reason,
                at,
            } => C::DeclineApproval {
                approver,
                reason,
                at,
            },
            E::DemandRefused {
                by,
                reason,
                alternatives,
                at,
            } => C::RefuseDemand {
                by,
                reason,
                alternatives,
                at,
            },
            E::OptionChosen { option, at } => C::Choose { option, at },
            E::OfferDeclined { reason, at } => C::DeclineOffer { reason, at },
            E::ClosedUnanswered { by, at } => C::CloseUnanswered { by, at },
            E::Delivered { by, at, .. } => C::Deliver { by, at },
            E::PromiseBroken { by, at } => C::MarkPromiseBroken { by, at },
            E::PromiseRenegotiated { estimate, due, at } => C::RenegotiatePromise {
                estimate,
                due,
                consented_at: at,
            },
            E::Closed { verdict, at } => C::Close { verdict, at },
            E::Reopened { reason, at, .. } => C::Reopen { reason, at },
            E::Withdrawn { reason, at } => C::Withdraw { reason, at },
            E::Referred { body, at } => C::Refer { body, at },
            E::Reassigned { to, reason, at, .. } => C::Reassign { to, reason, at },
            E::MessageSent { by, message, at } => C::SendMessage { by, message, at },
            E::RootCauseRecorded { by, cause, at } => C::RecordRootCause { by, cause, at },
            E::AbuseFlagged { by, evidence, at } => C::FlagAbuse { by, evidence, at },
        }
    }
}
