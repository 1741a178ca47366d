//! The states of a complaint. Each variant holds only what is true in it: before
//! acknowledgement there is no owner, after it there always is one ([CO1], [CO6]).
//!
//! [CO1]: crate::requirements#CO1
//! [CO6]: crate::requirements#CO6

use super::message::RootCause;
use crate::customer::{Customer, Entitlement, Expectation, ExpectationGap};
use crate::id::{ComplaintId, StaffId};
use crate::money::{Currency, Money, MoneyError};
use crate::promise::{Promise, PromiseOutcome, PromiseState, Step};
use crate::remedy::{Remedy, RemedyKind};
use chrono::{DateTime, Utc};

/// What every complaint carries from receipt on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Case {
    /// The case id.
    pub(crate) id: ComplaintId,
    /// Who complained ([CU1]).
    ///
    /// [CU1]: crate::requirements#CU1
    pub(crate) customer: Customer,
    /// The complaint in the customer's terms.
    pub(crate) summary: String,
    /// What they asked for and by when ([CU2]).
    ///
    /// [CU2]: crate::requirements#CU2
    pub(crate) expectation: Expectation,
    /// What their contract covers ([CU3]).
    ///
    /// [CU3]: crate::requirements#CU3
    pub(crate) entitlement: Entitlement,
    /// When it was received.
    pub(crate) received_at: DateTime<Utc>,
    /// The earlier case this one follows up, when it was opened after that case's reopen
    /// window ([CO7]).
    ///
    /// [CO7]: crate::requirements#CO7
    pub(crate) follows: Option<ComplaintId>,
    /// The instant of the latest event; commands may not go back before it.
    pub(crate) last_at: DateTime<Utc>,
    /// What the case has been given so far (delivered remedies), totalled per kind;
    /// limits apply per case ([EM2]).
    ///
    /// [EM2]: crate::requirements#EM2
    pub(crate) granted: Granted,
    /// How many times the case was reopened ([CO7]).
    ///
    /// [CO7]: crate::requirements#CO7
    pub(crate) reopened: u32,
    /// The internal root cause, once known ([CO2]).
    ///
    /// [CO2]: crate::requirements#CO2
    pub(crate) root_cause: Option<RootCause>,
    /// Evidence that the customer is abusive; empty means trust, the default ([CU4]).
    ///
    /// [CU4]: crate::requirements#CU4
    pub(crate) abuse_evidence: Vec<String>,
    /// Every text the customer has been given, in order: messages, next steps, option
    /// descriptions, refusal reasons ([CO2], [RE2]).
    ///
    /// [CO2]: crate::requirements#CO2
    /// [RE2]: crate::requirements#RE2
    pub(crate) told: Vec<String>,
    /// The promises settled before the current one, in order ([PR1]).
    ///
    /// [PR1]: crate::requirements#PR1
    pub(crate) promises: Vec<PromiseState>,
}

/// The remedies one case has received, totalled per kind ([EM2]). Fixed size: adding to
/// it never allocates. All grants are in one currency, the policy's, which
/// [`crate::empowerment::Organisation::authorize`] enforces.
///
/// [EM2]: crate::requirements#EM2
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Granted {
    currency: Option<Currency>,
    received: u16,
    totals: [u64; RemedyKind::ALL.len()],
}

impl Granted {
    fn slot(kind: RemedyKind) -> usize {
        RemedyKind::ALL
            .iter()
            .position(|k| *k == kind)
            .unwrap_or_default()
    }

    /// The total of `kind` so far, if the case received any.
    pub fn total(&self, kind: RemedyKind) -> Option<Money> {
        let slot = Self::slot(kind);
        let currency = self.currency?;
        let received = self.received & (1 << slot) != 0;
        received.then(|| Money::minor(self.totals.get(slot).copied().unwrap_or(0), currency))
    }

