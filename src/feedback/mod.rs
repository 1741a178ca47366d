//! Feedback from anyone, the improvement cycle it feeds, and the weekly review
//! ([FB1]–[FB5], [ST3]).
//!
//! Every complaint, suggestion, word of praise, comment or question is material for
//! improving the service, whoever it comes from: a customer, a prospect, an employee,
//! the building's guard, someone who gave no name ([FB1], [CU1]). A [`Feedback`] records
//! one, with the channel it came through and, if the person gave one, a [`Rating`].
//!
//! Feedback is grouped into improvement items ([`improvement`]), each running a
//! plan-do-check-act cycle. When one is adopted, everyone who can be reached and whose
//! feedback led to it is owed a notice saying what was done ([FB3]). A change of policy
//! that affects customers cannot be adopted without asking them first ([FB5]).
//!
//! Once a week, [`review::weekly_review`] turns the week's feedback, complaints,
//! promises and open items into the agenda of a meeting with the most experienced
//! staff: what works and whom to recognise, what must work better, whom to ask ([FB4],
//! [ST3]).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use customer_care::customer::{Customer, CustomerKind};
//! use customer_care::feedback::{Channel, Feedback, FeedbackError, FeedbackKind, FeedbackSpec, Rating};
//! use customer_care::id::FeedbackId;
//! use uuid::Uuid;
//!
//! let at = Utc.with_ymd_and_hms(2026, 11, 2, 8, 15, 0).unwrap();
//! let guard = FeedbackSpec {
//!     id: FeedbackId::from_uuid(Uuid::from_u128(1)),
//!     from: Customer::anonymous(CustomerKind::Other),
//!     kind: FeedbackKind::Suggestion,
//!     channel: Channel::InPerson,
//!     text: "People queue in the rain before opening; open the hall at 8:45".into(),
//!     rating: None,
//!     about: None,
//!     theme: None,
//!     from_staff: None,
//!     received_at: at,
//! };
//! let guard = Feedback::try_from(guard)?;
//! assert!(!guard.from().is_identifiable()); // and it counts all the same
//!
//! assert!(Rating::try_new(Rating::FIVE_POINT, 5)?.is_delighted());
//! assert_eq!(Rating::try_new(Rating::FIVE_POINT, 6), Err(FeedbackError::RatingOutOfScale { score: 6, scale: Rating::FIVE_POINT }));
//! # Ok::<(), FeedbackError>(())
//! ```
//!
//! # JSON
//! A [`Feedback`] is `{"id": "…", "from": {…customer…}, "kind": "suggestion",
//! "channel": "in_person", "text": "…", "rating": {"score": 5, "scale": {"low": 1,
//! "high": 5}} | null, "about": "…staff id…" | null, "theme": "…" | null, "from_staff": "…staff id…" |
//! null, "received_at": "…"}`; loading it checks what [`Feedback::try_from`] checks, and
//! that a theme is not blank.
//!
//! [CU1]: crate::requirements#CU1
//! [ST3]: crate::requirements#ST3
//! [FB1]: crate::requirements#FB1
//! [FB3]: crate::requirements#FB3
//! [FB4]: crate::requirements#FB4
//! [FB5]: crate::requirements#FB5

pub mod improvement;
pub mod review;

use crate::customer::{Customer, CustomerKind};
use crate::id::{FeedbackId, StaffId};
use chrono::{DateTime, Utc};
use core::fmt;

/// Why feedback was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FeedbackError {
    /// Feedback must say something: words, a rating, or both.
    #[error("feedback must say something: give a text, a rating, or both")]
    SaysNothing,
    /// A score outside its scale.
    #[error("a score of {score} is outside the scale {scale}")]
    RatingOutOfScale {
        /// The score given.
        score: u8,
        /// The scale.
        scale: Scale,
    },
    /// Feedback given by a member of staff comes from an internal customer ([CU1]).
    ///
    /// [CU1]: crate::requirements#CU1
    #[error("feedback from a member of staff must come from an internal customer, not a {kind}")]
    StaffNotInternal {
        /// The kind given.
        kind: crate::customer::CustomerKind,
    },
    /// A theme must name something.
    #[error("a theme must not be blank")]
    BlankTheme,
    /// A scale whose top is not above its bottom.
    #[error("the scale {low}–{high} is empty: its top must be above its bottom")]
    EmptyScale {
        /// The bottom.
        low: u8,
        /// The top.
        high: u8,
    },
}

crate::refusal::refusals! { FeedbackError {
    SaysNothing {} => "says_nothing", "FB1";
    RatingOutOfScale { score, scale } => "rating_out_of_scale", "FB1";
    StaffNotInternal { kind } => "staff_not_internal", "CU1";
    BlankTheme {} => "blank_theme", "FB1";
    EmptyScale { low, high } => "empty_scale", "FB1";
} wraps {  } }

