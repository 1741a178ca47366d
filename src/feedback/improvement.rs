//! Improvement items: feedback grouped into one change, run through plan-do-check-act
//! ([FB2]), closed by telling the people who asked for it ([FB3]), and never adopted over
//! customers' heads ([FB5]).
//!
//! An item is proposed with the feedback that prompted it and linked to more as it
//! comes. It is planned (an owner and an action), done, and checked against a measured
//! effect. Then it is adopted, if the measure shows an improvement, or dropped with a
//! reason; either way a new cycle can start from it ([FB2]). Adopting it owes a notice to
//! every identifiable person whose feedback is linked, and the next cycle cannot start
//! until each is sent ([FB3]). An item that changes a policy affecting customers is
//! adopted only with customer feedback linked or a consultation recorded ([FB5]).
//!
//! [`Improvement`] is the decider; its table is [`TRANSITIONS`]:
//!
//! ```mermaid
//! stateDiagram-v2
//!     [*] --> not_proposed
//!     not_proposed --> proposed : propose
//!     proposed --> planned : plan
//!     planned --> doing : start
//!     doing --> checking : check
//!     checking --> adopted : adopt
//!     proposed --> dropped : drop
//!     planned --> dropped : drop
//!     doing --> dropped : drop
//!     checking --> dropped : drop
//!     adopted --> proposed : new_cycle
//!     dropped --> proposed : new_cycle
//!     proposed --> proposed : link_feedback, consult
//!     planned --> planned : link_feedback, consult
//!     doing --> doing : link_feedback, consult
//!     checking --> checking : link_feedback, consult
//!     adopted --> adopted : send_notice
//! ```
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use customer_care::customer::{Customer, CustomerKind};
//! use customer_care::feedback::improvement::*;
//! use customer_care::id::{CustomerId, FeedbackId, ImprovementId, StaffId};
//! use customer_care::stream::{CommandMeta, EventStream};
//! use uuid::Uuid;
//!
//! let monday = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
//! let day = |n| monday + Duration::days(n);
//! let lucia = CustomerId::from_uuid(Uuid::from_u128(7));
//! let marta = StaffId::from_uuid(Uuid::from_u128(2));
//! let mut item = EventStream::<Improvement>::new();
//! let mut run = |command| item.execute_with(command, &(), CommandMeta::NONE).map(|_| ());
//!
//! run(ImprovementCommand::Propose(Proposal {
//!     id: ImprovementId::from_uuid(Uuid::from_u128(1)),
//!     title: "Open the hall before the doors".into(),
//!     opened_by: marta,
//!     affects_customers: true,
//!     feedback: vec![Link {
//!         feedback: FeedbackId::from_uuid(Uuid::from_u128(3)),
//!         from: Customer::identified(CustomerKind::External, lucia),
//!     }],
//!     at: monday,
//! }))?;
//! run(ImprovementCommand::Plan { owner: marta, action: "open at 8:45 for a month".into(), at: day(1) })?;
//! run(ImprovementCommand::Start { at: day(2) })?;
//! let effect = Effect { measure: "minutes queued outside at 9:00".into(), before: 12, after: 1, better: Better::Lower };
//! run(ImprovementCommand::Check { effect, at: day(30) })?;
//! run(ImprovementCommand::Adopt { at: day(31) })?;
//!
//! // Lucía asked for it: she is owed a notice, and the next cycle waits for it.
//! assert!(matches!(
//!     run(ImprovementCommand::NewCycle { at: day(32) }),
//!     Err(customer_care::stream::StreamError::Rejected(ImprovementError::NoticesOwed { count: 1 }))
//! ));
//! run(ImprovementCommand::SendNotice { to: lucia, at: day(32) })?;
//! run(ImprovementCommand::NewCycle { at: day(33) })?;
//! assert_eq!(item.state().status(), ImprovementStatus::Proposed);
//! # Ok::<(), customer_care::stream::StreamError<ImprovementError>>(())
//! ```
//!
//! # JSON
//! Commands and events are internally tagged: `{"type": "plan", "owner": "…", "action":
//! "…", "at": "…"}`, `{"type": "adopted", "at": "…", "owed": ["…customer id…"]}`. A
//! [`Link`] is `{"feedback": "…", "from": {…customer…}}`; an [`Effect`] is `{"measure":
//! "…", "before": 12, "after": 1, "better": "lower"}`.
//!
//! [FB2]: crate::requirements#FB2
//! [FB3]: crate::requirements#FB3
//! [FB5]: crate::requirements#FB5