    /// The totals with `remedy` added to its kind's ([EM2]).
    ///
    /// # Errors
    /// [`MoneyError::CurrencyMismatch`] for a remedy in another currency than the case's
    /// earlier grants; [`MoneyError::Overflow`] when the total would not fit.
    ///
    /// [EM2]: crate::requirements#EM2
    pub fn with(&self, remedy: Remedy) -> Result<Granted, MoneyError> {
        let currency = self.currency.unwrap_or(remedy.value.currency());
        if currency != remedy.value.currency() {
            return Err(MoneyError::CurrencyMismatch {
                left: currency,
                right: remedy.value.currency(),
            });
        }
        let slot = Self::slot(remedy.kind);
        let mut next = *self;
        next.currency = Some(currency);
        if let Some(total) = next.totals.get_mut(slot) {
            *total = total
                .checked_add(remedy.value.minor_units())
                .ok_or(MoneyError::Overflow)?;
            next.received |= 1 << slot;
        }
        Ok(next)
    }

    /// Adds `remedy` to its kind's total. [`ComplaintEvent::Delivered`] is admitted only
    /// when [`Granted::with`] accepts it, so nothing is lost here.
    ///
    /// [`ComplaintEvent::Delivered`]: super::ComplaintEvent::Delivered
    pub(super) fn add(&mut self, remedy: Remedy) {
        if let Ok(next) = self.with(remedy) {
            *self = next;
        }
    }

    /// The currency of the case's grants, once it has any.
    pub fn currency(&self) -> Option<Currency> {
        self.currency
    }

    /// Every kind received, with its total.
    pub fn iter(&self) -> impl Iterator<Item = Remedy> + '_ {
        RemedyKind::ALL
            .iter()
            .filter_map(|kind| self.total(*kind).map(|value| Remedy::new(*kind, value)))
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Granted {
    /// The array of per-kind totals, as remedies.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl Case {
    /// The case id.
    pub fn id(&self) -> ComplaintId {
        self.id
    }

    /// Who complained ([CU1]).
    ///
    /// [CU1]: crate::requirements#CU1
    pub fn customer(&self) -> Customer {
        self.customer
    }

    /// The complaint in the customer's terms.
    pub fn summary(&self) -> &str {
        &self.summary
    }

    /// What they asked for and by when ([CU2]).
    ///
    /// [CU2]: crate::requirements#CU2
    pub fn expectation(&self) -> &Expectation {
        &self.expectation
    }

    /// What their contract covers ([CU3]).
    ///
    /// [CU3]: crate::requirements#CU3
    pub fn entitlement(&self) -> &Entitlement {
        &self.entitlement
    }

    /// When it was received.
    pub fn received_at(&self) -> DateTime<Utc> {
        self.received_at
    }

    /// The earlier case this one follows up, opened after that case's reopen window
    /// ([CO7]).
    ///
    /// [CO7]: crate::requirements#CO7
    pub fn follows(&self) -> Option<ComplaintId> {
        self.follows
    }

    /// The instant of the latest event; commands may not go back before it.
    pub fn last_at(&self) -> DateTime<Utc> {
        self.last_at
    }

    /// What the case has been given so far, totalled per kind ([EM2]).
    ///
    /// [EM2]: crate::requirements#EM2
    pub fn granted(&self) -> &Granted {
        &self.granted
    }

    /// How many times the case was reopened ([CO7]).
    ///
    /// [CO7]: crate::requirements#CO7
    pub fn reopened(&self) -> u32 {
        self.reopened
    }

    /// The internal root cause, once known ([CO2]).
    ///
    /// [CO2]: crate::requirements#CO2
    pub fn root_cause(&self) -> Option<&RootCause> {
        self.root_cause.as_ref()
    }

    /// Evidence that the customer is abusive; empty means trust, the default ([CU4]).
    ///
    /// [CU4]: crate::requirements#CU4
    pub fn abuse_evidence(&self) -> &[String] {
        &self.abuse_evidence
    }

    /// Every text the customer has been given, in order: messages, next steps, option
    /// descriptions, refusal reasons ([CO2], [RE2]).
    ///
    /// [CO2]: crate::requirements#CO2
    /// [RE2]: crate::requirements#RE2
    pub fn told(&self) -> &[String] {
        &self.told
    }

    /// The promises the case settled before its current one, in order: each promise
    /// marked broken (the case went back to investigation for a new one), and each kept
    /// before the case was reopened ([PR1]).
    ///
    /// [PR1]: crate::requirements#PR1
    pub fn promises(&self) -> &[PromiseState] {
        &self.promises
    }

    /// The currency of the case's amounts: its entitlement's and expectation's, or once
    /// it has any, its grants' ([X6]).
    ///
    /// [X6]: crate::requirements#X6
    pub fn currency(&self) -> Option<Currency> {
        self.entitlement
            .remedies()
            .chain(self.expectation.asked)
            .map(|remedy| remedy.value.currency())
            .next()
            .or(self.granted.currency())
    }

    /// The party recorded as the root cause, when a text the customer was given names
    /// it: the case pointed a finger ([CO2], [RE2]).
    ///
    /// [CO2]: crate::requirements#CO2
    /// [RE2]: crate::requirements#RE2
    pub fn blamed(&self) -> Option<&str> {
        blamed(&self.told, self.root_cause.as_ref())
    }

    /// Whether evidence of abuse has been recorded ([CU4]).
    ///
    /// [CU4]: crate::requirements#CU4
    pub fn is_flagged_abusive(&self) -> bool {
        !self.abuse_evidence.is_empty()
    }
}

/// The party `cause` names, when one of the texts `told` to the customer names it too
/// ([CO2], [RE2]): the one test of a pointed finger, for the case and for the audit.
///
/// [CO2]: crate::requirements#CO2
/// [RE2]: crate::requirements#RE2
pub(crate) fn blamed<'c>(told: &[String], cause: Option<&'c RootCause>) -> Option<&'c str> {
    let party = cause?.origin.party()?;
    told.iter()
        .any(|text| crate::text::names(text, party))
        .then_some(party)
}

