//! Promises: who promised what, to whom, by when, and whether it was kept ([PR1], [PR2]).
//!
//! Promise little, deliver more. A promise records the internal estimate beside the
//! date told to the customer, and the date told must leave at least the policy's buffer
//! after the estimate ([PR2]), so that a promise made is a promise kept. It is judged as
//! the customer sees it, against the date they were told: it ends kept early (delivered
//! before that date by at least the policy's early margin, an hour unless set), kept (by
//! that date), or broken (late, or noted as never delivered); before its date it may be
//! renegotiated with the customer's consent, which replaces its terms in the same stream
//! ([PR1]). Following the research on promises, kept early is reported apart but counts
//! as kept, never above it.
//!
//! [`Lifecycle`] is the decider; its table is [`TRANSITIONS`]:
//!
//! ```mermaid
//! stateDiagram-v2
//!     [*] --> not_made
//!     not_made --> open : make
//!     open --> kept_early : deliver
//!     open --> kept : deliver
//!     open --> broken : deliver, mark_broken
//!     open --> open : renegotiate
//!     kept_early --> [*]
//!     kept --> [*]
//!     broken --> [*]
//! ```
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use customer_care::customer::{Customer, CustomerKind};
//! use customer_care::id::StaffId;
//! use customer_care::promise::{Lifecycle, PromiseCommand, PromiseError, PromisePolicy, PromiseState, PromiseTerms};
//! use customer_care::stream::{CommandMeta, EventStream};
//!
//! let policy = PromisePolicy::new(24 * 60); // promise a day after the estimate
//! let monday = Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap();
//! let terms = PromiseTerms {
//!     made_by: StaffId::from_uuid(uuid::Uuid::from_u128(1)),
//!     to: Customer::anonymous(CustomerKind::External),
//!     what: "a replacement kettle at the door".into(),
//!     made_at: monday,
//!     estimate: monday + Duration::days(2),
//!     due: monday + Duration::days(2), // no buffer
//! };
//! let mut promise = EventStream::<Lifecycle>::new();
//! let too_tight = promise.execute_with(PromiseCommand::Make(terms.clone()), &policy, CommandMeta::NONE);
//! assert!(matches!(too_tight.unwrap_err().to_string().as_str(), m if m.contains("under-promise")));
//!
//! let terms = PromiseTerms { due: monday + Duration::days(3), ..terms };
//! promise.execute_with(PromiseCommand::Make(terms), &policy, CommandMeta::NONE)?;
//! let delivered = PromiseCommand::Deliver { at: monday + Duration::days(2) };
//! promise.execute_with(delivered, &policy, CommandMeta::NONE)?;
//! assert!(matches!(promise.state(), PromiseState::KeptEarly { .. }));
//! # Ok::<(), customer_care::stream::StreamError<PromiseError>>(())
//! ```
//!
//! # JSON
//! [`PromiseTerms`] and a [`Promise`] are `{"made_by": "…", "to": {…customer…}, "what":
//! "…", "made_at": "…", "estimate": "…", "due": "…"}`; loading a promise checks that the
//! description is not blank and that made ≤ estimate ≤ due. The buffer is a rule of
//! making a promise under the policy then in force, so it is not checked on load; a
//! stream's [`EventStream::verify`](crate::stream::EventStream::verify) checks it, and
//! the early margin, under the policy given. A [`PromiseState`] loads only with dates
//! its outcome allows, and a stream only with events the lifecycle could have emitted.
//! Commands and events are internally tagged: `{"type": "deliver", "at": "…"}`,
//! `{"type": "delivered", "at": "…", "outcome": "kept_early"}`.
//!
//! [PR1]: crate::requirements#PR1
//! [PR2]: crate::requirements#PR2

use crate::customer::Customer;
use crate::diagram::Transition;
use crate::id::StaffId;
use crate::machine::{Machine, OutOfTurn};
use crate::stream::Decider;
use chrono::{DateTime, TimeDelta, Utc};
use core::fmt;

/// How much later than the internal estimate a promised date must be (PR2), and how
/// much before the promised date a delivery must come to count as kept early (PR1).
///
/// In JSON, `{"buffer_minutes": 1440, "early_margin_minutes": 60}`; a missing
/// `early_margin_minutes` is [`PromisePolicy::DEFAULT_EARLY_MARGIN_MINUTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct PromisePolicy {
    /// The buffer, in minutes of calendar time.
    pub buffer_minutes: u32,
    /// How long before the promised date a delivery must come to be kept early, in
    /// minutes of calendar time (PR1).
    #[cfg_attr(feature = "serde", serde(default = "default_early_margin"))]
    pub early_margin_minutes: u32,
}

#[cfg(feature = "serde")]
fn default_early_margin() -> u32 {
    PromisePolicy::DEFAULT_EARLY_MARGIN_MINUTES
}

