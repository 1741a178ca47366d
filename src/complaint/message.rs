//! What the customer is told, and what is kept for improvement ([CO2], [CO5]).
//!
//! A [`CustomerMessage`] has words and a [`NextStep`] with a date, and nothing else: no
//! field can name a culprit, so a message to the customer cannot put the blame on a
//! supplier, another department or the customer ([CO2]). Where the problem really came
//! from is a [`RootCause`], recorded inside the case for the improvement cycle, where
//! naming a supplier is right and useful.
//!
//! [CO2]: crate::requirements#CO2
//! [CO5]: crate::requirements#CO5

use core::fmt;

/// What happens next, and by when (CO5: specific).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct NextStep {
    /// What will happen.
    pub action: String,
    /// By when; not before the message is sent.
    pub by: chrono::DateTime<chrono::Utc>,
}

/// A message to the customer: what we say, and the next step with its date (CO2, CO5).
///
/// There is no field for whose fault it was, so a message cannot carry blame (CO2):
///
/// ```compile_fail
/// use customer_care::complaint::{CustomerMessage, NextStep, Origin};
/// let blaming = CustomerMessage {
///     text: "Our courier lost it.".into(),
///     next_step: NextStep { action: "wait".into(), by: chrono::DateTime::UNIX_EPOCH },
///     blame: Origin::Supplier { name: "the courier".into() }, // no such field
/// };
/// ```
///
/// In JSON: `{"text": "…", "next_step": {"action": "…", "by": "…"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct CustomerMessage {
    /// The words sent, in the business's own voice.
    pub text: String,
    /// What happens next.
    pub next_step: NextStep,
}

impl CustomerMessage {
    /// The words sent, and the next step: `action`, due `by` ([CO5]).
    ///
    /// [CO5]: crate::requirements#CO5
    pub fn new(
        text: impl Into<String>,
        action: impl Into<String>,
        by: chrono::DateTime<chrono::Utc>,
    ) -> Self {
        Self {
            text: text.into(),
            next_step: NextStep {
                action: action.into(),
                by,
            },
        }
    }
}

/// Who or what a problem came from, kept inside the business (CO2).
///
/// In JSON: `{"type": "supplier", "name": "…"}`, `{"type": "our_team", "name": "…"}`,
/// `{"type": "customer_use"}` or `{"type": "unknown"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Origin {
    /// A team or process of our own.
    OurTeam {
        /// Which one.
        name: String,
    },
    /// A supplier or partner.
    Supplier {
        /// Which one.
        name: String,
    },
    /// How the product was used.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::no_fields"))]
    CustomerUse,
    /// Not known yet.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::no_fields"))]
    Unknown,
}

impl Origin {
    /// The party it names, if any: a team's or a supplier's name.
    pub fn party(&self) -> Option<&str> {
        match self {
            Origin::OurTeam { name } | Origin::Supplier { name } => Some(name),
            Origin::CustomerUse | Origin::Unknown => None,
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::OurTeam { name } => write!(f, "our team {name}"),
            Origin::Supplier { name } => write!(f, "supplier {name}"),
            Origin::CustomerUse => f.write_str("how the product was used"),
            Origin::Unknown => f.write_str("unknown"),
        }
    }
}

/// The internal root cause of a complaint, for improvement; never shown as blame (CO2).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RootCause {
    /// Where it came from.
    pub origin: Origin,
    /// What went wrong.
    pub description: String,
}