use crate::diagram::Transition;
use crate::id::{CustomerId, FeedbackId, ImprovementId, StaffId};
use crate::machine::{Machine, OutOfTurn};
use crate::stream::Decider;
use crate::text::{Blank, not_blank};
use chrono::{DateTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// Why a command to an improvement item was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ImprovementError {
    /// The command does not apply in the item's state.
    #[error("cannot {command} an improvement item that is {state}")]
    NotAllowed {
        /// The state.
        state: ImprovementStatus,
        /// The command.
        command: ImprovementCommandKind,
    },
    /// Required words are missing.
    #[error("the {field} must not be blank")]
    Blank {
        /// Which text.
        field: &'static str,
    },
    /// A command dated before the item's latest event.
    #[error("{at} is before the item's latest event at {latest}")]
    BeforeLatest {
        /// The instant given.
        at: DateTime<Utc>,
        /// The latest event's instant.
        latest: DateTime<Utc>,
    },
    /// An adoption in a stored history owes notices to others than the identifiable
    /// submitters of its feedback ([FB3]).
    ///
    /// [FB3]: crate::requirements#FB3
    #[error(
        "an adoption owes a notice to each identifiable submitter of its feedback, and to nobody else"
    )]
    OwedMismatch,
    /// The feedback is already linked to the item.
    #[error("feedback {feedback} is already linked to this item")]
    AlreadyLinked {
        /// The feedback.
        feedback: FeedbackId,
    },
    /// The measured effect is not an improvement: drop the item, or start a new cycle
    /// after dropping it ([FB2]).
    ///
    /// [FB2]: crate::requirements#FB2
    #[error("{measure} went from {before} to {after}: not an improvement, so it cannot be adopted")]
    NoImprovement {
        /// What was measured.
        measure: String,
        /// Before the change.
        before: i64,
        /// After it.
        after: i64,
    },
    /// A change affecting customers without their voice: link customer feedback or
    /// record a consultation first ([FB5]).
    ///
    /// [FB5]: crate::requirements#FB5
    #[error(
        "this change affects customers: link feedback from a customer or record a consultation before adopting it"
    )]
    NotConsulted,
    /// No notice is owed to that person ([FB3]).
    ///
    /// [FB3]: crate::requirements#FB3
    #[error("no notice is owed to {to}")]
    NoticeNotOwed {
        /// The person named.
        to: CustomerId,
    },
    /// Notices of the adoption are still owed: send them before the next cycle ([FB3]).
    ///
    /// [FB3]: crate::requirements#FB3
    #[error("{count} notice(s) of the adoption are still owed; send them before a new cycle")]
    NoticesOwed {
        /// How many.
        count: usize,
    },
}

crate::refusal::refusals! { ImprovementError {
    NotAllowed { state, command } => "not_allowed", "X5";
    Blank { field } => "blank", "X2";
    BeforeLatest { at, latest } => "before_latest", "X4";
    OwedMismatch {} => "owed_mismatch", "FB3";
    AlreadyLinked { feedback } => "already_linked", "FB2";
    NoImprovement { measure, before, after } => "no_improvement", "FB2";
    NotConsulted {} => "not_consulted", "FB5";
    NoticeNotOwed { to } => "notice_not_owed", "FB3";
    NoticesOwed { count } => "notices_owed", "FB3";
} wraps {  } }