impl Default for PromisePolicy {
    /// No buffer, and the default early margin.
    fn default() -> Self {
        Self::new(0)
    }
}

impl PromisePolicy {
    /// The early margin unless a policy says otherwise: an hour ([PR1]).
    ///
    /// [PR1]: crate::requirements#PR1
    pub const DEFAULT_EARLY_MARGIN_MINUTES: u32 = 60;

    /// A policy with a buffer of `buffer_minutes` and the default early margin.
    pub const fn new(buffer_minutes: u32) -> Self {
        Self {
            buffer_minutes,
            early_margin_minutes: Self::DEFAULT_EARLY_MARGIN_MINUTES,
        }
    }

    /// The early margin as a duration ([PR1]).
    ///
    /// [PR1]: crate::requirements#PR1
    pub fn early_margin(&self) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.early_margin_minutes))
    }

    /// The buffer as a duration.
    pub fn buffer(&self) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.buffer_minutes))
    }

    /// Checks the terms of a promise about to be made: a description, made ≤ estimate ≤
    /// due, and the buffer between estimate and due ([PR1], [PR2]).
    ///
    /// # Errors
    /// [`PromiseError::NothingPromised`], [`PromiseError::DatesOutOfOrder`],
    /// [`PromiseError::BufferMissing`] or [`PromiseError::OutOfRange`].
    ///
    /// [PR1]: crate::requirements#PR1
    /// [PR2]: crate::requirements#PR2
    pub fn check_terms(
        &self,
        what: &str,
        made_at: DateTime<Utc>,
        estimate: DateTime<Utc>,
        due: DateTime<Utc>,
    ) -> Result<(), PromiseError> {
        check_shape(what, made_at, estimate, due)?;
        let earliest = self.earliest_due(estimate)?;
        if due < earliest {
            return Err(PromiseError::BufferMissing {
                estimate,
                due,
                earliest,
            });
        }
        Ok(())
    }

    /// The earliest date that may be promised for work estimated to finish at `estimate`
    /// ([PR2]).
    ///
    /// # Errors
    /// [`PromiseError::OutOfRange`] past the end of representable time.
    ///
    /// [PR2]: crate::requirements#PR2
    pub fn earliest_due(&self, estimate: DateTime<Utc>) -> Result<DateTime<Utc>, PromiseError> {
        estimate
            .checked_add_signed(self.buffer())
            .ok_or(PromiseError::OutOfRange)
    }
}

/// Why a promise command was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PromiseError {
    /// A delivery's recorded outcome contradicts its date and the promised date ([PR1]).
    ///
    /// [PR1]: crate::requirements#PR1
    #[error("a delivery at {at} cannot be {outcome} for a promise due at {due}")]
    OutcomeMismatch {
        /// The outcome recorded.
        outcome: PromiseOutcome,
        /// The promised date.
        due: DateTime<Utc>,
        /// When it was delivered.
        at: DateTime<Utc>,
    },
    /// A late delivery is found broken when it happens: a stored state that notes it
    /// at another instant is not one the lifecycle reaches ([PR1]).
    ///
    /// [PR1]: crate::requirements#PR1
    #[error("a late delivery at {delivered_at} is noted broken then, not at {noted_at}")]
    NotedApart {
        /// The delivery.
        delivered_at: DateTime<Utc>,
        /// The instant noted.
        noted_at: DateTime<Utc>,
    },
    /// A renegotiation changed more than the dates: who promised, to whom or what
    /// ([PR1]).
    ///
    /// [PR1]: crate::requirements#PR1
    #[error("a renegotiation changes only the dates; who promised what to whom stays")]
    TermsChanged,
    /// The command does not apply in the promise's state.
    #[error("cannot {command} a promise that is {state}")]
    NotAllowed {
        /// The state.
        state: PromiseStatus,
        /// The command.
        command: PromiseCommandKind,
    },
    /// A promise must say what is promised.
    #[error("a promise must say what is promised")]
    NothingPromised,
    /// The estimate is before the promise was made, or the due date before the estimate.
    #[error("promise dates out of order: made {made_at}, estimate {estimate}, due {due}")]
    DatesOutOfOrder {
        /// When it was made (or renegotiated).
        made_at: DateTime<Utc>,
        /// The internal estimate.
        estimate: DateTime<Utc>,
        /// The date promised.
        due: DateTime<Utc>,
    },
    /// The promised date leaves less than the policy's buffer after the estimate ([PR2]).
    ///
    /// [PR2]: crate::requirements#PR2
    #[error(
        "under-promise: {due} is too soon for an estimate of {estimate}; promise {earliest} or later"
    )]
    BufferMissing {
        /// The internal estimate.
        estimate: DateTime<Utc>,
        /// The date offered.
        due: DateTime<Utc>,
        /// The earliest date the policy allows.
        earliest: DateTime<Utc>,
    },
    /// An instant is before the promise was made.
    #[error("{at} is before the promise was made at {made_at}")]
    BeforeMade {
        /// The instant given.
        at: DateTime<Utc>,
        /// When the promise was made.
        made_at: DateTime<Utc>,
    },
    /// Renegotiation after the promised date: the promise is already broken.
    #[error("the promise was due at {due}; at {at} it can only be delivered late or marked broken")]
    DuePassed {
        /// The date promised.
        due: DateTime<Utc>,
        /// The instant given.
        at: DateTime<Utc>,
    },
    /// A promise cannot be marked broken before its date.
    #[error("the promise is due at {due}; at {at} it is not broken yet")]
    NotYetDue {
        /// The date promised.
        due: DateTime<Utc>,
        /// The instant given.
        at: DateTime<Utc>,
    },
    /// A date arithmetic result is outside the representable range.
    #[error("date out of range")]
    OutOfRange,
}

