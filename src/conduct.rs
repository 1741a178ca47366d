//! Conduct concerns, and the guard that protects whoever raises a problem ([ST4]).
//!
//! Chronic gossip, complaining about the job, and running colleagues down sour a team,
//! and a business that puts its customers first deals with them. It deals with facts,
//! though: a [`Concern`] is recorded only with evidence, and only a pattern, several
//! concerns about one person within the policy's window, calls for a management review.
//!
//! One thing is never a conduct concern: raising a problem through the feedback channel.
//! Whoever reports what goes wrong is doing the business a service, so a concern that
//! cites the person's own feedback as evidence is refused ([`ConductError::Messenger`]).
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use customer_care::conduct::{Behaviour, Concern, ConductError, ConductLog, ConductPolicy, Recorded};
//! use customer_care::id::StaffId;
//! use uuid::Uuid;
//!
//! let (marta, luis) = (StaffId::from_uuid(Uuid::from_u128(2)), StaffId::from_uuid(Uuid::from_u128(3)));
//! let policy = ConductPolicy::try_new(30, 3)?; // three concerns within 30 days
//! let monday = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
//! let concern = |days| Concern {
//!     about: luis,
//!     behaviour: Behaviour::Gossip,
//!     evidence: vec!["told a customer the kitchen staff are lazy".into()],
//!     cites: vec![],
//!     raised_by: marta,
//!     at: monday + Duration::days(days),
//! };
//! let mut log = ConductLog::new();
//! assert_eq!(log.record(concern(0), &[], &policy)?, Recorded::Noted { in_window: 1 });
//! assert_eq!(log.record(concern(9), &[], &policy)?, Recorded::Noted { in_window: 2 });
//! assert_eq!(log.record(concern(20), &[], &policy)?, Recorded::ManagementReview { in_window: 3 });
//! # Ok::<(), ConductError>(())
//! ```
//!
//! [ST4]: crate::requirements#ST4

use crate::feedback::Feedback;
use crate::id::{FeedbackId, StaffId};
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::HashMap;

/// Why a concern or a policy was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConductError {
    /// A concern needs evidence: at least one item, none blank.
    #[error("a conduct concern needs evidence: describe at least one occasion, none blank")]
    NoEvidence,
    /// The concern cites feedback the person gave: raising a problem is never
    /// misconduct ([ST4]).
    ///
    /// [ST4]: crate::requirements#ST4
    #[error(
        "feedback {feedback} was given by the person concerned; raising a problem is never a conduct concern"
    )]
    Messenger {
        /// The feedback cited.
        feedback: FeedbackId,
    },
    /// Cited feedback that was not supplied, so the guard cannot check it.
    #[error("feedback {feedback} is cited but was not supplied")]
    UnknownFeedback {
        /// The feedback cited.
        feedback: FeedbackId,
    },
    /// A concern dated before the latest one recorded.
    #[error("{at} is before the latest concern recorded, at {latest}")]
    BeforeLatest {
        /// The instant given.
        at: DateTime<Utc>,
        /// The latest recorded.
        latest: DateTime<Utc>,
    },
    /// A policy needs a window of at least a day and at least two concerns to make a
    /// pattern.
    #[error(
        "a conduct policy needs a window of at least one day and at least two concerns, not {window_days} days and {repeats}"
    )]
    BadPolicy {
        /// The window given, in days.
        window_days: u32,
        /// The repeats given.
        repeats: u32,
    },
}

crate::refusal::refusals! { ConductError {
    NoEvidence {} => "no_evidence", "ST4";
    Messenger { feedback } => "concern_about_the_messenger", "ST4";
    UnknownFeedback { feedback } => "unknown_feedback", "ST4";
    BeforeLatest { at, latest } => "before_latest", "X4";
    BadPolicy { window_days, repeats } => "bad_policy", "ST4";
} wraps {  } }

/// The kinds of chronic behaviour a concern may record (ST4). In JSON its `snake_case`
/// name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Behaviour {
    /// Talking about people behind their backs.
    Gossip,
    /// Habitual complaining about the job, to colleagues or customers.
    Complaining,
    /// Running colleagues or the business down.
    Criticism,
}

/// A conduct concern about a member of staff, with its evidence (ST4).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Concern {
    /// Whom it is about.
    pub about: StaffId,
    /// What behaviour.
    pub behaviour: Behaviour,
    /// What was seen or heard, occasion by occasion.
    pub evidence: Vec<String>,
    /// Feedback cited as evidence, if any; never the person's own.
    pub cites: Vec<FeedbackId>,
    /// Who raises it.
    pub raised_by: StaffId,
    /// When.
    pub at: DateTime<Utc>,
}