/// What the feedback is (FB1). In JSON its `snake_case` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum FeedbackKind {
    /// Something went wrong: a gift, as it shows what to fix.
    Complaint,
    /// An idea for doing better.
    Suggestion,
    /// Something went well, perhaps thanks to someone.
    Praise,
    /// A remark.
    Comment,
    /// A question, which often shows what was not explained.
    Question,
}

/// How the feedback reached the business (FB1). In JSON its `snake_case` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Channel {
    /// Said to someone in person.
    InPerson,
    /// By phone.
    Phone,
    /// By email or letter.
    Written,
    /// By chat or messaging.
    Chat,
    /// Through a web form or the app.
    Web,
    /// On social media or a review site.
    Social,
    /// In answer to a survey.
    Survey,
    /// Through a suggestion box or an internal channel.
    SuggestionBox,
}

impl fmt::Display for FeedbackKind {
    /// In words: `complaint`, `suggestion`, `praise`, `comment`, `question`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FeedbackKind::Complaint => "complaint",
            FeedbackKind::Suggestion => "suggestion",
            FeedbackKind::Praise => "praise",
            FeedbackKind::Comment => "comment",
            FeedbackKind::Question => "question",
        })
    }
}

impl fmt::Display for Channel {
    /// How it came, as a phrase: `in person`, `by phone`, `in writing`, `by chat`, `on
    /// the web`, `on social media`, `in a survey`, `through the suggestion box`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Channel::InPerson => "in person",
            Channel::Phone => "by phone",
            Channel::Written => "in writing",
            Channel::Chat => "by chat",
            Channel::Web => "on the web",
            Channel::Social => "on social media",
            Channel::Survey => "in a survey",
            Channel::SuggestionBox => "through the suggestion box",
        })
    }
}

/// The range of a rating scale, both ends included: 1–5 for satisfaction (CSAT), 0–10
/// for the likelihood to recommend (NPS), or any other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Scale {
    /// The lowest score.
    pub low: u8,
    /// The highest score.
    pub high: u8,
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}–{}", self.low, self.high)
    }
}

/// A score on a scale, checked to lie on it (FB1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(try_from = "RatingSpec"))]
pub struct Rating {
    score: u8,
    scale: Scale,
}

/// A rating as loaded, before it is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
struct RatingSpec {
    score: u8,
    scale: Scale,
}

impl TryFrom<RatingSpec> for Rating {
    type Error = FeedbackError;

    fn try_from(spec: RatingSpec) -> Result<Self, Self::Error> {
        Self::try_new(spec.scale, spec.score)
    }
}

impl Rating {
    /// Satisfaction, 1 to 5.
    pub const FIVE_POINT: Scale = Scale { low: 1, high: 5 };
    /// Likelihood to recommend, 0 to 10.
    pub const ZERO_TO_TEN: Scale = Scale { low: 0, high: 10 };

    /// A score on a scale.
    ///
    /// # Errors
    /// [`FeedbackError::EmptyScale`] unless `low < high`;
    /// [`FeedbackError::RatingOutOfScale`] for a score off the scale.
    pub fn try_new(scale: Scale, score: u8) -> Result<Self, FeedbackError> {
        if scale.low >= scale.high {
            return Err(FeedbackError::EmptyScale {
                low: scale.low,
                high: scale.high,
            });
        }
        if !(scale.low..=scale.high).contains(&score) {
            return Err(FeedbackError::RatingOutOfScale { score, scale });
        }
        Ok(Self { score, scale })
    }

    /// The score.
    pub const fn score(&self) -> u8 {
        self.score
    }

    /// The scale.
    pub const fn scale(&self) -> Scale {
        self.scale
    }

    /// Whether the score is a delighted one ([ST3]): within a sixth of the scale's range
    /// from its top, rounded down, so always the top score. That is 5 of 1–5, and 9 or
    /// 10 of 0–10 (the promoters of NPS).
    ///
    /// [ST3]: crate::requirements#ST3
    pub fn is_delighted(&self) -> bool {
        let span = self.scale.high - self.scale.low;
        self.score >= self.scale.high - span / 6
    }
}

/// What feedback or a complaint is about, as the business groups them ("billing",
/// "delivery"): trimmed, never blank. The weekly review counts complaints per theme
/// (FB4). In JSON a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Theme(String);

