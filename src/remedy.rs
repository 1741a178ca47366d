//! Remedies: what the business gives to put a problem right ([RE1]).
//!
//! Each remedy has a kind and a monetary value. The value is what the empowerment rules
//! weigh ([`crate::empowerment`]): an apology or an explanation is worth nothing and so is
//! always within anyone's authority, while a refund is weighed against the giver's limit.
//!
//! ```
//! use customer_care::money::{Currency, Money};
//! use customer_care::remedy::{Remedy, RemedyKind};
//!
//! let refund = Remedy::new(RemedyKind::Refund, Money::minor(4_990, Currency::EUR));
//! assert_eq!(refund.to_string(), "refund of 49.90 EUR");
//! assert!(Remedy::apology(Currency::EUR).value.is_zero());
//! ```
//!
//! [RE1]: crate::requirements#RE1

use crate::money::{Currency, Money};
use core::fmt;

/// The kinds of remedy (RE1).
///
/// In JSON a kind is its `snake_case` name, such as `"expedited_delivery"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum RemedyKind {
    /// Saying sorry and owning the problem.
    Apology,
    /// Telling the customer what happened and what will happen next.
    Explanation,
    /// Fixing the product or service.
    Repair,
    /// Replacing the product.
    Replacement,
    /// Paying money back.
    Refund,
    /// Credit on the customer's account.
    Credit,
    /// A price reduction, now or on a later purchase.
    Discount,
    /// Faster delivery than ordered, at the business's cost.
    ExpeditedDelivery,
    /// Any other gesture of goodwill (a gift, a voucher, an upgrade).
    GoodwillGesture,
}

impl RemedyKind {
    /// Every kind, in declaration order.
    pub const ALL: [RemedyKind; 9] = [
        RemedyKind::Apology,
        RemedyKind::Explanation,
        RemedyKind::Repair,
        RemedyKind::Replacement,
        RemedyKind::Refund,
        RemedyKind::Credit,
        RemedyKind::Discount,
        RemedyKind::ExpeditedDelivery,
        RemedyKind::GoodwillGesture,
    ];

    /// The kind's name in lower case words, as used in messages: `"expedited delivery"`.
    pub const fn name(self) -> &'static str {
        match self {
            RemedyKind::Apology => "apology",
            RemedyKind::Explanation => "explanation",
            RemedyKind::Repair => "repair",
            RemedyKind::Replacement => "replacement",
            RemedyKind::Refund => "refund",
            RemedyKind::Credit => "credit",
            RemedyKind::Discount => "discount",
            RemedyKind::ExpeditedDelivery => "expedited delivery",
            RemedyKind::GoodwillGesture => "goodwill gesture",
        }
    }
}

impl fmt::Display for RemedyKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One remedy: a kind and what it costs the business (RE1).
///
/// In JSON: `{"kind": "refund", "value": {"minor_units": 4990, "currency": "EUR"}}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Remedy {
    /// What is given.
    pub kind: RemedyKind,
    /// What it is worth, for the authority check.
    pub value: Money,
}

impl Remedy {
    /// A remedy of `kind` worth `value`.
    pub const fn new(kind: RemedyKind, value: Money) -> Self {
        Self { kind, value }
    }

    /// An apology, worth nothing, in the policy's currency.
    pub const fn apology(currency: Currency) -> Self {
        Self::new(RemedyKind::Apology, Money::zero(currency))
    }
}

impl fmt::Display for Remedy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_zero() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{} of {}", self.kind, self.value)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn re1_every_kind_is_listed_once_with_its_own_name() {
        let kinds: BTreeSet<_> = RemedyKind::ALL.iter().collect();
        let names: BTreeSet<_> = RemedyKind::ALL.iter().map(|k| k.name()).collect();
        assert_eq!((kinds.len(), names.len()), (9, 9));
    }

    #[test]
    fn re1_a_remedy_carries_the_value_the_authority_check_weighs() {
        assert!(Remedy::apology(Currency::EUR).value.is_zero());
        let refund = Remedy::new(RemedyKind::Refund, Money::minor(4_990, Currency::EUR));
        assert_eq!(refund.value.minor_units(), 4_990);
        assert_eq!(refund.to_string(), "refund of 49.90 EUR");
        assert_eq!(Remedy::apology(Currency::EUR).to_string(), "apology");
    }
}