pub use super::Link;

/// Which way a measure improves. In JSON `"higher"` or `"lower"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Better {
    /// More is better (satisfaction, first-contact resolution).
    Higher,
    /// Less is better (waiting time, complaints).
    Lower,
}

/// The measured effect of a change, found in the check step (FB2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Effect {
    /// What was measured, in the unit it was measured in.
    pub measure: String,
    /// The value before the change.
    pub before: i64,
    /// The value after it.
    pub after: i64,
    /// Which way is better.
    pub better: Better,
}

impl Effect {
    /// Whether the measure moved the better way.
    pub fn improved(&self) -> bool {
        match self.better {
            Better::Higher => self.after > self.before,
            Better::Lower => self.after < self.before,
        }
    }
}

/// Who does what in a cycle (FB2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Plan {
    /// Who answers for the change.
    pub owner: StaffId,
    /// What will be done.
    pub action: String,
}

/// A consultation of customers about a change (FB5).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Consultation {
    /// What was asked and what they said.
    pub summary: String,
    /// When it was recorded.
    pub at: DateTime<Utc>,
}

/// How an item starts: what it is, who opened it, whether it changes a policy that
/// affects customers (FB5), and the feedback that prompted it, if any (FB2).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Proposal {
    /// Its id, from the host.
    pub id: ImprovementId,
    /// What should get better, in a line.
    pub title: String,
    /// Who opened it.
    pub opened_by: StaffId,
    /// Whether it changes a policy that affects customers (FB5).
    pub affects_customers: bool,
    /// The feedback that prompted it, each piece once.
    pub feedback: Vec<Link>,
    /// When it was proposed.
    pub at: DateTime<Utc>,
}

/// What an item knows in every state after its proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Item {
    id: ImprovementId,
    title: String,
    opened_by: StaffId,
    affects_customers: bool,
    feedback: Vec<Link>,
    /// The ids in `feedback`, so that a second link of one piece is found at once.
    #[cfg_attr(feature = "serde", serde(skip))]
    linked: BTreeSet<FeedbackId>,
    consultations: Vec<Consultation>,
    cycle: u32,
    latest: DateTime<Utc>,
}

impl Item {
    /// Its id.
    pub fn id(&self) -> ImprovementId {
        self.id
    }

    /// What should get better.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Who opened it.
    pub fn opened_by(&self) -> StaffId {
        self.opened_by
    }

    /// Whether it changes a policy that affects customers ([FB5]).
    ///
    /// [FB5]: crate::requirements#FB5
    pub fn affects_customers(&self) -> bool {
        self.affects_customers
    }

    /// The feedback linked to it, in the order linked.
    pub fn feedback(&self) -> &[Link] {
        &self.feedback
    }

    /// The consultations recorded, in order.
    pub fn consultations(&self) -> &[Consultation] {
        &self.consultations
    }

    /// Which plan-do-check-act cycle this is, from 1.
    pub fn cycle(&self) -> u32 {
        self.cycle
    }

    /// When its latest event happened.
    pub fn latest(&self) -> DateTime<Utc> {
        self.latest
    }

    /// Whether customers had a say ([FB5]): customer feedback linked, or a consultation.
    ///
    /// [FB5]: crate::requirements#FB5
    pub fn customers_heard(&self) -> bool {
        !self.consultations.is_empty() || self.feedback.iter().any(Link::is_customer_voice)
    }

    /// Everyone who can be told of an adoption ([FB3]): the identifiable people whose
    /// feedback is linked, each once.
    ///
    /// [FB3]: crate::requirements#FB3
    pub fn submitters(&self) -> BTreeSet<CustomerId> {
        self.feedback
            .iter()
            .filter_map(|link| link.from.id)
            .collect()
    }
}