crate::refusal::refusals! { PromiseError {
    OutcomeMismatch { outcome, due, at } => "outcome_mismatch", "PR1";
    NotedApart { delivered_at, noted_at } => "noted_apart", "PR1";
    TermsChanged {} => "terms_changed", "PR1";
    NotAllowed { state, command } => "not_allowed", "X5";
    NothingPromised {} => "nothing_promised", "PR1";
    DatesOutOfOrder { made_at, estimate, due } => "dates_out_of_order", "PR2";
    BufferMissing { estimate, due, earliest } => "buffer_missing", "PR2";
    BeforeMade { at, made_at } => "before_made", "X4";
    DuePassed { due, at } => "due_passed", "PR1";
    NotYetDue { due, at } => "not_yet_due", "PR1";
    OutOfRange {} => "out_of_range", "X2";
} wraps {  } }

/// The terms of a promise before they are checked; also the promise's JSON shape.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct PromiseTerms {
    /// Who promised.
    pub made_by: StaffId,
    /// To whom.
    pub to: Customer,
    /// What, in words the customer would recognise.
    pub what: String,
    /// When the promise was made.
    pub made_at: DateTime<Utc>,
    /// When the business expects to deliver, internally.
    pub estimate: DateTime<Utc>,
    /// The date told to the customer.
    pub due: DateTime<Utc>,
}

/// A promise made to a customer: terms with a description and made ≤ estimate ≤ due
/// (PR1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "PromiseTerms", into = "PromiseTerms")
)]
pub struct Promise {
    terms: PromiseTerms,
}

impl TryFrom<PromiseTerms> for Promise {
    type Error = PromiseError;

    /// # Errors
    /// [`PromiseError::NothingPromised`] for a blank description;
    /// [`PromiseError::DatesOutOfOrder`] unless made ≤ estimate ≤ due.
    fn try_from(terms: PromiseTerms) -> Result<Self, Self::Error> {
        check_shape(&terms.what, terms.made_at, terms.estimate, terms.due)?;
        Ok(Self { terms })
    }
}

impl From<Promise> for PromiseTerms {
    fn from(promise: Promise) -> Self {
        promise.terms
    }
}

/// [PR1]: something is promised, and made ≤ estimate ≤ due.
///
/// [PR1]: crate::requirements#PR1
pub(crate) fn check_shape(
    what: &str,
    made_at: DateTime<Utc>,
    estimate: DateTime<Utc>,
    due: DateTime<Utc>,
) -> Result<(), PromiseError> {
    if crate::text::is_blank(what) {
        return Err(PromiseError::NothingPromised);
    }
    if made_at <= estimate && estimate <= due {
        Ok(())
    } else {
        Err(PromiseError::DatesOutOfOrder {
            made_at,
            estimate,
            due,
        })
    }
}

impl Promise {
    /// The terms.
    pub fn terms(&self) -> &PromiseTerms {
        &self.terms
    }

    /// The date told to the customer.
    pub fn due(&self) -> DateTime<Utc> {
        self.terms.due
    }

    /// How a delivery at `at` settles the promise, judged as the customer sees it: by
    /// the date they were promised, never by the internal estimate they were not told
    /// ([PR1]). Kept early when it comes before the promised date by at least the
    /// policy's early margin; kept when it comes by the promised date; late after it.
    ///
    /// [PR1]: crate::requirements#PR1
    pub fn settle(&self, at: DateTime<Utc>, policy: &PromisePolicy) -> PromiseOutcome {
        let due = self.terms.due;
        if at > due {
            PromiseOutcome::Late
        } else if at < due && due.signed_duration_since(at) >= policy.early_margin() {
            PromiseOutcome::KeptEarly
        } else {
            PromiseOutcome::Kept
        }
    }