/// A case with the person who owns it ([CO1], [CO6]).
///
/// [CO1]: crate::requirements#CO1
/// [CO6]: crate::requirements#CO6
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Owned {
    /// The case, boxed so that moving the state from one stage to the next copies a
    /// pointer rather than the whole case.
    pub(crate) case: Box<Case>,
    /// Who owns it now.
    pub(crate) owner: StaffId,
}

impl Owned {
    /// The case.
    pub fn case(&self) -> &Case {
        &self.case
    }

    /// Who owns it now ([CO1], [CO6]).
    ///
    /// [CO1]: crate::requirements#CO1
    /// [CO6]: crate::requirements#CO6
    pub fn owner(&self) -> StaffId {
        self.owner
    }
}

/// One way to put things right, offered to the customer (CO3, PR2).
///
/// In JSON: `{"remedy": {…}, "description": "…", "estimate": "…", "due": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct ResolutionOption {
    /// The remedy.
    pub remedy: Remedy,
    /// What the customer would get, in their words; becomes the promise.
    pub description: String,
    /// When it could be delivered, internally.
    pub estimate: DateTime<Utc>,
    /// The date promised if chosen: the estimate plus at least the buffer (PR2).
    pub due: DateTime<Utc>,
}

impl ResolutionOption {
    /// An option: `remedy`, described to the customer as `description`, estimated
    /// internally for `estimate` and promised for `due` if chosen ([CO3], [PR1], [PR2]).
    ///
    /// [CO3]: crate::requirements#CO3
    /// [PR1]: crate::requirements#PR1
    /// [PR2]: crate::requirements#PR2
    pub fn new(
        remedy: Remedy,
        description: impl Into<String>,
        estimate: DateTime<Utc>,
        due: DateTime<Utc>,
    ) -> Self {
        Self {
            remedy,
            description: description.into(),
            estimate,
            due,
        }
    }
}