/// The state of an improvement item. Each variant holds what is true in it. It is
/// rebuilt from the events, so it serialises (for display) but does not load.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "status", rename_all = "snake_case"))]
pub enum ImprovementState {
    /// Nothing proposed yet.
    #[default]
    NotProposed,
    /// Proposed, not planned.
    Proposed {
        /// The item.
        item: Item,
    },
    /// Planned: an owner and an action.
    Planned {
        /// The item.
        item: Item,
        /// The plan.
        plan: Plan,
    },
    /// Being done.
    Doing {
        /// The item.
        item: Item,
        /// The plan.
        plan: Plan,
    },
    /// Done and measured; to adopt or drop.
    Checking {
        /// The item.
        item: Item,
        /// The plan.
        plan: Plan,
        /// What the measure showed.
        effect: Effect,
    },
    /// Adopted as the new way of working.
    Adopted {
        /// The item.
        item: Item,
        /// The plan carried out.
        plan: Plan,
        /// The improvement measured.
        effect: Effect,
        /// The notices of the adoption ([FB3]): to whom, and when each was sent
        /// (`None` while owed).
        ///
        /// [FB3]: crate::requirements#FB3
        notices: BTreeMap<CustomerId, Option<DateTime<Utc>>>,
    },
    /// Dropped, with the reason.
    Dropped {
        /// The item.
        item: Item,
        /// Why.
        reason: String,
    },
}

impl ImprovementState {
    /// The item, once proposed.
    pub fn item(&self) -> Option<&Item> {
        match self {
            Self::NotProposed => None,
            Self::Proposed { item }
            | Self::Planned { item, .. }
            | Self::Doing { item, .. }
            | Self::Checking { item, .. }
            | Self::Adopted { item, .. }
            | Self::Dropped { item, .. } => Some(item),
        }
    }

    /// The people still owed a notice of the adoption ([FB3]), in id order.
    ///
    /// [FB3]: crate::requirements#FB3
    pub fn notices_owed(&self) -> impl Iterator<Item = CustomerId> + '_ {
        let notices = match self {
            Self::Adopted { notices, .. } => Some(notices),
            _ => None,
        };
        notices
            .into_iter()
            .flatten()
            .filter(|(_, sent)| sent.is_none())
            .map(|(to, _)| *to)
    }
}

/// A notice still owed, as listed across many items by [`notices_owed`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OwedNotice {
    /// The improvement adopted.
    pub improvement: ImprovementId,
    /// Who is owed word of it.
    pub to: CustomerId,
}

/// Every notice still owed across `items` ([FB3]): the query a host runs to see who has
/// not yet heard that their feedback led to a change. In item order, then id order.
///
/// [FB3]: crate::requirements#FB3
pub fn notices_owed<'a>(
    items: impl IntoIterator<Item = &'a ImprovementState>,
) -> impl Iterator<Item = OwedNotice> {
    items.into_iter().flat_map(|state| {
        let improvement = state.item().map(Item::id);
        state
            .notices_owed()
            .filter_map(move |to| improvement.map(|improvement| OwedNotice { improvement, to }))
    })
}

crate::machine::tags! {
    /// The tag of an [`ImprovementState`].
    pub enum ImprovementStatus for ImprovementState::status {
        NotProposed = "not_proposed",
        Proposed = "proposed",
        Planned = "planned",
        Doing = "doing",
        Checking = "checking",
        Adopted = "adopted",
        Dropped = "dropped",
    }
}

impl ImprovementStatus {
    /// Whether the item is still in its cycle (proposed, planned, doing or checking),
    /// where feedback may be linked, customers consulted, and the item dropped.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Proposed | Self::Planned | Self::Doing | Self::Checking
        )
    }
}

