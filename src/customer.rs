//! Customers: who may speak, what they expect, and what they are entitled to ([CU1]–[CU3]).
//!
//! Anyone may complain or give feedback: an external customer, an employee as an
//! internal customer, a prospect, a former customer, or anyone else; with or without a
//! name ([CU1]). When someone asks for something, the crate records what they expect and
//! by when, so the outcome can be judged against it later ([CU2]). What they contracted
//! and paid for is their [`Entitlement`]; a demand within it, plus a goodwill margin, is
//! simply served ([CU3]).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use customer_care::customer::{Entitlement, Expectation, ExpectationGap};
//! use customer_care::money::{Currency, Money};
//! use customer_care::remedy::{Remedy, RemedyKind};
//!
//! let eur = |cents| Money::minor(cents, Currency::EUR);
//! let friday = Utc.with_ymd_and_hms(2026, 5, 8, 17, 0, 0).unwrap();
//! let asked = Expectation::new(Some(Remedy::new(RemedyKind::Refund, eur(4_000))), Some(friday));
//!
//! let thursday = Utc.with_ymd_and_hms(2026, 5, 7, 12, 0, 0).unwrap();
//! let full = Remedy::new(RemedyKind::Refund, eur(4_000));
//! assert_eq!(asked.judge(&full, thursday)?, ExpectationGap::Met);
//! assert_eq!(asked.judge(&full, friday + chrono::Duration::hours(1))?, ExpectationGap::Below);
//!
//! let paid = Entitlement::new([Remedy::new(RemedyKind::Refund, eur(3_500))]);
//! assert!(paid.covers(&full, eur(500))?);   // within what was paid, plus the margin
//! assert!(!paid.covers(&full, eur(0))?);
//! # Ok::<(), customer_care::money::MoneyError>(())
//! ```
//!
//! # JSON
//! A [`Customer`] is `{"kind": "prospect", "id": "…" | null}`; an [`Expectation`] is
//! `{"asked": {…remedy…} | null, "by": "…" | null}`; an [`Entitlement`] is the array of
//! the remedies the contract covers, at most one per kind.
//!
//! [CU1]: crate::requirements#CU1
//! [CU2]: crate::requirements#CU2
//! [CU3]: crate::requirements#CU3

use crate::id::CustomerId;
use crate::money::{Money, MoneyError};
use crate::remedy::{Remedy, RemedyKind};
use chrono::{DateTime, Utc};
use core::cmp::Ordering;
use core::fmt;
use std::collections::BTreeMap;

/// Who is speaking, in relation to the business (CU1).
///
/// In JSON a kind is its `snake_case` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum CustomerKind {
    /// Someone who buys from the business.
    External,
    /// An employee served by another part of the business.
    Internal,
    /// Someone who might buy.
    Prospect,
    /// Someone who used to buy.
    Former,
    /// Anyone else: a bystander, a supplier, the building's guard.
    Other,
}

impl fmt::Display for CustomerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CustomerKind::External => "customer",
            CustomerKind::Internal => "internal customer",
            CustomerKind::Prospect => "prospect",
            CustomerKind::Former => "former customer",
            CustomerKind::Other => "member of the public",
        })
    }
}

/// A person who speaks to the business, named or anonymous (CU1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Customer {
    /// How they relate to the business.
    pub kind: CustomerKind,
    /// Who they are; `None` when they chose not to say.
    pub id: Option<CustomerId>,
}

impl Customer {
    /// A person whose identity is known.
    pub const fn identified(kind: CustomerKind, id: CustomerId) -> Self {
        Self { kind, id: Some(id) }
    }

    /// A person who gave no name. Their voice counts as much as anyone's.
    pub const fn anonymous(kind: CustomerKind) -> Self {
        Self { kind, id: None }
    }

    /// Whether the person can be reached again (for example to close the loop).
    pub const fn is_identifiable(&self) -> bool {
        self.id.is_some()
    }
}

/// An outcome judged against what the customer expected (CU2).
///
/// In JSON: `"below"`, `"met"` or `"exceeded"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum ExpectationGap {
    /// Less than expected, or late.
    Below,
    /// What was expected, when expected.
    Met,
    /// More than expected, and on time.
    Exceeded,
}

/// What a customer asked for and by when, recorded when they ask (CU2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Expectation {
    /// The remedy they asked for, if they named one.
    pub asked: Option<Remedy>,
    /// When they expect it, if they said.
    pub by: Option<DateTime<Utc>>,
}

impl Expectation {
    /// An expectation of `asked` by `by`; either may be unknown.
    pub const fn new(asked: Option<Remedy>, by: Option<DateTime<Utc>>) -> Self {
        Self { asked, by }
    }

    /// Judges a remedy delivered at `delivered_at` against this expectation ([CU2]).
    ///
    /// Late (after `by`) or worth less than asked is [`ExpectationGap::Below`]; on time
    /// and worth more than asked is [`ExpectationGap::Exceeded`]; anything else is
    /// [`ExpectationGap::Met`]. The kind is not compared: the customer chose the remedy
    /// among the options offered. This is the business's own measure; the customer's
    /// verdict, when given, is the one that counts.
    ///
    /// # Errors
    /// [`MoneyError::CurrencyMismatch`] when the remedy is in another currency than the
    /// one asked for.
    ///
    /// [CU2]: crate::requirements#CU2
    pub fn judge(
        &self,
        delivered: &Remedy,
        delivered_at: DateTime<Utc>,
    ) -> Result<ExpectationGap, MoneyError> {
        if self.by.is_some_and(|by| delivered_at > by) {
            return Ok(ExpectationGap::Below);
        }
        let Some(asked) = self.asked else {
            return Ok(ExpectationGap::Met);
        };
        Ok(match delivered.value.checked_cmp(&asked.value)? {
            Ordering::Less => ExpectationGap::Below,
            Ordering::Equal => ExpectationGap::Met,
            Ordering::Greater => ExpectationGap::Exceeded,
        })
    }
}