/// When concerns make a pattern: `repeats` about one person within `window_days` (ST4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(try_from = "PolicySpec"))]
pub struct ConductPolicy {
    window_days: u32,
    repeats: u32,
}

/// A policy as loaded, before it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
struct PolicySpec {
    window_days: u32,
    repeats: u32,
}

impl TryFrom<PolicySpec> for ConductPolicy {
    type Error = ConductError;

    fn try_from(spec: PolicySpec) -> Result<Self, Self::Error> {
        Self::try_new(spec.window_days, spec.repeats)
    }
}

impl ConductPolicy {
    /// `repeats` concerns about one person within `window_days` call for a review.
    ///
    /// # Errors
    /// [`ConductError::BadPolicy`] for a window under a day or fewer than two repeats.
    pub fn try_new(window_days: u32, repeats: u32) -> Result<Self, ConductError> {
        if window_days == 0 || repeats < 2 {
            return Err(ConductError::BadPolicy {
                window_days,
                repeats,
            });
        }
        Ok(Self {
            window_days,
            repeats,
        })
    }

    /// The window.
    pub fn window(&self) -> TimeDelta {
        TimeDelta::days(i64::from(self.window_days))
    }

    /// How many concerns in the window make a pattern.
    pub fn repeats(&self) -> u32 {
        self.repeats
    }
}

/// What recording a concern led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Recorded {
    /// Noted; `in_window` concerns about the person within the window, this one
    /// included, are not yet a pattern.
    Noted {
        /// Concerns within the window.
        in_window: usize,
    },
    /// A pattern: the person's manager should review it with them.
    ManagementReview {
        /// Concerns within the window.
        in_window: usize,
    },
}

/// The concerns recorded, in order ([ST4]).
///
/// Each person's concerns are also kept by instant, so counting those within the
/// window costs a binary search, not a pass over the whole log ([X2]).
///
/// [X2]: crate::requirements#X2
/// [ST4]: crate::requirements#ST4
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ConductLog {
    concerns: Vec<Concern>,
    /// Per person, the instants of their concerns, oldest first.
    #[cfg_attr(feature = "serde", serde(skip))]
    by_person: HashMap<StaffId, Vec<DateTime<Utc>>>,
}

impl ConductLog {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// The concerns recorded, in order.
    pub fn concerns(&self) -> &[Concern] {
        &self.concerns
    }

    /// Records `concern`, checking it against the `feedback` it cites, and says whether
    /// it completes a pattern under `policy` ([ST4]). A refused concern leaves the log as
    /// it was.
    ///
    /// # Errors
    /// [`ConductError::NoEvidence`] without evidence or with a blank item;
    /// [`ConductError::UnknownFeedback`] for cited feedback not in `feedback`;
    /// [`ConductError::Messenger`] for cited feedback the person gave;
    /// [`ConductError::BeforeLatest`] for a concern dated before the latest one.
    ///
    /// [ST4]: crate::requirements#ST4
    pub fn record(
        &mut self,
        concern: Concern,
        feedback: &[Feedback],
        policy: &ConductPolicy,
    ) -> Result<Recorded, ConductError> {
        if !crate::text::is_evidence(&concern.evidence) {
            return Err(ConductError::NoEvidence);
        }
        for cited in &concern.cites {
            let given = feedback.iter().find(|f| f.id() == *cited);
            match given {
                None => return Err(ConductError::UnknownFeedback { feedback: *cited }),
                Some(f) if f.from_staff() == Some(concern.about) => {
                    return Err(ConductError::Messenger { feedback: *cited });
                }
                Some(_) => {}
            }
        }
        if let Some(latest) = self.concerns.last().map(|c| c.at) {
            if concern.at < latest {
                return Err(ConductError::BeforeLatest {
                    at: concern.at,
                    latest,
                });
            }
        }
        let since = concern.at.checked_sub_signed(policy.window());
        let earlier = self.by_person.entry(concern.about).or_default();
        let outside = since.map_or(0, |since| earlier.partition_point(|at| *at <= since));
        let in_window = 1 + earlier.len() - outside;
        earlier.push(concern.at);
        self.concerns.push(concern);
        Ok(
            if in_window >= usize::try_from(policy.repeats).unwrap_or(usize::MAX) {
                Recorded::ManagementReview { in_window }
            } else {
                Recorded::Noted { in_window }
            },
        )
    }
}