    /// Whether `outcome` can be how a delivery at `at` settled the promise under some
    /// early margin: late exactly when after the promised date, kept early only before
    /// it ([PR1]). The margin itself is the policy's, checked by replaying the rules.
    ///
    /// # Errors
    /// [`PromiseError::BeforeMade`] for a delivery before the promise;
    /// [`PromiseError::OutcomeMismatch`] for an outcome the dates contradict.
    ///
    /// [PR1]: crate::requirements#PR1
    pub fn check_outcome(
        &self,
        outcome: PromiseOutcome,
        at: DateTime<Utc>,
    ) -> Result<(), PromiseError> {
        not_before(at, self)?;
        let due = self.terms.due;
        let fits = match outcome {
            PromiseOutcome::Late => at > due,
            PromiseOutcome::Kept => at <= due,
            PromiseOutcome::KeptEarly => at < due,
        };
        if fits {
            Ok(())
        } else {
            Err(PromiseError::OutcomeMismatch { outcome, due, at })
        }
    }

    /// Checks that the date promised leaves the policy's buffer after the estimate ([PR2]).
    ///
    /// # Errors
    /// [`PromiseError::BufferMissing`], or [`PromiseError::OutOfRange`].
    ///
    /// [PR2]: crate::requirements#PR2
    pub fn check_buffer(&self, policy: &PromisePolicy) -> Result<(), PromiseError> {
        let t = &self.terms;
        policy.check_terms(&t.what, t.made_at, t.estimate, t.due)
    }

    /// Checks new dates agreed with the customer at `consented_at`: before the promise
    /// fell due, not before it was made, and leaving the buffer ([PR1], [PR2]).
    ///
    /// # Errors
    /// [`PromiseError::BeforeMade`], [`PromiseError::DuePassed`], or the errors of
    /// [`PromisePolicy::check_terms`].
    ///
    /// [PR1]: crate::requirements#PR1
    /// [PR2]: crate::requirements#PR2
    pub fn check_renegotiation(
        &self,
        estimate: DateTime<Utc>,
        due: DateTime<Utc>,
        consented_at: DateTime<Utc>,
        policy: &PromisePolicy,
    ) -> Result<(), PromiseError> {
        self.check_renegotiation_shape(estimate, due, consented_at)?;
        policy.check_terms(&self.terms.what, consented_at, estimate, due)
    }

    /// The part of [`Promise::check_renegotiation`] that needs no policy: consent
    /// between the making and the promised date, new dates in order ([PR1]).
    ///
    /// # Errors
    /// [`PromiseError::BeforeMade`], [`PromiseError::DuePassed`] or
    /// [`PromiseError::DatesOutOfOrder`].
    ///
    /// [PR1]: crate::requirements#PR1
    pub fn check_renegotiation_shape(
        &self,
        estimate: DateTime<Utc>,
        due: DateTime<Utc>,
        consented_at: DateTime<Utc>,
    ) -> Result<(), PromiseError> {
        not_before(consented_at, self)?;
        if consented_at > self.due() {
            return Err(PromiseError::DuePassed {
                due: self.due(),
                at: consented_at,
            });
        }
        check_shape(&self.terms.what, consented_at, estimate, due)
    }

    /// The same promise with new dates, made at `made_at`; for terms already checked by
    /// [`Promise::check_renegotiation`].
    #[must_use]
    pub(crate) fn with_dates(
        mut self,
        made_at: DateTime<Utc>,
        estimate: DateTime<Utc>,
        due: DateTime<Utc>,
    ) -> Self {
        self.terms.made_at = made_at;
        self.terms.estimate = estimate;
        self.terms.due = due;
        self
    }

    /// Wraps terms that [`PromisePolicy::check_terms`] already accepted, as `evolve`
    /// does when a checked offer becomes a promise.
    pub(crate) fn from_checked(terms: PromiseTerms) -> Self {
        Self { terms }
    }
}

/// How a delivery settled a promise (PR1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PromiseOutcome {
    /// Delivered before the promised date by at least the policy's early margin: more
    /// than was promised. Counts as kept.
    KeptEarly,
    /// Delivered by the date promised.
    Kept,
    /// Delivered after the date promised: broken.
    Late,
}

impl fmt::Display for PromiseOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PromiseOutcome::KeptEarly => "kept early",
            PromiseOutcome::Kept => "kept",
            PromiseOutcome::Late => "late",
        })
    }
}

/// The state of one promise. Each variant holds what is true in it, and loading one
/// from JSON checks that (X3): a delivery kept early or kept came after the making and
/// by the promised date, a late one after it, and a promise marked broken was due.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(tag = "status", rename_all = "snake_case"))]
#[cfg_attr(feature = "serde", serde(try_from = "StoredPromiseState"))]
pub enum PromiseState {
    /// No promise yet.
    NotMade,
    /// Made and not yet settled.
    Open {
        /// The terms in force.
        promise: Promise,
        /// How many times the terms were renegotiated with consent.
        renegotiations: u32,
    },
    /// Delivered before the promised date by at least the policy's early margin.
    KeptEarly {
        /// The terms.
        promise: Promise,
        /// When it was delivered.
        delivered_at: DateTime<Utc>,
    },
    /// Delivered by the date promised.
    Kept {
        /// The terms.
        promise: Promise,
        /// When it was delivered.
        delivered_at: DateTime<Utc>,
    },
    /// Late, or never delivered.
    Broken {
        /// The terms.
        promise: Promise,
        /// When it was delivered, if it ever was.
        delivered_at: Option<DateTime<Utc>>,
        /// When it was found broken: the late delivery, or the moment it was marked.
        noted_at: DateTime<Utc>,
    },
}