/// What may be asked of an improvement item.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ImprovementCommand {
    /// Open the item (FB2).
    Propose(Proposal),
    /// Link one more piece of feedback, before the cycle ends.
    LinkFeedback {
        /// The feedback.
        link: Link,
        /// When.
        at: DateTime<Utc>,
    },
    /// Record a consultation of customers, before the cycle ends (FB5).
    Consult {
        /// What was asked and what they said.
        summary: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Plan: who does what.
    Plan {
        /// Who answers for it.
        owner: StaffId,
        /// What will be done.
        action: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Start doing it.
    Start {
        /// When.
        at: DateTime<Utc>,
    },
    /// Record the measured effect.
    Check {
        /// The effect.
        effect: Effect,
        /// When.
        at: DateTime<Utc>,
    },
    /// Adopt it: only with an improvement measured (FB2), and customers heard if it
    /// affects them (FB5).
    Adopt {
        /// When.
        at: DateTime<Utc>,
    },
    /// Drop it, saying why.
    Drop {
        /// Why.
        reason: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Start a new cycle from an adopted or dropped item; after an adoption, once every
    /// notice is sent (FB2, FB3).
    NewCycle {
        /// When.
        at: DateTime<Utc>,
    },
    /// Record that a notice of the adoption was sent (FB3).
    SendNotice {
        /// To whom.
        to: CustomerId,
        /// When.
        at: DateTime<Utc>,
    },
}

impl ImprovementCommand {
    /// When the command says it happens.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            Self::Propose(proposal) => proposal.at,
            Self::LinkFeedback { at, .. }
            | Self::Consult { at, .. }
            | Self::Plan { at, .. }
            | Self::Start { at }
            | Self::Check { at, .. }
            | Self::Adopt { at }
            | Self::Drop { at, .. }
            | Self::NewCycle { at }
            | Self::SendNotice { at, .. } => *at,
        }
    }
}

crate::machine::tags! {
    /// The kind of an [`ImprovementCommand`].
    pub enum ImprovementCommandKind for ImprovementCommand::kind {
        Propose = "propose",
        LinkFeedback = "link_feedback",
        Consult = "consult",
        Plan = "plan",
        Start = "start",
        Check = "check",
        Adopt = "adopt",
        Drop = "drop",
        NewCycle = "new_cycle",
        SendNotice = "send_notice",
    }
}

/// What happened to an improvement item.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ImprovementEvent {
    /// It was proposed.
    Proposed(Proposal),
    /// Feedback was linked.
    FeedbackLinked {
        /// The feedback.
        link: Link,
        /// When.
        at: DateTime<Utc>,
    },
    /// Customers were consulted.
    Consulted(Consultation),
    /// It was planned.
    Planned {
        /// The plan.
        plan: Plan,
        /// When.
        at: DateTime<Utc>,
    },
    /// Work started.
    Started {
        /// When.
        at: DateTime<Utc>,
    },
    /// The effect was measured.
    Checked {
        /// The effect.
        effect: Effect,
        /// When.
        at: DateTime<Utc>,
    },
    /// It was adopted; these people are owed a notice (FB3).
    Adopted {
        /// When.
        at: DateTime<Utc>,
        /// Who is owed a notice.
        owed: Vec<CustomerId>,
    },
    /// It was dropped.
    Dropped {
        /// Why.
        reason: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// A new cycle started.
    CycleStarted {
        /// When.
        at: DateTime<Utc>,
    },
    /// A notice of the adoption was sent.
    NoticeSent {
        /// To whom.
        to: CustomerId,
        /// When.
        at: DateTime<Utc>,
    },
}

impl ImprovementEvent {
    /// The kind of command this event answers, as in [`TRANSITIONS`].
    pub fn command_kind(&self) -> ImprovementCommandKind {
        use ImprovementCommandKind as K;
        use ImprovementEvent as E;
        match self {
            E::Proposed(_) => K::Propose,
            E::FeedbackLinked { .. } => K::LinkFeedback,
            E::Consulted(_) => K::Consult,
            E::Planned { .. } => K::Plan,
            E::Started { .. } => K::Start,
            E::Checked { .. } => K::Check,
            E::Adopted { .. } => K::Adopt,
            E::Dropped { .. } => K::Drop,
            E::CycleStarted { .. } => K::NewCycle,
            E::NoticeSent { .. } => K::SendNotice,
        }
    }