/// The options on the table, and who put them there ([CO3], [CO4]).
///
/// [CO3]: crate::requirements#CO3
/// [CO4]: crate::requirements#CO4
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Offer {
    /// One or more options.
    pub(crate) options: Vec<ResolutionOption>,
    /// Who offered them.
    pub(crate) made_by: StaffId,
    /// When.
    pub(crate) offered_at: DateTime<Utc>,
    /// Why the customer's own demand was refused, when it was ([CO4]).
    ///
    /// [CO4]: crate::requirements#CO4
    pub(crate) refusal: Option<String>,
    /// Who approved the offer, when it needed approval ([EM3], [CU4]).
    ///
    /// [CU4]: crate::requirements#CU4
    /// [EM3]: crate::requirements#EM3
    pub(crate) approved_by: Option<StaffId>,
}

impl Offer {
    /// One or more options ([CO3]).
    ///
    /// [CO3]: crate::requirements#CO3
    pub fn options(&self) -> &[ResolutionOption] {
        &self.options
    }

    /// Who offered them.
    pub fn made_by(&self) -> StaffId {
        self.made_by
    }

    /// When.
    pub fn offered_at(&self) -> DateTime<Utc> {
        self.offered_at
    }

    /// Why the customer's own demand was refused, when it was ([CO4]).
    ///
    /// [CO4]: crate::requirements#CO4
    pub fn refusal(&self) -> Option<&str> {
        self.refusal.as_deref()
    }

    /// Who approved the offer, when it needed approval ([EM3], [CU4]).
    ///
    /// [CU4]: crate::requirements#CU4
    /// [EM3]: crate::requirements#EM3
    pub fn approved_by(&self) -> Option<StaffId> {
        self.approved_by
    }
}

/// How a resolved case was put right.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Resolution {
    /// The remedy the customer chose ([CO3]).
    ///
    /// [CO3]: crate::requirements#CO3
    pub(crate) remedy: Remedy,
    /// The promise it became: what, by when, and the estimate.
    pub(crate) promise: Promise,
    /// When it was delivered.
    pub(crate) delivered_at: DateTime<Utc>,
    /// How the delivery settled the promise ([PR1]).
    ///
    /// [PR1]: crate::requirements#PR1
    pub(crate) outcome: PromiseOutcome,
}

impl Resolution {
    /// The remedy the customer chose ([CO3]).
    ///
    /// [CO3]: crate::requirements#CO3
    pub fn remedy(&self) -> Remedy {
        self.remedy
    }

    /// The promise it became: what, by when, and the estimate.
    pub fn promise(&self) -> &Promise {
        &self.promise
    }

    /// When it was delivered.
    pub fn delivered_at(&self) -> DateTime<Utc> {
        self.delivered_at
    }

    /// How the delivery settled the promise ([PR1]).
    ///
    /// [PR1]: crate::requirements#PR1
    pub fn outcome(&self) -> PromiseOutcome {
        self.outcome
    }

    /// The promise as the delivery settled it: kept early, kept, or broken by a late
    /// delivery ([PR1]).
    ///
    /// [PR1]: crate::requirements#PR1
    pub fn settled(&self) -> PromiseState {
        self.clone().into_settled()
    }

    pub(crate) fn into_settled(self) -> PromiseState {
        let delivered = Step::Deliver {
            at: self.delivered_at,
            outcome: self.outcome,
        };
        delivered.evolve(PromiseState::opened(self.promise))
    }
}

/// How satisfied the customer is with the case, 1 (very unhappy) to 5 (very happy)
/// (CO8). Feedback rates on a scale of its own choosing: [`crate::feedback::Rating`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(try_from = "u8", into = "u8"))]
#[cfg_attr(feature = "schemars", schemars(extend("minimum" = 1, "maximum" = 5)))]
pub struct Satisfaction(u8);

impl Satisfaction {
    /// The rating, 1 to 5.
    pub const fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Satisfaction {
    type Error = super::ComplaintError;

    /// # Errors
    /// [`super::ComplaintError::RatingOutOfRange`] outside 1–5.
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        if (1..=5).contains(&value) {
            Ok(Self(value))
        } else {
            Err(super::ComplaintError::RatingOutOfRange { value })
        }
    }
}