/// A [`PromiseState`] as stored, before its dates are checked.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
#[serde(tag = "status", rename_all = "snake_case")]
enum StoredPromiseState {
    #[serde(deserialize_with = "crate::no_fields")]
    NotMade,
    Open {
        promise: Promise,
        renegotiations: u32,
    },
    KeptEarly {
        promise: Promise,
        delivered_at: DateTime<Utc>,
    },
    Kept {
        promise: Promise,
        delivered_at: DateTime<Utc>,
    },
    Broken {
        promise: Promise,
        delivered_at: Option<DateTime<Utc>>,
        noted_at: DateTime<Utc>,
    },
}

#[cfg(feature = "serde")]
impl TryFrom<StoredPromiseState> for PromiseState {
    type Error = PromiseError;

    fn try_from(stored: StoredPromiseState) -> Result<Self, PromiseError> {
        use StoredPromiseState as S;
        Ok(match stored {
            S::NotMade => PromiseState::NotMade,
            S::Open {
                promise,
                renegotiations,
            } => PromiseState::Open {
                promise,
                renegotiations,
            },
            S::KeptEarly {
                promise,
                delivered_at,
            } => {
                promise.check_outcome(PromiseOutcome::KeptEarly, delivered_at)?;
                PromiseState::KeptEarly {
                    promise,
                    delivered_at,
                }
            }
            S::Kept {
                promise,
                delivered_at,
            } => {
                promise.check_outcome(PromiseOutcome::Kept, delivered_at)?;
                PromiseState::Kept {
                    promise,
                    delivered_at,
                }
            }
            S::Broken {
                promise,
                delivered_at,
                noted_at,
            } => {
                match delivered_at {
                    Some(at) if at != noted_at => {
                        return Err(PromiseError::NotedApart {
                            delivered_at: at,
                            noted_at,
                        });
                    }
                    Some(at) => promise.check_outcome(PromiseOutcome::Late, at)?,
                    None if noted_at <= promise.due() => {
                        return Err(PromiseError::NotYetDue {
                            due: promise.due(),
                            at: noted_at,
                        });
                    }
                    None => {}
                }
                PromiseState::Broken {
                    promise,
                    delivered_at,
                    noted_at,
                }
            }
        })
    }
}

impl PromiseState {
    /// A promise just made: open, never renegotiated.
    pub(crate) fn opened(promise: Promise) -> Self {
        PromiseState::Open {
            promise,
            renegotiations: 0,
        }
    }

    /// The terms in force or settled; `None` before the promise is made.
    pub fn promise(&self) -> Option<&Promise> {
        match self {
            PromiseState::NotMade => None,
            PromiseState::Open { promise, .. }
            | PromiseState::KeptEarly { promise, .. }
            | PromiseState::Kept { promise, .. }
            | PromiseState::Broken { promise, .. } => Some(promise),
        }
    }

    /// When the promise was settled, kept or broken; `None` while it is open or not
    /// made ([PR1]).
    ///
    /// [PR1]: crate::requirements#PR1
    pub fn settled_at(&self) -> Option<DateTime<Utc>> {
        match self {
            PromiseState::NotMade | PromiseState::Open { .. } => None,
            PromiseState::KeptEarly { delivered_at, .. }
            | PromiseState::Kept { delivered_at, .. } => Some(*delivered_at),
            PromiseState::Broken { noted_at, .. } => Some(*noted_at),
        }
    }
}

crate::machine::tags! {
    /// The tag of a [`PromiseState`].
    pub enum PromiseStatus for PromiseState::status {
        NotMade = "not_made",
        Open = "open",
        KeptEarly = "kept_early",
        Kept = "kept",
        Broken = "broken",
    }
}

/// What may be asked of a promise.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum PromiseCommand {
    /// Make the promise; the due date must leave the buffer after the estimate (PR2).
    Make(PromiseTerms),
    /// Record delivery at `at`.
    Deliver {
        /// When it was delivered.
        at: DateTime<Utc>,
    },
    /// New estimate and date, agreed with the customer at `consented_at`, before the
    /// old date passed (PR1). The buffer applies to the new terms (PR2).
    Renegotiate {
        /// The new internal estimate.
        estimate: DateTime<Utc>,
        /// The new date told to the customer.
        due: DateTime<Utc>,
        /// When the customer agreed.
        consented_at: DateTime<Utc>,
    },
    /// Record, after the date, that it was never delivered.
    MarkBroken {
        /// When this was noted.
        at: DateTime<Utc>,
    },
}

