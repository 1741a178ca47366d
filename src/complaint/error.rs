//! Why a complaint command was refused. Each variant names the rule ([X2]).
//!
//! [X2]: crate::requirements#X2

use super::command::ComplaintCommandKind;
use super::state::ComplaintStatus;
use crate::empowerment::EmpowermentError;
use crate::id::StaffId;
use crate::money::MoneyError;
use crate::promise::PromiseError;
use crate::staff::Role;
use chrono::{DateTime, Utc};

/// Why a complaint command was refused; the complaint is unchanged ([X2]).
///
/// [X2]: crate::requirements#X2
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ComplaintError {
    /// The command does not apply in this state.
    #[error("cannot {command} a complaint that is {state}")]
    NotAllowed {
        /// The state.
        state: ComplaintStatus,
        /// The command.
        command: ComplaintCommandKind,
    },
    /// A grant or approval broke an empowerment rule ([EM1]–[EM5]).
    ///
    /// [EM1]: crate::requirements#EM1
    /// [EM5]: crate::requirements#EM5
    #[error(transparent)]
    Empowerment(#[from] EmpowermentError),
    /// A promise's terms broke a rule ([PR1], [PR2]).
    ///
    /// [PR1]: crate::requirements#PR1
    /// [PR2]: crate::requirements#PR2
    #[error(transparent)]
    Promise(#[from] PromiseError),
    /// Amounts could not be combined ([X6]).
    ///
    /// [X6]: crate::requirements#X6
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// The command's instant is before the case's latest event.
    #[error("{at} is before the case's latest event at {latest}")]
    BeforeLatest {
        /// The instant given.
        at: DateTime<Utc>,
        /// The latest event's instant.
        latest: DateTime<Utc>,
    },
    /// Required words are missing.
    #[error("the {field} must not be blank")]
    Blank {
        /// Which text.
        field: &'static str,
    },
    /// A message's next step is dated before the message ([CO5]).
    ///
    /// [CO5]: crate::requirements#CO5
    #[error("the next step is due {by}, before the message at {at}")]
    NextStepInThePast {
        /// The next step's date.
        by: DateTime<Utc>,
        /// The message's instant.
        at: DateTime<Utc>,
    },
    /// An offer or a refusal without options ([CO3], [CO4]).
    ///
    /// [CO3]: crate::requirements#CO3
    /// [CO4]: crate::requirements#CO4
    #[error("an offer needs at least one option")]
    NoOptions,
    /// The customer chose an option that was not offered ([CO3]).
    ///
    /// [CO3]: crate::requirements#CO3
    #[error("option {option} was not offered; there are {offered}")]
    NoSuchOption {
        /// The position chosen.
        option: usize,
        /// How many were offered.
        offered: usize,
    },
    /// Only a manager or the owner may refuse a demand ([CO4]).
    ///
    /// [CO4]: crate::requirements#CO4
    #[error("a {role} cannot refuse a demand; a manager must decide (nothing is impossible)")]
    RefusalNeedsManager {
        /// The refuser's role.
        role: Role,
    },
    /// Nobody up the line could approve the offer ([EM3], [CU4]).
    ///
    /// [CU4]: crate::requirements#CU4
    /// [EM3]: crate::requirements#EM3
    #[error("nobody above {by} can approve this offer")]
    NoOneCanApprove {
        /// Who offered.
        by: StaffId,
    },
    /// A demand beyond the entitlement needs a manager's decision ([CU4]).
    ///
    /// [CU4]: crate::requirements#CU4
    #[error("{approver} is a {role}; an offer beyond the customer's entitlement needs a manager")]
    ManagerRequired {
        /// Who tried to approve.
        approver: StaffId,
        /// Their role.
        role: Role,
    },
    /// The approval comes after an option's estimate: its dates can no longer be
    /// promised ([PR2]). Decline it, and the owner offers new dates.
    ///
    /// [PR2]: crate::requirements#PR2
    #[error(
        "an option was estimated for {estimate}, before this approval at {at}; decline the offer so new dates can be offered"
    )]
    OfferOutdated {
        /// The earliest estimate in the offer.
        estimate: DateTime<Utc>,
        /// The approval's instant.
        at: DateTime<Utc>,
    },
    /// The customer may still answer the offer ([CO3]).
    ///
    /// [CO3]: crate::requirements#CO3
    #[error("the customer may answer the offer until {until}")]
    ConfirmationWindowOpen {
        /// The end of the window.
        until: DateTime<Utc>,
    },
    /// Too late to reopen: open a new case that follows this one ([CO7]).
    ///
    /// [CO7]: crate::requirements#CO7
    #[error("the reopen window closed at {until}; open a new case that follows this one")]
    ReopenWindowClosed {
        /// The end of the window.
        until: DateTime<Utc>,
    },
    /// The customer chose an option after its promised date: the promise would be broken
    /// as it is made ([PR2]). Offer new dates instead.
    ///
    /// [PR2]: crate::requirements#PR2
    #[error(
        "option {option} was promised for {due}; chosen at {at} it would be broken already, so offer new dates"
    )]
    OptionExpired {
        /// The option chosen.
        option: usize,
        /// Its promised date.
        due: DateTime<Utc>,
        /// When it was chosen.
        at: DateTime<Utc>,
    },
    /// A customer-facing text points at a party the organisation never blames, or at the
    /// party recorded as the root cause ([CO2]): the business owns the problem.
    ///
    /// [CO2]: crate::requirements#CO2
    #[error("a text for the customer must not point at {party}; own the problem instead")]
    BlamesThirdParty {
        /// The party named.
        party: String,
    },
    /// An SLA target above [`crate::sla::Targets::MAX_MINUTES`] ([X2]).
    ///
    /// [X2]: crate::requirements#X2
    #[error(
        "an SLA target of {minutes} minutes is above the most a target may be, a year of business time"
    )]
    TargetTooLong {
        /// The longest target given.
        minutes: u32,
    },
    /// A handoff names someone other than the owner as the one handing over ([CO6]).
    ///
    /// [CO6]: crate::requirements#CO6
    #[error("the handoff is from {named}, but {owner} owns the case")]
    NotTheOwner {
        /// Who the handoff says it is from.
        named: StaffId,
        /// Who owns the case.
        owner: StaffId,
    },
    /// Flagging a customer as abusive needs evidence; without it, trust ([CU4]).
    ///
    /// [CU4]: crate::requirements#CU4
    #[error("flagging a customer as abusive needs at least one piece of evidence")]
    EvidenceRequired,
    /// A reassignment to the current owner ([CO6]).
    ///
    /// [CO6]: crate::requirements#CO6
    #[error("{owner} already owns the case")]
    AlreadyOwner {
        /// The owner.
        owner: StaffId,
    },
    /// A rating outside 1–5 ([CO8]).
    ///
    /// [CO8]: crate::requirements#CO8
    #[error("a rating is from 1 to 5, not {value}")]
    RatingOutOfRange {
        /// The value given.
        value: u8,
    },
}