impl From<Satisfaction> for u8 {
    fn from(rating: Satisfaction) -> Self {
        rating.0
    }
}

/// The customer's own judgement of the case, given at closing (CO8). It is the one that
/// counts (decalogue 8).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Verdict {
    /// How satisfied they are.
    pub rating: Option<Satisfaction>,
    /// The outcome against what they expected (CU2).
    pub expectation: Option<ExpectationGap>,
}

/// How a case was closed ([CO3], [CO8]).
///
/// [CO3]: crate::requirements#CO3
/// [CO8]: crate::requirements#CO8
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
pub enum Closing {
    /// After the resolution was delivered.
    Resolved {
        /// The resolution.
        resolution: Resolution,
        /// The customer's verdict, if they gave one.
        verdict: Verdict,
    },
    /// The customer did not answer the offer within the confirmation window.
    Unanswered {
        /// The offer left unanswered.
        offer: Offer,
    },
    /// After external dispute resolution.
    AfterReferral {
        /// The body the case was referred to.
        body: String,
        /// The customer's verdict, if they gave one.
        verdict: Verdict,
    },
}

/// The state of one complaint.
///
/// It serialises, for inspection; to load a complaint, replay its events ([X4]). The
/// default is [`ComplaintState::New`], the state before any event.
///
/// [X4]: crate::requirements#X4
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "status", rename_all = "snake_case"))]
pub enum ComplaintState {
    /// Nothing received yet.
    #[default]
    New,
    /// Received, not yet owned.
    Received {
        /// The case.
        case: Box<Case>,
    },
    /// Owned and acknowledged to the customer ([CO1]).
    ///
    /// [CO1]: crate::requirements#CO1
    Acknowledged(Owned),
    /// Being looked into.
    Investigating(Owned),
    /// Waiting for the customer to answer a question; SLA clocks pause here.
    AwaitingCustomer(Owned),
    /// An offer above the owner's authority or beyond the entitlement waits for someone
    /// above ([EM3], [CU4]).
    ///
    /// [CU4]: crate::requirements#CU4
    /// [EM3]: crate::requirements#EM3
    AwaitingApproval {
        /// The case.
        owned: Owned,
        /// The offer waiting.
        offer: Offer,
        /// The nearest person who can approve it.
        escalated_to: StaffId,
    },
    /// Options are with the customer, who chooses ([CO3]).
    ///
    /// [CO3]: crate::requirements#CO3
    ResolutionOffered {
        /// The case.
        owned: Owned,
        /// The options.
        offer: Offer,
    },
    /// The customer chose; the promise is being kept.
    Resolving {
        /// The case.
        owned: Owned,
        /// The remedy chosen.
        remedy: Remedy,
        /// The promise the chosen option became, open: the promise decider
        /// ([`crate::promise::Lifecycle`]) delivers it, marks it broken or renegotiates
        /// it ([PR1]).
        ///
        /// [PR1]: crate::requirements#PR1
        promise: PromiseState,
    },
    /// Delivered.
    Resolved {
        /// The case.
        owned: Owned,
        /// How it was put right.
        resolution: Resolution,
    },
    /// Closed; may still be reopened within the window ([CO7]).
    ///
    /// [CO7]: crate::requirements#CO7
    Closed {
        /// The case.
        owned: Owned,
        /// How.
        closing: Closing,
        /// When.
        closed_at: DateTime<Utc>,
    },
    /// Reopened after resolution or closing, with a reason ([CO7]).
    ///
    /// [CO7]: crate::requirements#CO7
    Reopened {
        /// The case.
        owned: Owned,
        /// Why.
        reason: String,
    },
    /// The customer withdrew the complaint.
    Withdrawn {
        /// The case.
        case: Box<Case>,
        /// The owner at the time, if it had one.
        owner: Option<StaffId>,
    },
    /// Referred to external dispute resolution (ISO 10003).
    Referred {
        /// The case.
        owned: Owned,
        /// The body it went to.
        body: String,
    },
}