/// What a customer contracted and paid for: per remedy kind, the most the contract
/// covers (CU3).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(from = "Vec<Remedy>", into = "Vec<Remedy>"))]
pub struct Entitlement {
    covered: BTreeMap<RemedyKind, Money>,
}

impl Entitlement {
    /// The remedies the contract covers. A kind given twice keeps the larger value in
    /// its currency, or the later one when currencies differ.
    pub fn new(remedies: impl IntoIterator<Item = Remedy>) -> Self {
        let mut covered: BTreeMap<RemedyKind, Money> = BTreeMap::new();
        for remedy in remedies {
            let entry = covered.entry(remedy.kind).or_insert(remedy.value);
            if entry.checked_cmp(&remedy.value) != Ok(Ordering::Greater) {
                *entry = remedy.value;
            }
        }
        Self { covered }
    }

    /// The most the contract covers of `kind`, if anything.
    pub fn covered(&self, kind: RemedyKind) -> Option<Money> {
        self.covered.get(&kind).copied()
    }

    /// Every remedy the contract covers, one per kind.
    pub fn remedies(&self) -> impl Iterator<Item = Remedy> + '_ {
        self.covered
            .iter()
            .map(|(kind, value)| Remedy::new(*kind, *value))
    }

    /// Whether `demand` is within the contract plus a goodwill `margin` ([CU3]). A kind the
    /// contract does not cover is within it only up to the margin.
    ///
    /// # Errors
    /// [`MoneyError::CurrencyMismatch`] when the amounts are in different currencies;
    /// [`MoneyError::Overflow`] when contract plus margin overflows.
    ///
    /// [CU3]: crate::requirements#CU3
    pub fn covers(&self, demand: &Remedy, margin: Money) -> Result<bool, MoneyError> {
        let ceiling = match self.covered(demand.kind) {
            Some(covered) => covered.checked_add(margin)?,
            None => margin,
        };
        Ok(demand.value.checked_cmp(&ceiling)? != Ordering::Greater)
    }
}

impl From<Vec<Remedy>> for Entitlement {
    fn from(remedies: Vec<Remedy>) -> Self {
        Self::new(remedies)
    }
}

impl From<Entitlement> for Vec<Remedy> {
    fn from(entitlement: Entitlement) -> Self {
        entitlement
            .covered
            .into_iter()
            .map(|(kind, value)| Remedy::new(kind, value))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;
    use chrono::TimeZone;

    fn eur(cents: u64) -> Money {
        Money::minor(cents, Currency::EUR)
    }

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 5, d, 12, 0, 0).unwrap()
    }

    fn refund(cents: u64) -> Remedy {
        Remedy::new(RemedyKind::Refund, eur(cents))
    }

    #[test]
    fn cu1_anyone_may_speak_named_or_not() {
        let guard = Customer::anonymous(CustomerKind::Other);
        assert!(!guard.is_identifiable());
        let id = CustomerId::from_uuid(uuid::Uuid::from_u128(3));
        assert!(Customer::identified(CustomerKind::Prospect, id).is_identifiable());
        assert_eq!(CustomerKind::Internal.to_string(), "internal customer");
    }

    #[test]
    fn cu2_late_or_less_is_below_more_on_time_is_exceeded() {
        let expected = Expectation::new(Some(refund(1_000)), Some(day(10)));
        assert_eq!(
            expected.judge(&refund(1_000), day(10)),
            Ok(ExpectationGap::Met)
        );
        assert_eq!(
            expected.judge(&refund(1_000), day(11)),
            Ok(ExpectationGap::Below)
        );
        assert_eq!(
            expected.judge(&refund(999), day(9)),
            Ok(ExpectationGap::Below)
        );
        assert_eq!(
            expected.judge(&refund(1_500), day(9)),
            Ok(ExpectationGap::Exceeded)
        );
        assert_eq!(
            expected.judge(&refund(1_500), day(12)),
            Ok(ExpectationGap::Below)
        );
        let open = Expectation::new(None, None);
        assert_eq!(open.judge(&refund(1), day(30)), Ok(ExpectationGap::Met));
        let dollars = Remedy::new(RemedyKind::Refund, Money::minor(1, Currency::USD));
        assert!(expected.judge(&dollars, day(9)).is_err());
    }

    #[test]
    fn cu3_a_demand_within_the_contract_plus_margin_is_covered() {
        let paid = Entitlement::new([refund(5_000), refund(4_000)]);
        assert_eq!(paid.covered(RemedyKind::Refund), Some(eur(5_000)));
        assert_eq!(paid.covers(&refund(5_000), eur(0)), Ok(true));
        assert_eq!(paid.covers(&refund(5_500), eur(500)), Ok(true));
        assert_eq!(paid.covers(&refund(5_501), eur(500)), Ok(false));
        let gesture = Remedy::new(RemedyKind::GoodwillGesture, eur(300));
        assert_eq!(paid.covers(&gesture, eur(500)), Ok(true));
        assert_eq!(paid.covers(&gesture, eur(200)), Ok(false));
    }
}