impl PromiseCommand {
    /// When the command says it happens: when the promise was made, delivered or
    /// marked broken, or when the customer agreed to new terms.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            PromiseCommand::Make(terms) => terms.made_at,
            PromiseCommand::Deliver { at } | PromiseCommand::MarkBroken { at } => *at,
            PromiseCommand::Renegotiate { consented_at, .. } => *consented_at,
        }
    }
}

crate::machine::tags! {
    /// The kind of a [`PromiseCommand`].
    pub enum PromiseCommandKind for PromiseCommand::kind {
        Make = "make",
        Deliver = "deliver",
        Renegotiate = "renegotiate",
        MarkBroken = "mark_broken",
    }
}

/// What happened to a promise.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum PromiseEvent {
    /// The promise was made.
    Made {
        /// The checked terms.
        promise: Promise,
    },
    /// It was delivered, settling it.
    Delivered {
        /// When.
        at: DateTime<Utc>,
        /// How it settled.
        outcome: PromiseOutcome,
    },
    /// The customer agreed to new terms.
    Renegotiated {
        /// The new terms, made at the consent.
        promise: Promise,
    },
    /// It was noted as never delivered.
    MarkedBroken {
        /// When.
        at: DateTime<Utc>,
    },
}

impl PromiseEvent {
    /// The kind of command this event answers, as in [`TRANSITIONS`].
    pub fn command_kind(&self) -> PromiseCommandKind {
        match self {
            PromiseEvent::Made { .. } => PromiseCommandKind::Make,
            PromiseEvent::Delivered { .. } => PromiseCommandKind::Deliver,
            PromiseEvent::Renegotiated { .. } => PromiseCommandKind::Renegotiate,
            PromiseEvent::MarkedBroken { .. } => PromiseCommandKind::MarkBroken,
        }
    }

    /// When it happened: the promise made or renegotiated, delivered, or found broken.
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            PromiseEvent::Made { promise } | PromiseEvent::Renegotiated { promise } => {
                promise.terms.made_at
            }
            PromiseEvent::Delivered { at, .. } | PromiseEvent::MarkedBroken { at } => *at,
        }
    }
}

/// The promise lifecycle as a [`Decider`]; the context is the [`PromisePolicy`].
#[derive(Debug, Clone, Copy)]
pub struct Lifecycle;

/// Every transition [`Lifecycle`] allows ([X5]).
///
/// [X5]: crate::requirements#X5
pub const TRANSITIONS: &[Transition<PromiseStatus, PromiseCommandKind>] = crate::machine::table! {
    PromiseStatus, PromiseCommandKind;
    moves {
        Make: NotMade => Open;
        Deliver: Open => KeptEarly;
        Deliver: Open => Kept;
        Deliver: Open => Broken;
        MarkBroken: Open => Broken;
    }
    stays {
        Renegotiate: Open;
    }
};

/// The promise's table is [`TRANSITIONS`]; a command or an event is in time when it is
/// no earlier than the making of the terms in force ([X4], [X5]).
///
/// [X4]: crate::requirements#X4
/// [X5]: crate::requirements#X5
impl Machine for Lifecycle {
    type Status = PromiseStatus;
    type Kind = PromiseCommandKind;
    const TRANSITIONS: &'static [Transition<PromiseStatus, PromiseCommandKind>] = TRANSITIONS;

    fn status(state: &PromiseState) -> PromiseStatus {
        state.status()
    }

    fn latest(state: &PromiseState) -> Option<DateTime<Utc>> {
        match state {
            PromiseState::Open { promise, .. } => Some(promise.terms.made_at),
            other => other.settled_at(),
        }
    }

    fn command_turn(command: &PromiseCommand) -> (PromiseCommandKind, DateTime<Utc>) {
        (command.kind(), command.at())
    }

    fn event_turn(event: &PromiseEvent) -> (PromiseCommandKind, DateTime<Utc>) {
        (event.command_kind(), event.at())
    }

    /// A command before the terms in force were made is refused as
    /// [`PromiseError::BeforeMade`].
    fn out_of_turn(refusal: OutOfTurn<PromiseStatus, PromiseCommandKind>) -> PromiseError {
        match refusal {
            OutOfTurn::NotAllowed { state, command } => PromiseError::NotAllowed { state, command },
            OutOfTurn::BeforeLatest { at, latest } => PromiseError::BeforeMade {
                at,
                made_at: latest,
            },
        }
    }
}