    /// When it happened.
    pub fn at(&self) -> DateTime<Utc> {
        use ImprovementEvent as E;
        match self {
            E::Proposed(proposal) => proposal.at,
            E::Consulted(consultation) => consultation.at,
            E::FeedbackLinked { at, .. }
            | E::Planned { at, .. }
            | E::Started { at }
            | E::Checked { at, .. }
            | E::Adopted { at, .. }
            | E::Dropped { at, .. }
            | E::CycleStarted { at }
            | E::NoticeSent { at, .. } => *at,
        }
    }
}

/// The improvement cycle as a [`Decider`]; it needs no context.
#[derive(Debug, Clone, Copy)]
pub struct Improvement;

/// Every transition [`Improvement`] allows ([X5]).
///
/// [X5]: crate::requirements#X5
pub const TRANSITIONS: &[Transition<ImprovementStatus, ImprovementCommandKind>] = crate::machine::table! {
    ImprovementStatus, ImprovementCommandKind;
    moves {
        Propose: NotProposed => Proposed;
        Plan: Proposed => Planned;
        Start: Planned => Doing;
        Check: Doing => Checking;
        Adopt: Checking => Adopted;
        Drop: Proposed | Planned | Doing | Checking => Dropped;
        NewCycle: Adopted | Dropped => Proposed;
    }
    stays {
        LinkFeedback: Proposed | Planned | Doing | Checking;
        Consult: Proposed | Planned | Doing | Checking;
        SendNotice: Adopted;
    }
};

/// The cycle's table is [`TRANSITIONS`]; a command or an event is in time when it is
/// no earlier than the item's latest event ([X4], [X5]).
///
/// [X4]: crate::requirements#X4
/// [X5]: crate::requirements#X5
impl Machine for Improvement {
    type Status = ImprovementStatus;
    type Kind = ImprovementCommandKind;
    const TRANSITIONS: &'static [Transition<ImprovementStatus, ImprovementCommandKind>] =
        TRANSITIONS;

    fn status(state: &ImprovementState) -> ImprovementStatus {
        state.status()
    }

    fn latest(state: &ImprovementState) -> Option<DateTime<Utc>> {
        state.item().map(|item| item.latest)
    }

    fn command_turn(command: &ImprovementCommand) -> (ImprovementCommandKind, DateTime<Utc>) {
        (command.kind(), command.at())
    }

    fn event_turn(event: &ImprovementEvent) -> (ImprovementCommandKind, DateTime<Utc>) {
        (event.command_kind(), event.at())
    }

    fn out_of_turn(
        refusal: OutOfTurn<ImprovementStatus, ImprovementCommandKind>,
    ) -> ImprovementError {
        match refusal {
            OutOfTurn::NotAllowed { state, command } => {
                ImprovementError::NotAllowed { state, command }
            }
            OutOfTurn::BeforeLatest { at, latest } => ImprovementError::BeforeLatest { at, latest },
        }
    }
}

impl From<Blank> for ImprovementError {
    fn from(Blank(field): Blank) -> Self {
        ImprovementError::Blank { field }
    }
}

/// The checks of the proposal itself: a title, each piece of feedback once. Answers the
/// ids linked.
fn check_proposal(proposal: &Proposal) -> Result<BTreeSet<FeedbackId>, ImprovementError> {
    not_blank(&proposal.title, "title")?;
    let mut linked = BTreeSet::new();
    for link in &proposal.feedback {
        if !linked.insert(link.feedback) {
            return Err(ImprovementError::AlreadyLinked {
                feedback: link.feedback,
            });
        }
    }
    Ok(linked)
}

impl Decider for Improvement {
    type State = ImprovementState;
    type Command = ImprovementCommand;
    type Event = ImprovementEvent;
    type Error = ImprovementError;
    type Context<'a> = ();