/// The pattern of every state that holds an [`Owned`] case, binding it to `$owned`: the
/// one list of them.
macro_rules! owned {
    ($owned:ident) => {
        ComplaintState::Acknowledged($owned)
            | ComplaintState::Investigating($owned)
            | ComplaintState::AwaitingCustomer($owned)
            | ComplaintState::AwaitingApproval { owned: $owned, .. }
            | ComplaintState::ResolutionOffered { owned: $owned, .. }
            | ComplaintState::Resolving { owned: $owned, .. }
            | ComplaintState::Resolved { owned: $owned, .. }
            | ComplaintState::Closed { owned: $owned, .. }
            | ComplaintState::Reopened { owned: $owned, .. }
            | ComplaintState::Referred { owned: $owned, .. }
    };
}

impl ComplaintState {
    /// The case and its owner, in every state after acknowledgement but withdrawal.
    pub fn owned(&self) -> Option<&Owned> {
        match self {
            owned!(owned) => Some(owned),
            ComplaintState::New
            | ComplaintState::Received { .. }
            | ComplaintState::Withdrawn { .. } => None,
        }
    }

    pub(super) fn owned_mut(&mut self) -> Option<&mut Owned> {
        match self {
            owned!(owned) => Some(owned),
            ComplaintState::New
            | ComplaintState::Received { .. }
            | ComplaintState::Withdrawn { .. } => None,
        }
    }

    /// The case, in every state but [`ComplaintState::New`].
    pub fn case(&self) -> Option<&Case> {
        match self {
            ComplaintState::Received { case } | ComplaintState::Withdrawn { case, .. } => {
                Some(case)
            }
            other => other.owned().map(|owned| &*owned.case),
        }
    }

    pub(super) fn case_mut(&mut self) -> Option<&mut Case> {
        match self {
            ComplaintState::Received { case } | ComplaintState::Withdrawn { case, .. } => {
                Some(case)
            }
            other => other.owned_mut().map(|owned| &mut *owned.case),
        }
    }

    /// The owned case by value, or the state back when it has none.
    #[allow(clippy::result_large_err)] // the state comes back by value, unchanged
    pub(super) fn into_owned(self) -> Result<Owned, Self> {
        match self {
            owned!(owned) => Ok(owned),
            other => Err(other),
        }
    }

    /// The case and its owner (if any) by value, or the state back when it has no case.
    #[allow(clippy::result_large_err)] // the state comes back by value, unchanged
    pub(super) fn into_case(self) -> Result<(Box<Case>, Option<StaffId>), Self> {
        match self {
            ComplaintState::Received { case } => Ok((case, None)),
            ComplaintState::Withdrawn { case, owner } => Ok((case, owner)),
            other => other
                .into_owned()
                .map(|owned| (owned.case, Some(owned.owner))),
        }
    }

    /// Who owns the case now; `None` before acknowledgement ([CO6]).
    ///
    /// [CO6]: crate::requirements#CO6
    pub fn owner(&self) -> Option<StaffId> {
        match self {
            ComplaintState::Withdrawn { owner, .. } => *owner,
            other => other.owned().map(|owned| owned.owner),
        }
    }