/// One move of an open promise: delivered, marked broken, or given new dates. The
/// promise's own events and a complaint's events both record these moves, and the
/// rules of an open promise are written once, here, for both ([PR1]): a complaint runs
/// its promise through them with its own events, and allocates nothing to do it.
///
/// [PR1]: crate::requirements#PR1
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    /// Delivered at `at`, settling the promise as `outcome`.
    Deliver {
        at: DateTime<Utc>,
        outcome: PromiseOutcome,
    },
    /// Noted at `at` as never delivered.
    MarkBroken { at: DateTime<Utc> },
    /// New dates agreed with the customer at `made_at`.
    Renegotiate {
        made_at: DateTime<Utc>,
        estimate: DateTime<Utc>,
        due: DateTime<Utc>,
    },
}

impl Step {
    /// The move a promise event records; `None` for the making.
    fn of(event: &PromiseEvent) -> Option<Step> {
        Some(match event {
            PromiseEvent::Made { .. } => return None,
            PromiseEvent::Delivered { at, outcome } => Step::Deliver {
                at: *at,
                outcome: *outcome,
            },
            PromiseEvent::MarkedBroken { at } => Step::MarkBroken { at: *at },
            PromiseEvent::Renegotiated { promise } => Step::Renegotiate {
                made_at: promise.terms.made_at,
                estimate: promise.terms.estimate,
                due: promise.terms.due,
            },
        })
    }

    /// The promise event that records the move of `promise`.
    fn event(self, promise: &Promise) -> PromiseEvent {
        match self {
            Step::Deliver { at, outcome } => PromiseEvent::Delivered { at, outcome },
            Step::MarkBroken { at } => PromiseEvent::MarkedBroken { at },
            Step::Renegotiate {
                made_at,
                estimate,
                due,
            } => PromiseEvent::Renegotiated {
                promise: promise.clone().with_dates(made_at, estimate, due),
            },
        }
    }

    fn turn(self) -> (PromiseCommandKind, DateTime<Utc>) {
        match self {
            Step::Deliver { at, .. } => (PromiseCommandKind::Deliver, at),
            Step::MarkBroken { at } => (PromiseCommandKind::MarkBroken, at),
            Step::Renegotiate { made_at, .. } => (PromiseCommandKind::Renegotiate, made_at),
        }
    }

    /// The move `command` asks of `state` under `policy`: a delivery settled by the
    /// promised date, new dates that leave the buffer ([PR1], [PR2]).
    ///
    /// # Errors
    /// [`PromiseError::NotAllowed`] for a promise not open, or the making; the errors
    /// of [`Promise::check_renegotiation`].
    ///
    /// [PR1]: crate::requirements#PR1
    /// [PR2]: crate::requirements#PR2
    pub(crate) fn decide(
        state: &PromiseState,
        command: PromiseCommand,
        policy: &PromisePolicy,
    ) -> Result<Step, PromiseError> {
        let not_allowed = PromiseError::NotAllowed {
            state: state.status(),
            command: command.kind(),
        };
        let PromiseState::Open { promise, .. } = state else {
            return Err(not_allowed);
        };
        Ok(match command {
            PromiseCommand::Make(_) => return Err(not_allowed),
            PromiseCommand::Deliver { at } => Step::Deliver {
                at,
                outcome: promise.settle(at, policy),
            },
            PromiseCommand::MarkBroken { at } => Step::MarkBroken { at },
            PromiseCommand::Renegotiate {
                estimate,
                due,
                consented_at,
            } => {
                promise.check_renegotiation(estimate, due, consented_at, policy)?;
                Step::Renegotiate {
                    made_at: consented_at,
                    estimate,
                    due,
                }
            }
        })
    }

    /// The rules of the move that need no policy ([X3], [PR1]): it is in turn for `state`
    /// ([`Machine::in_turn`]); a delivery is late exactly when after the promised date;
    /// new dates come before the promised date and in order; a promise is marked broken
    /// only after its date.
    ///
    /// # Errors
    /// [`PromiseError::NotAllowed`], [`PromiseError::BeforeMade`],
    /// [`PromiseError::OutcomeMismatch`], [`PromiseError::DuePassed`],
    /// [`PromiseError::DatesOutOfOrder`] or [`PromiseError::NotYetDue`].
    ///
    /// [X3]: crate::requirements#X3
    /// [PR1]: crate::requirements#PR1
    pub(crate) fn admit(self, state: &PromiseState) -> Result<(), PromiseError> {
        Lifecycle::in_turn(state, self.turn())?;
        let PromiseState::Open { promise, .. } = state else {
            return Err(Lifecycle::out_of_turn(OutOfTurn::NotAllowed {
                state: state.status(),
                command: self.turn().0,
            }));
        };
        match self {
            Step::Deliver { at, outcome } => promise.check_outcome(outcome, at),
            Step::MarkBroken { at } if at <= promise.due() => Err(PromiseError::NotYetDue {
                due: promise.due(),
                at,
            }),
            Step::MarkBroken { .. } => Ok(()),
            Step::Renegotiate {
                made_at,
                estimate,
                due,
            } => promise.check_renegotiation_shape(estimate, due, made_at),
        }
    }