    fn initial() -> ImprovementState {
        ImprovementState::NotProposed
    }

    fn decide(
        state: &ImprovementState,
        command: ImprovementCommand,
        _: &(),
    ) -> Result<ImprovementEvent, ImprovementError> {
        use ImprovementCommand as C;
        use ImprovementEvent as E;
        use ImprovementState as St;
        Self::in_turn(state, Self::command_turn(&command))?;
        let not_allowed = |state: &ImprovementState, kind| ImprovementError::NotAllowed {
            state: state.status(),
            command: kind,
        };
        let Some(item) = state.item() else {
            return match command {
                C::Propose(proposal) => {
                    check_proposal(&proposal)?;
                    Ok(E::Proposed(proposal))
                }
                command => Err(not_allowed(state, command.kind())),
            };
        };
        match (state, command) {
            (_, C::LinkFeedback { link, at }) => {
                if item.linked.contains(&link.feedback) {
                    return Err(ImprovementError::AlreadyLinked {
                        feedback: link.feedback,
                    });
                }
                Ok(E::FeedbackLinked { link, at })
            }
            (_, C::Consult { summary, at }) => {
                not_blank(&summary, "summary")?;
                Ok(E::Consulted(Consultation { summary, at }))
            }
            (_, C::Drop { reason, at }) => {
                not_blank(&reason, "reason")?;
                Ok(E::Dropped { reason, at })
            }
            (St::Proposed { .. }, C::Plan { owner, action, at }) => {
                not_blank(&action, "action")?;
                Ok(E::Planned {
                    plan: Plan { owner, action },
                    at,
                })
            }
            (St::Planned { .. }, C::Start { at }) => Ok(E::Started { at }),
            (St::Doing { .. }, C::Check { effect, at }) => {
                not_blank(&effect.measure, "measure")?;
                Ok(E::Checked { effect, at })
            }
            (St::Checking { effect, .. }, C::Adopt { at }) => {
                if !effect.improved() {
                    return Err(ImprovementError::NoImprovement {
                        measure: effect.measure.clone(),
                        before: effect.before,
                        after: effect.after,
                    });
                }
                if item.affects_customers && !item.customers_heard() {
                    return Err(ImprovementError::NotConsulted);
                }
                Ok(E::Adopted {
                    at,
                    owed: item.submitters().into_iter().collect(),
                })
            }
            (St::Adopted { .. }, C::NewCycle { at }) => {
                let count = state.notices_owed().count();
                if count > 0 {
                    return Err(ImprovementError::NoticesOwed { count });
                }
                Ok(E::CycleStarted { at })
            }
            (St::Dropped { .. }, C::NewCycle { at }) => Ok(E::CycleStarted { at }),
            (St::Adopted { notices, .. }, C::SendNotice { to, at }) => match notices.get(&to) {
                Some(None) => Ok(E::NoticeSent { to, at }),
                _ => Err(ImprovementError::NoticeNotOwed { to }),
            },
            (state, command) => Err(not_allowed(state, command.kind())),
        }
    }