    /// Every promise of the case, in the order they were made: those settled before
    /// (a promise marked broken, or kept before a reopening), then the current one, kept
    /// in its resolution or open while it is being kept ([PR1]). A promise still open
    /// when the customer withdraws is neither kept nor broken, and is not listed. With
    /// the promises made on their own, these are what the weekly review
    /// ([`crate::feedback::review::weekly_review`]) and the promise tally
    /// ([`crate::metrics::PromiseTally::add_state`]) count.
    ///
    /// [PR1]: crate::requirements#PR1
    pub fn promises(&self) -> impl Iterator<Item = PromiseState> + '_ {
        let earlier = self.case().map(Case::promises).unwrap_or_default();
        let current = match self {
            ComplaintState::Resolving { promise, .. } => Some(promise.clone()),
            ComplaintState::Resolved { resolution, .. }
            | ComplaintState::Closed {
                closing: Closing::Resolved { resolution, .. },
                ..
            } => Some(resolution.settled()),
            _ => None,
        };
        earlier.iter().cloned().chain(current)
    }

    /// The packaged-recovery check on this case as it stands ([RE2]).
    ///
    /// [RE2]: crate::requirements#RE2
    pub fn recovery(&self) -> Recovery {
        let resolution = match self {
            ComplaintState::Resolved { resolution, .. }
            | ComplaintState::Closed {
                closing: Closing::Resolved { resolution, .. },
                ..
            } => Some(resolution),
            _ => None,
        };
        Recovery {
            responsibility_taken: self.owner().is_some(),
            no_blame: self.case().is_none_or(|case| case.blamed().is_none()),
            customer_chose: resolution.is_some()
                || matches!(self, ComplaintState::Resolving { .. }),
            delivered_as_promised: resolution.map(|r| r.outcome != PromiseOutcome::Late),
        }
    }
}

/// The packaged recovery of a case (RE2): owned, no blame, the customer chose, delivered
/// at or before the promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Recovery {
    /// Someone owned the case and acknowledged it (CO1).
    pub responsibility_taken: bool,
    /// No text the customer was given names the party recorded as the root cause
    /// (CO2). A message has no field for a culprit, and the decider refuses texts that
    /// name a party the organisation never blames or a root cause already recorded;
    /// this catches the rest: a text that named a party before it was found to be the
    /// root cause. It cannot catch blame in other words (a paraphrase, a misspelling,
    /// "the delivery company", blaming the customer), which only a reader can.
    pub no_blame: bool,
    /// The customer chose the resolution (CO3).
    pub customer_chose: bool,
    /// Delivered at or before the date promised; `None` until delivered (PR1).
    pub delivered_as_promised: Option<bool>,
}

impl Recovery {
    /// Whether all four parts hold.
    pub fn is_complete(&self) -> bool {
        self.responsibility_taken
            && self.no_blame
            && self.customer_chose
            && self.delivered_as_promised == Some(true)
    }
}

crate::machine::tags! {
    /// The tag of a [`ComplaintState`], in the order of the ISO 10002 flow, the side
    /// exits last.
    pub enum ComplaintStatus for ComplaintState::status {
        New = "new",
        Received = "received",
        Acknowledged = "acknowledged",
        Investigating = "investigating",
        AwaitingCustomer = "awaiting_customer",
        AwaitingApproval = "awaiting_approval",
        ResolutionOffered = "resolution_offered",
        Resolving = "resolving",
        Resolved = "resolved",
        Closed = "closed",
        Reopened = "reopened",
        Withdrawn = "withdrawn",
        Referred = "referred",
    }
}

#[cfg(test)]
mod tests {
    use super::Granted;
    use crate::money::{Currency, Money};
    use crate::remedy::{Remedy, RemedyKind};

    #[test]
    fn em2_what_a_case_received_is_totalled_per_kind() {
        let eur = |cents| Money::minor(cents, Currency::EUR);
        let mut granted = Granted::default();
        granted.add(Remedy::new(RemedyKind::Refund, eur(4_000)));
        granted.add(Remedy::new(RemedyKind::Credit, eur(500)));
        granted.add(Remedy::new(RemedyKind::Refund, eur(1_000)));
        granted.add(Remedy::new(RemedyKind::Apology, eur(0)));
        assert_eq!(granted.total(RemedyKind::Refund), Some(eur(5_000)));
        assert_eq!(granted.total(RemedyKind::Credit), Some(eur(500)));
        // An apology was received, worth nothing; no discount was.
        assert_eq!(granted.total(RemedyKind::Apology), Some(eur(0)));
        assert_eq!(granted.total(RemedyKind::Discount), None);
        let kinds: Vec<_> = granted.iter().map(|remedy| remedy.kind).collect();
        assert_eq!(
            kinds,
            [RemedyKind::Apology, RemedyKind::Refund, RemedyKind::Credit]
        );
    }
}