    /// `state` after the move; a state the move does not fit stays as it was.
    pub(crate) fn evolve(self, state: PromiseState) -> PromiseState {
        let PromiseState::Open {
            promise,
            renegotiations,
        } = state
        else {
            return state;
        };
        match self {
            Step::Deliver {
                at: delivered_at,
                outcome: PromiseOutcome::KeptEarly,
            } => PromiseState::KeptEarly {
                promise,
                delivered_at,
            },
            Step::Deliver {
                at: delivered_at,
                outcome: PromiseOutcome::Kept,
            } => PromiseState::Kept {
                promise,
                delivered_at,
            },
            Step::Deliver {
                at,
                outcome: PromiseOutcome::Late,
            } => PromiseState::Broken {
                promise,
                delivered_at: Some(at),
                noted_at: at,
            },
            Step::MarkBroken { at } => PromiseState::Broken {
                promise,
                delivered_at: None,
                noted_at: at,
            },
            Step::Renegotiate {
                made_at,
                estimate,
                due,
            } => PromiseState::Open {
                promise: promise.with_dates(made_at, estimate, due),
                renegotiations: renegotiations.saturating_add(1),
            },
        }
    }
}

fn not_before(at: DateTime<Utc>, promise: &Promise) -> Result<(), PromiseError> {
    let made_at = promise.terms.made_at;
    if at < made_at {
        return Err(PromiseError::BeforeMade { at, made_at });
    }
    Ok(())
}

impl Decider for Lifecycle {
    type State = PromiseState;
    type Command = PromiseCommand;
    type Event = PromiseEvent;
    type Error = PromiseError;
    type Context<'a> = PromisePolicy;

    fn initial() -> PromiseState {
        PromiseState::NotMade
    }

    fn decide(
        state: &PromiseState,
        command: PromiseCommand,
        policy: &PromisePolicy,
    ) -> Result<PromiseEvent, PromiseError> {
        Self::in_turn(state, Self::command_turn(&command))?;
        let event = match (state, command) {
            (PromiseState::NotMade, PromiseCommand::Make(terms)) => {
                let promise = Promise::try_from(terms)?;
                promise.check_buffer(policy)?;
                PromiseEvent::Made { promise }
            }
            (PromiseState::Open { promise, .. }, command) => {
                Step::decide(state, command, policy)?.event(promise)
            }
            (state, command) => {
                return Err(PromiseError::NotAllowed {
                    state: state.status(),
                    command: command.kind(),
                });
            }
        };
        Self::admit(state, &event)?;
        Ok(event)
    }

    fn command_of(event: &PromiseEvent) -> PromiseCommand {
        match event {
            PromiseEvent::Made { promise } => PromiseCommand::Make(promise.terms.clone()),
            PromiseEvent::Delivered { at, .. } => PromiseCommand::Deliver { at: *at },
            PromiseEvent::Renegotiated { promise } => PromiseCommand::Renegotiate {
                estimate: promise.terms.estimate,
                due: promise.terms.due,
                consented_at: promise.terms.made_at,
            },
            PromiseEvent::MarkedBroken { at } => PromiseCommand::MarkBroken { at: *at },
        }
    }

    /// The rules that need no policy ([X3]): a promise is made once, and only an open one
    /// is delivered, renegotiated or marked broken; a delivery comes after the making,
    /// late exactly when after the promised date; a renegotiation keeps who promised
    /// what to whom and comes before the promised date with dates in order; a promise
    /// is marked broken only after its date ([PR1]). The buffer ([PR2]) and the early
    /// margin are the policy's, checked by [`crate::stream::EventStream::verify`].
    ///
    /// [X3]: crate::requirements#X3
    /// [PR1]: crate::requirements#PR1
    /// [PR2]: crate::requirements#PR2
    fn admit(state: &PromiseState, event: &PromiseEvent) -> Result<(), PromiseError> {
        Self::in_turn(state, Self::event_turn(event))?;
        if let (
            PromiseState::Open { promise, .. },
            PromiseEvent::Renegotiated { promise: renewed },
        ) = (state, event)
        {
            let (old, new) = (&promise.terms, &renewed.terms);
            if (old.made_by, &old.to, &old.what) != (new.made_by, &new.to, &new.what) {
                return Err(PromiseError::TermsChanged);
            }
        }
        match Step::of(event) {
            Some(step) => step.admit(state),
            // In turn, the making fits only a promise not made.
            None => Ok(()),
        }
    }

    /// An event that does not fit the state leaves it as it was ([`Machine::fits`]).
    fn evolve(state: PromiseState, event: &PromiseEvent) -> PromiseState {
        if !Self::fits(&state, event) {
            return state;
        }
        match (state, event) {
            (PromiseState::NotMade, PromiseEvent::Made { promise }) => {
                PromiseState::opened(promise.clone())
            }
            (state, event) => match Step::of(event) {
                Some(step) => step.evolve(state),
                None => state,
            },
        }
    }
}