    /// An event that does not fit the state leaves it as it was ([`Machine::fits`]).
    fn evolve(state: ImprovementState, event: &ImprovementEvent) -> ImprovementState {
        use ImprovementEvent as E;
        use ImprovementState as St;
        if !Self::fits(&state, event) {
            return state;
        }
        if let E::Proposed(proposal) = event {
            return St::Proposed {
                item: Item {
                    id: proposal.id,
                    title: proposal.title.clone(),
                    opened_by: proposal.opened_by,
                    affects_customers: proposal.affects_customers,
                    feedback: proposal.feedback.clone(),
                    linked: proposal.feedback.iter().map(|l| l.feedback).collect(),
                    consultations: Vec::new(),
                    cycle: 1,
                    latest: proposal.at,
                },
            };
        }
        let stamp = |mut item: Item, at: DateTime<Utc>| {
            item.latest = at;
            item
        };
        match (state, event) {
            (St::Proposed { item }, E::Planned { plan, at }) => St::Planned {
                item: stamp(item, *at),
                plan: plan.clone(),
            },
            (St::Planned { item, plan }, E::Started { at }) => St::Doing {
                item: stamp(item, *at),
                plan,
            },
            (St::Doing { item, plan }, E::Checked { effect, at }) => St::Checking {
                item: stamp(item, *at),
                plan,
                effect: effect.clone(),
            },
            (St::Checking { item, plan, effect }, E::Adopted { at, owed }) => St::Adopted {
                item: stamp(item, *at),
                plan,
                effect,
                notices: owed.iter().map(|to| (*to, None)).collect(),
            },
            (
                St::Adopted {
                    item,
                    plan,
                    effect,
                    mut notices,
                },
                E::NoticeSent { to, at },
            ) => {
                notices.insert(*to, Some(*at));
                St::Adopted {
                    item: stamp(item, *at),
                    plan,
                    effect,
                    notices,
                }
            }
            (St::Adopted { item, .. } | St::Dropped { item, .. }, E::CycleStarted { at }) => {
                let mut item = stamp(item, *at);
                item.cycle = item.cycle.saturating_add(1);
                St::Proposed { item }
            }
            (state, E::FeedbackLinked { link, at }) => with_item(state, |item| {
                item.feedback.push(*link);
                item.linked.insert(link.feedback);
                item.latest = *at;
            }),
            (state, E::Consulted(consultation)) => with_item(state, |item| {
                item.consultations.push(consultation.clone());
                item.latest = consultation.at;
            }),
            (
                St::Proposed { item }
                | St::Planned { item, .. }
                | St::Doing { item, .. }
                | St::Checking { item, .. },
                E::Dropped { reason, at },
            ) => St::Dropped {
                item: stamp(item, *at),
                reason: reason.clone(),
            },
            // Every event that fits is matched above.
            (state, _) => state,
        }
    }

    fn command_of(event: &ImprovementEvent) -> ImprovementCommand {
        use ImprovementCommand as C;
        use ImprovementEvent as E;
        match event.clone() {
            E::Proposed(proposal) => C::Propose(proposal),
            E::FeedbackLinked { link, at } => C::LinkFeedback { link, at },
            E::Consulted(Consultation { summary, at }) => C::Consult { summary, at },
            E::Planned {
                plan: Plan { owner, action },
                at,
            } => C::Plan { owner, action, at },
            E::Started { at } => C::Start { at },
            E::Checked { effect, at } => C::Check { effect, at },
            E::Adopted { at, .. } => C::Adopt { at },
            E::Dropped { reason, at } => C::Drop { reason, at },
            E::CycleStarted { at } => C::NewCycle { at },
            E::NoticeSent { to, at } => C::SendNotice { to, at },
        }
    }

    /// Every rule of the improvement cycle needs nothing from outside, so an event is
    /// admitted when deciding its command yields it again: the same checks as a live
    /// command, and an adoption owes exactly the notices its feedback calls for ([X3],
    /// [FB3]).
    ///
    /// [X3]: crate::requirements#X3
    /// [FB3]: crate::requirements#FB3
    fn admit(state: &ImprovementState, event: &ImprovementEvent) -> Result<(), ImprovementError> {
        if Self::decide(state, Self::command_of(event), &())? == *event {
            Ok(())
        } else {
            Err(ImprovementError::OwedMismatch)
        }
    }
}

/// The same state with its item changed by `change`.
fn with_item(mut state: ImprovementState, change: impl FnOnce(&mut Item)) -> ImprovementState {
    use ImprovementState as St;
    match &mut state {
        St::NotProposed => {}
        St::Proposed { item }
        | St::Planned { item, .. }
        | St::Doing { item, .. }
        | St::Checking { item, .. }
        | St::Adopted { item, .. }
        | St::Dropped { item, .. } => change(item),
    }
    state
}