crate::refusal::refusals! { ComplaintError {
    NotAllowed { state, command } => "not_allowed", "X5";
    BeforeLatest { at, latest } => "before_latest", "X4";
    Blank { field } => "blank", "X2";
    NextStepInThePast { by, at } => "next_step_in_the_past", "CO5";
    NoOptions {} => "no_options", "CO3";
    NoSuchOption { option, offered } => "no_such_option", "CO3";
    RefusalNeedsManager { role } => "refusal_needs_manager", "CO4";
    NoOneCanApprove { by } => "no_one_can_approve", "EM3";
    ManagerRequired { approver, role } => "manager_required", "CU4";
    OfferOutdated { estimate, at } => "offer_outdated", "PR2";
    ConfirmationWindowOpen { until } => "confirmation_window_open", "CO3";
    ReopenWindowClosed { until } => "reopen_window_closed", "CO7";
    OptionExpired { option, due, at } => "option_expired", "PR2";
    BlamesThirdParty { party } => "blames_third_party", "CO2";
    TargetTooLong { minutes } => "target_too_long", "X2";
    NotTheOwner { named, owner } => "not_the_owner", "CO6";
    EvidenceRequired {} => "evidence_required", "CU4";
    AlreadyOwner { owner } => "already_owner", "CO6";
    RatingOutOfRange { value } => "rating_out_of_range", "CO8";
} wraps { Empowerment, Promise, Money } }