impl Theme {
    /// A theme, trimmed.
    ///
    /// # Errors
    /// [`FeedbackError::BlankTheme`] for a blank name.
    pub fn try_new(name: &str) -> Result<Self, FeedbackError> {
        let name = name.trim();
        if crate::text::is_blank(name) {
            return Err(FeedbackError::BlankTheme);
        }
        Ok(Self(name.to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Theme {
    type Error = FeedbackError;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        Self::try_new(&name)
    }
}

impl From<Theme> for String {
    fn from(theme: Theme) -> Self {
        theme.0
    }
}

impl fmt::Display for Theme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// One piece of feedback before it is checked; also the JSON shape of [`Feedback`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct FeedbackSpec {
    /// Its id, from the host.
    pub id: FeedbackId,
    /// Who gave it: anyone, named or not (CU1).
    pub from: Customer,
    /// What it is.
    pub kind: FeedbackKind,
    /// How it came in.
    pub channel: Channel,
    /// What they said; may be blank when a rating says it.
    pub text: String,
    /// Their score, if they gave one.
    pub rating: Option<Rating>,
    /// The member of staff it is about, if any (for example the person praised).
    pub about: Option<StaffId>,
    /// What it is about, if the business has sorted it.
    pub theme: Option<Theme>,
    /// The member of staff who gave it, when an employee did: then `from` is an
    /// internal customer. Their feedback is never held against them (ST4).
    pub from_staff: Option<StaffId>,
    /// When it was received.
    pub received_at: DateTime<Utc>,
}

/// Feedback from anyone (FB1, CU1): a complaint, suggestion, praise, comment or
/// question, through any channel, with an optional rating, anonymous allowed. It always
/// says something: words, a rating, or both.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "FeedbackSpec", into = "FeedbackSpec")
)]
pub struct Feedback {
    spec: FeedbackSpec,
}

impl TryFrom<FeedbackSpec> for Feedback {
    type Error = FeedbackError;

    /// # Errors
    /// [`FeedbackError::SaysNothing`] for a blank text without a rating;
    /// [`FeedbackError::StaffNotInternal`] for staff feedback from another kind of
    /// customer.
    fn try_from(spec: FeedbackSpec) -> Result<Self, Self::Error> {
        if crate::text::is_blank(&spec.text) && spec.rating.is_none() {
            return Err(FeedbackError::SaysNothing);
        }
        if spec.from_staff.is_some() && spec.from.kind != CustomerKind::Internal {
            return Err(FeedbackError::StaffNotInternal {
                kind: spec.from.kind,
            });
        }
        Ok(Self { spec })
    }
}

impl From<Feedback> for FeedbackSpec {
    fn from(feedback: Feedback) -> Self {
        feedback.spec
    }
}

impl Feedback {
    /// Its id.
    pub fn id(&self) -> FeedbackId {
        self.spec.id
    }

    /// Who gave it.
    pub fn from(&self) -> Customer {
        self.spec.from
    }

    /// What it is.
    pub fn kind(&self) -> FeedbackKind {
        self.spec.kind
    }

    /// How it came in.
    pub fn channel(&self) -> Channel {
        self.spec.channel
    }

    /// What they said (perhaps blank, when the rating says it).
    pub fn text(&self) -> &str {
        &self.spec.text
    }

    /// Their score, if any.
    pub fn rating(&self) -> Option<Rating> {
        self.spec.rating
    }

    /// The member of staff it is about, if any.
    pub fn about(&self) -> Option<StaffId> {
        self.spec.about
    }

    /// The member of staff who gave it, if an employee did.
    pub fn from_staff(&self) -> Option<StaffId> {
        self.spec.from_staff
    }

    /// What it is about, if sorted.
    pub fn theme(&self) -> Option<&Theme> {
        self.spec.theme.as_ref()
    }

    /// When it was received.
    pub fn received_at(&self) -> DateTime<Utc> {
        self.spec.received_at
    }

    /// What an improvement item needs to know of it: its id and who gave it.
    pub fn link(&self) -> Link {
        Link {
            feedback: self.spec.id,
            from: self.spec.from,
        }
    }
}

/// A piece of feedback linked to an item: its id and who gave it (FB2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Link {
    /// The feedback.
    pub feedback: FeedbackId,
    /// Who gave it.
    pub from: Customer,
}

impl Link {
    /// Whether it is a customer's voice ([FB5]): an external or former customer's, or a
    /// prospect's; not an employee's, nor a bystander's.
    ///
    /// [FB5]: crate::requirements#FB5
    pub fn is_customer_voice(&self) -> bool {
        match self.from.kind {
            CustomerKind::External | CustomerKind::Former | CustomerKind::Prospect => true,
            CustomerKind::Internal | CustomerKind::Other => false,
        }
    }
}
