//! Service metrics, computed exactly as the field defines them ([ME1]), and goals that
//! ratchet up ([ME4]).
//!
//! Scores are tallied in plain counters and every share comes out as a [`Percent`]:
//! the exact fraction behind the figure, compared and printed without floating point.
//! No responses give `None`, never NaN, and a score off its scale is refused with
//! [`MetricsError::OutOfScale`], leaving the tally as it was.
//!
//! | Metric | Formula | Here |
//! |---|---|---|
//! | CSAT | 100 × count(4 or 5) / responses, on 1–5 (top two boxes) | [`Csat`] |
//! | NPS | 100 × (promoters 9–10 − detractors 0–6) / responses, on 0–10 | [`Nps`] |
//! | eNPS | NPS asked about the workplace, per team ([ST5]) | [`TeamPulse`] |
//! | CES 1.0 | mean effort on 1–5, lower is better | [`Ces1`] |
//! | CES 2.0 | mean of "easy to handle" on 1–7, higher is better; and % of 5–7 | [`Ces2`] |
//! | First-contact resolution | 100 × cases resolved with no repeat contact in the window / cases | [`first_contact_resolution`] |
//! | First response time | first customer-facing reply − receipt | [`CaseFacts::first_response_time`] |
//! | Time to resolution | receipt → first delivery, and receipt → final delivery | [`CaseFacts::first_resolution_time`], [`CaseFacts::full_resolution_time`] |
//! | Reopen rate | 100 × cases reopened at least once / cases resolved | [`reopen_rate`] |
//! | SLA compliance | 100 × cases with no clock breached / cases | [`sla_compliance`] |
//! | Promise keeping | 100 × (kept early + kept) / promises settled | [`PromiseTally`] |
//! | Expectation gap | below / met / exceeded, the customer's word first ([ME3]) | [`GapTally`] |
//!
//! Times over many cases are summarised by [`DurationStats`] (mean and median).
//!
//! ```
//! use customer_care::metrics::{Csat, Nps, Percent};
//!
//! // Ten customers answered "how likely are you to recommend us?" (0–10).
//! let nps = Nps::tally([10, 9, 9, 8, 7, 6, 5, 10, 3, 9])?;
//! assert_eq!((nps.promoters(), nps.passives(), nps.detractors()), (5, 2, 3));
//! assert_eq!(nps.score(), Percent::of(2, 10)); // 100 × (5 − 3) / 10 = 20
//! assert_eq!(nps.score().unwrap().to_string(), "20.0%");
//!
//! // Seven answered "how satisfied are you?" (1–5): 5, 4 and 4 are satisfied.
//! let csat = Csat::tally([5, 4, 3, 1, 4, 2, 3])?;
//! assert_eq!(csat.percent(), Percent::of(3, 7));
//! assert_eq!(csat.percent().unwrap().to_string(), "42.9%");
//! assert_eq!(Csat::default().percent(), None); // no answers, no score
//! # Ok::<(), customer_care::metrics::MetricsError>(())
//! ```
//!
//! # Over cases
//! The case metrics read [`CaseFacts`], folded from each complaint's events. Three
//! cases, all received at hour 0 and acknowledged at once:
//! - **A**: offered a refund at hour 1, chose it at 2, got it at 24 as promised.
//! - **B**: offered at 24, chose at 25, wrote again at 48 asking where it was, got it
//!   late at 72.
//! - **C**: a message at 2, offered at 3, chose at 4, got it early at 24; closed at
//!   30, reopened at 120, offered at 121, chose at 122, got it at 144.
//!
//! First response: 1, 24 and 2 hours: mean 9, median 2. First resolution: 24, 72 and
//! 24 hours: mean 40, median 24; full resolution: 24, 72 and 144. Within seven days
//! only A had no repeat contact (B wrote, C was reopened): FCR 1 of 3. One of the three
//! resolved cases was reopened: 1 of 3. Promises: kept, late, early, kept: 3 of 4 kept.
//! On the default normal-priority terms (first response within 8 business hours,
//! resolution within 40) and a calendar open around the clock, only B breached: SLA
//! compliance 2 of 3.
//!
//! ```
//! # use chrono::{Duration, TimeDelta, TimeZone, Utc, Weekday};
//! # use customer_care::calendar::{Calendar, CalendarSpec, Interval};
//! # use customer_care::complaint::*;
//! # use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation};
//! # use customer_care::id::{ComplaintId, StaffId};
//! # use customer_care::money::{Currency, Money};
//! # use customer_care::promise::PromiseOutcome::{Kept, KeptEarly, Late};
//! # use customer_care::remedy::{Remedy, RemedyKind};
//! # use customer_care::clocks::SlaClocks;
//! # use customer_care::view::CaseView;
//! # use customer_care::sla::{Priority, SlaPolicy};
//! # use uuid::Uuid;
//! use customer_care::metrics::*;
//! # let t0 = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
//! # let (h, hours) = (|n| t0 + Duration::hours(n), TimeDelta::hours);
//! # let ana = StaffId::from_uuid(Uuid::from_u128(1));
//! # let received = |n| ComplaintEvent::Received(Receipt {
//! #     id: ComplaintId::from_uuid(Uuid::from_u128(n)),
//! #     customer: Customer::anonymous(CustomerKind::External),
//! #     summary: "the parcel never came".into(),
//! #     expectation: Expectation::new(None, None),
//! #     entitlement: Entitlement::default(),
//! #     follows: None,
//! #     sla: SlaPolicy::default().terms(Priority::Normal),
//! #     at: h(0),
//! # });
//! # let message = |at| CustomerMessage {
//! #     text: "we are on it".into(),
//! #     next_step: NextStep { action: "we write again".into(), by: h(at + 4) },
//! # };
//! # let ack = || ComplaintEvent::Acknowledged { owner: ana, message: message(0), at: h(0) };
//! # let sent = |at| ComplaintEvent::MessageSent { by: ana, message: message(at), at: h(at) };
//! # let offer = |at| ComplaintEvent::ResolutionOffered {
//! #     by: ana,
//! #     options: vec![ResolutionOption {
//! #         remedy: Remedy::new(RemedyKind::Refund, Money::minor(2_000, Currency::EUR)),
//! #         description: "a refund".into(),
//! #         estimate: h(at + 10),
//! #         due: h(at + 30),
//! #     }].try_into().unwrap(),
//! #     at: h(at),
//! # };
//! # let choose = |at| ComplaintEvent::OptionChosen { option: 0, at: h(at) };
//! # let deliver = |at, outcome| ComplaintEvent::Delivered { by: ana, outcome, at: h(at) };
//! # let wrote = |at| ComplaintEvent::CustomerWrote { text: "where is it?".into(), at: h(at) };
//! # let closed = |at| ComplaintEvent::Closed { verdict: Verdict::default(), at: h(at) };
//! # let reopened = |at| ComplaintEvent::Reopened { reason: "broken again".into(), escalated_to: None, at: h(at) };
//! # let investigate = |at| ComplaintEvent::InvestigationStarted { by: ana, at: h(at) };
//! let a = vec![received(1), ack(), offer(1), choose(2), deliver(24, Kept)];
//! let b = vec![received(2), ack(), offer(24), choose(25), wrote(48), deliver(72, Late)];
//! let c = vec![
//!     received(3), ack(), sent(2), offer(3), choose(4), deliver(24, KeptEarly), closed(30),
//!     reopened(120), investigate(120), offer(121), choose(122), deliver(144, Kept),
//! ];
//! let histories = [a, b, c];
//! let cases = histories
//!     .iter()
//!     .map(|events| CaseFacts::from_events(events, &()))
//!     .collect::<Result<Vec<_>, _>>()?;
//!
//! let first_response = DurationStats::of(cases.iter().filter_map(CaseFacts::first_response_time));
//! let first_response = first_response.unwrap();
//! assert_eq!((first_response.mean, first_response.median), (hours(9), hours(2)));
//! let first = DurationStats::of(cases.iter().filter_map(CaseFacts::first_resolution_time));
//! assert_eq!(first.map(|s| (s.mean, s.median)), Some((hours(40), hours(24))));
//! let full: Vec<_> = cases.iter().filter_map(CaseFacts::full_resolution_time).collect();
//! assert_eq!(full, [hours(24), hours(72), hours(144)]);
//!
//! assert_eq!(first_contact_resolution(&cases, TimeDelta::days(7)), Percent::of(1, 3));
//! assert_eq!(reopen_rate(&cases), Percent::of(1, 3));
//! let mut promises = PromiseTally::default();
//! cases.iter().for_each(|case| promises.merge(case.promises()));
//! assert_eq!(promises.keeping(), Percent::of(3, 4));
//!
//! let mut always = CalendarSpec::default();
//! for day in [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun] {
//!     always.set_day(day, vec![Interval::hm(0, 0, 24, 0)?]);
//! }
//! let calendar = Calendar::try_new(Utc, always)?;
//! let mut reports = Vec::new();
//! for events in &histories {
//!     reports.push(SlaClocks::from_events(events, &())?.report(&calendar, h(200))?);
//! }
//! assert_eq!(sla_compliance(&reports), Percent::of(2, 3));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [ST5]: crate::requirements#ST5
//! [ME1]: crate::requirements#ME1
//! [ME3]: crate::requirements#ME3
//! [ME4]: crate::requirements#ME4

use crate::complaint::{ComplaintEvent, Verdict};
use crate::customer::{Expectation, ExpectationGap};
use crate::id::{ComplaintId, StaffId};
use crate::promise::{PromiseOutcome, PromiseState};
use crate::remedy::Remedy;
use crate::sla::SlaReport;
use crate::view::{CaseView, InOrder, ViewError};
use chrono::{DateTime, TimeDelta, Utc};
use core::cmp::Ordering;
use core::fmt;
use std::collections::BTreeMap;

/// Why a score or a case's events could not be counted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MetricsError {
    /// A score outside its metric's scale.
    #[error("{score} is off the {metric} scale of {low} to {high}")]
    OutOfScale {
        /// The metric.
        metric: &'static str,
        /// The score given.
        score: u8,
        /// The scale's lowest score.
        low: u8,
        /// The scale's highest score.
        high: u8,
    },
    /// A share outside 0–100% given as a target floor.
    #[error("a target floor must lie between 0% and 100%, not {floor}")]
    FloorOutOfRange {
        /// The floor given.
        floor: Percent,
    },
}

crate::refusal::refusals! { MetricsError {
    OutOfScale { metric, score, low, high } => "out_of_scale", "ME1";
    FloorOutOfRange { floor } => "floor_out_of_range", "ME4";
} wraps {  } }

/// An exact percentage, `100 × numerator / denominator`, between −100% and 100%.
///
/// It keeps the fraction in lowest terms, so equal shares are equal values and compare
/// exactly; [`Percent::to_f64`] is there for charts. It prints with one decimal,
/// rounded half away from zero: `42.9%`.
///
/// In JSON: `{"numerator": 3, "denominator": 7}`; loading checks the denominator is
/// not zero and the share lies within ±100%, and reduces the fraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(try_from = "PercentSpec"))]
pub struct Percent {
    numerator: i128,
    denominator: u64,
}

/// The unchecked JSON form of a [`Percent`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct PercentSpec {
    numerator: i128,
    denominator: u64,
}

#[cfg(feature = "serde")]
impl TryFrom<PercentSpec> for Percent {
    type Error = &'static str;

    fn try_from(spec: PercentSpec) -> Result<Self, Self::Error> {
        Percent::ratio(spec.numerator, spec.denominator)
            .ok_or("a percentage needs a denominator above zero and a share within ±100%")
    }
}

impl Percent {
    /// Nothing: 0%.
    pub const ZERO: Percent = Percent {
        numerator: 0,
        denominator: 1,
    };
    /// Everything: 100%.
    pub const ALL: Percent = Percent {
        numerator: 1,
        denominator: 1,
    };

    /// `part` of `whole`; `None` when `whole` is zero or smaller than `part`.
    pub fn of(part: u64, whole: u64) -> Option<Percent> {
        Self::ratio(i128::from(part), whole)
    }

    /// `plus − minus` of `whole`, as NPS counts; `None` when `whole` is zero or smaller
    /// than either count.
    fn net(plus: u64, minus: u64, whole: u64) -> Option<Percent> {
        if plus > whole || minus > whole {
            return None;
        }
        Self::ratio(i128::from(plus) - i128::from(minus), whole)
    }

    fn ratio(numerator: i128, denominator: u64) -> Option<Percent> {
        if denominator == 0 || numerator.unsigned_abs() > u128::from(denominator) {
            return None;
        }
        let divisor = gcd(numerator.unsigned_abs(), u128::from(denominator));
        // Both divide exactly and shrink: the casts cannot lose anything.
        let denominator = u64::try_from(u128::from(denominator) / divisor).ok()?;
        let magnitude = i128::try_from(numerator.unsigned_abs() / divisor).ok()?;
        Some(Percent {
            numerator: if numerator < 0 { -magnitude } else { magnitude },
            denominator,
        })
    }

    /// The fraction's numerator, in lowest terms.
    pub const fn numerator(self) -> i128 {
        self.numerator
    }

    /// The fraction's denominator, in lowest terms; never zero.
    pub const fn denominator(self) -> u64 {
        self.denominator
    }

    /// The percentage as a float, for charts; comparisons should use the value itself.
    #[allow(clippy::cast_precision_loss)] // a float is what is asked for
    pub fn to_f64(self) -> f64 {
        100.0 * self.numerator as f64 / self.denominator as f64
    }

    /// The percentage rounded to `scale` parts of a percent (1 for whole percents, 10
    /// for tenths), half away from zero.
    fn rounded_to(self, scale: u128) -> i128 {
        let denominator = u128::from(self.denominator);
        // |numerator| ≤ denominator < 2^64, so neither product overflows.
        let magnitude =
            (200 * scale * self.numerator.unsigned_abs() + denominator) / (2 * denominator);
        let magnitude = i128::try_from(magnitude).unwrap_or(i128::MAX);
        if self.numerator < 0 {
            -magnitude
        } else {
            magnitude
        }
    }

    /// The whole percent nearest, half away from zero: 2/3 is 67.
    pub fn rounded(self) -> i128 {
        self.rounded_to(1)
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Ord for Percent {
    fn cmp(&self, other: &Self) -> Ordering {
        // Cross-multiplied magnitudes fit: each is below 2^64 · 2^64.
        let left = self.numerator.unsigned_abs() * u128::from(other.denominator);
        let right = other.numerator.unsigned_abs() * u128::from(self.denominator);
        match (self.numerator < 0, other.numerator < 0) {
            (false, false) => left.cmp(&right),
            (true, true) => right.cmp(&left),
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
        }
    }
}

impl PartialOrd for Percent {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let tenths = self.rounded_to(10);
        let sign = if tenths < 0 { "-" } else { "" };
        let tenths = tenths.unsigned_abs();
        write!(f, "{sign}{}.{}%", tenths / 10, tenths % 10)
    }
}

/// An exact mean of scores, `sum / count`, in lowest terms.
///
/// It prints with two decimals, rounded half up: `2.33`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Mean {
    sum: u128,
    count: u64,
}

impl Mean {
    fn of(sum: u128, count: u64) -> Option<Mean> {
        if count == 0 {
            return None;
        }
        let divisor = gcd(sum, u128::from(count));
        Some(Mean {
            sum: sum / divisor,
            count: u64::try_from(u128::from(count) / divisor).ok()?,
        })
    }

    /// The sum of the scores, over [`Mean::count`], in lowest terms.
    pub const fn sum(self) -> u128 {
        self.sum
    }

    /// The count the sum is over, in lowest terms; never zero.
    pub const fn count(self) -> u64 {
        self.count
    }

    /// The mean as a float.
    #[allow(clippy::cast_precision_loss)] // a float is what is asked for
    pub fn to_f64(self) -> f64 {
        self.sum as f64 / self.count as f64
    }
}

impl fmt::Display for Mean {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = u128::from(self.count);
        let hundredths = self.sum.saturating_mul(200).saturating_add(count) / (2 * count);
        write!(f, "{}.{:02}", hundredths / 100, hundredths % 100)
    }
}

/// Checks `score` against the inclusive scale `low..=high` of `metric`.
fn on_scale(metric: &'static str, score: u8, low: u8, high: u8) -> Result<u8, MetricsError> {
    if (low..=high).contains(&score) {
        Ok(score)
    } else {
        Err(MetricsError::OutOfScale {
            metric,
            score,
            low,
            high,
        })
    }
}

/// A rating scale and how a metric counts answers on it.
trait Scale: Default {
    /// The metric's name in errors.
    const METRIC: &'static str;
    /// The lowest score.
    const LOW: u8;
    /// The highest score.
    const HIGH: u8;

    /// Counts `scores`, every one already checked to be on the scale; at most
    /// [`CHUNK`] of them.
    fn count(&mut self, scores: &[u8]);

    /// Counts one answer; off the scale, the tally is unchanged.
    fn add_one(&mut self, score: u8) -> Result<(), MetricsError> {
        self.count(&[on_scale(Self::METRIC, score, Self::LOW, Self::HIGH)?]);
        Ok(())
    }
}

/// How many scores a tally reads before it checks and counts them: a fixed-size chunk
/// lets the compiler vectorise both loops, where checking score by score cannot be.
const CHUNK: usize = 256;

/// Tallies `scores` into `T`, a chunk at a time: the first score off the scale stops it.
fn tally<T: Scale>(scores: impl IntoIterator<Item = u8>) -> Result<T, MetricsError> {
    let mut total = T::default();
    let mut scores = scores.into_iter();
    let mut buffer = [0; CHUNK];
    loop {
        let mut len = 0;
        for (slot, score) in buffer.iter_mut().zip(&mut scores) {
            *slot = score;
            len += 1;
        }
        let chunk = &buffer[..len];
        let off_scale = chunk.iter().fold(false, |off, &score| {
            off | !(T::LOW..=T::HIGH).contains(&score)
        });
        if off_scale {
            for &score in chunk {
                on_scale(T::METRIC, score, T::LOW, T::HIGH)?;
            }
        }
        total.count(chunk);
        if len < CHUNK {
            return Ok(total);
        }
    }
}

/// How many of `scores` (at most [`CHUNK`]) satisfy `test`.
fn count_where(scores: &[u8], test: impl Fn(u8) -> bool) -> u64 {
    let count: u32 = scores.iter().map(|&score| u32::from(test(score))).sum();
    u64::from(count)
}

/// The sum of `scores` (at most [`CHUNK`]).
fn sum(scores: &[u8]) -> u128 {
    let sum: u32 = scores.iter().map(|&score| u32::from(score)).sum();
    u128::from(sum)
}

/// Customer satisfaction on 1–5 ([ME1]): CSAT% = 100 × count(4 or 5) / responses, the top
/// two boxes. The mean rating is another metric; it is not this.
///
/// ```
/// use customer_care::metrics::{Csat, Percent};
///
/// // 5, 5, 4 and 4 of eight answers are satisfied: 100 × 4 / 8 = 50%.
/// let csat = Csat::tally([5, 5, 4, 4, 3, 3, 2, 1])?;
/// assert_eq!(csat.percent(), Percent::of(1, 2));
/// # Ok::<(), customer_care::metrics::MetricsError>(())
/// ```
///
/// [ME1]: crate::requirements#ME1
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Csat {
    satisfied: u64,
    responses: u64,
}

impl Csat {
    /// Counts one answer.
    ///
    /// # Errors
    /// [`MetricsError::OutOfScale`] outside 1–5; the tally is unchanged.
    pub fn add(&mut self, score: u8) -> Result<(), MetricsError> {
        self.add_one(score)
    }

    /// Counts every answer.
    ///
    /// # Errors
    /// [`MetricsError::OutOfScale`] at the first score outside 1–5.
    pub fn tally(scores: impl IntoIterator<Item = u8>) -> Result<Self, MetricsError> {
        tally(scores)
    }

    /// Answers of 4 or 5.
    pub const fn satisfied(&self) -> u64 {
        self.satisfied
    }

    /// All answers.
    pub const fn responses(&self) -> u64 {
        self.responses
    }

    /// CSAT%; `None` without answers.
    pub fn percent(&self) -> Option<Percent> {
        Percent::of(self.satisfied, self.responses)
    }
}

impl Scale for Csat {
    const METRIC: &'static str = "CSAT";
    const LOW: u8 = 1;
    const HIGH: u8 = 5;

    fn count(&mut self, scores: &[u8]) {
        self.satisfied += count_where(scores, |score| score >= 4);
        self.responses += scores.len() as u64;
    }
}

/// Net Promoter Score on 0–10 ([ME1]): promoters 9–10, passives 7–8, detractors 0–6;
/// NPS = 100 × (promoters − detractors) / responses, from −100% to 100%. eNPS is the
/// same arithmetic over the workplace question ([`TeamPulse`]).
///
/// ```
/// use customer_care::metrics::Nps;
///
/// // 2 promoters, 1 passive, 3 detractors: 100 × (2 − 3) / 6 = −16.7%.
/// let nps = Nps::tally([9, 10, 8, 6, 0, 3])?;
/// let score = nps.score().unwrap();
/// assert_eq!((score.numerator(), score.denominator()), (-1, 6));
/// assert_eq!(score.to_string(), "-16.7%");
/// assert_eq!(score.rounded(), -17);
/// # Ok::<(), customer_care::metrics::MetricsError>(())
/// ```
///
/// [ME1]: crate::requirements#ME1
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Nps {
    promoters: u64,
    passives: u64,
    detractors: u64,
}

impl Nps {
    /// Counts one answer.
    ///
    /// # Errors
    /// [`MetricsError::OutOfScale`] above 10; the tally is unchanged.
    pub fn add(&mut self, score: u8) -> Result<(), MetricsError> {
        self.add_one(score)
    }

    /// Counts every answer.
    ///
    /// # Errors
    /// [`MetricsError::OutOfScale`] at the first score above 10.
    pub fn tally(scores: impl IntoIterator<Item = u8>) -> Result<Self, MetricsError> {
        tally(scores)
    }

    /// Answers of 9 or 10.
    pub const fn promoters(&self) -> u64 {
        self.promoters
    }

    /// Answers of 7 or 8.
    pub const fn passives(&self) -> u64 {
        self.passives
    }

    /// Answers of 0 to 6.
    pub const fn detractors(&self) -> u64 {
        self.detractors
    }

    /// All answers.
    pub const fn responses(&self) -> u64 {
        self.promoters + self.passives + self.detractors
    }

    /// The score; `None` without answers.
    pub fn score(&self) -> Option<Percent> {
        Percent::net(self.promoters, self.detractors, self.responses())
    }
}

impl Scale for Nps {
    const METRIC: &'static str = "NPS";
    const LOW: u8 = 0;
    const HIGH: u8 = 10;

    fn count(&mut self, scores: &[u8]) {
        let promoters = count_where(scores, |score| score >= 9);
        let detractors = count_where(scores, |score| score <= 6);
        self.promoters += promoters;
        self.detractors += detractors;
        self.passives += scores.len() as u64 - promoters - detractors;
    }
}

/// Customer Effort Score 1.0 ([ME1]): "how much effort did it take?" on 1–5; the score
/// is the mean, and lower is better. Not comparable with [`Ces2`].
///
/// ```
/// use customer_care::metrics::Ces1;
///
/// let ces = Ces1::tally([1, 2, 2, 5])?; // (1 + 2 + 2 + 5) / 4
/// assert_eq!(ces.mean().unwrap().to_string(), "2.50");
/// # Ok::<(), customer_care::metrics::MetricsError>(())
/// ```
///
/// [ME1]: crate::requirements#ME1
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Ces1 {
    sum: u128,
    responses: u64,
}

impl Ces1 {
    /// Counts one answer.
    ///
    /// # Errors
    /// [`MetricsError::OutOfScale`] outside 1–5; the tally is unchanged.
    pub fn add(&mut self, score: u8) -> Result<(), MetricsError> {
        self.add_one(score)
    }

    /// Counts every answer.
    ///
    /// # Errors
    /// [`MetricsError::OutOfScale`] at the first score outside 1–5.
    pub fn tally(scores: impl IntoIterator<Item = u8>) -> Result<Self, MetricsError> {
        tally(scores)
    }

    /// All answers.
    pub const fn responses(&self) -> u64 {
        self.responses
    }

    /// The mean effort; `None` without answers.
    pub fn mean(&self) -> Option<Mean> {
        Mean::of(self.sum, self.responses)
    }
}

impl Scale for Ces1 {
    const METRIC: &'static str = "CES 1.0";
    const LOW: u8 = 1;
    const HIGH: u8 = 5;

    fn count(&mut self, scores: &[u8]) {
        self.sum += sum(scores);
        self.responses += scores.len() as u64;
    }
}

/// Customer Effort Score 2.0 ([ME1]): "the company made it easy to handle my issue" on
/// 1–7 (strongly disagree to strongly agree); the score is the mean, and higher is
/// better. Also reported: the share who agree (5–7). Not comparable with [`Ces1`].
///
/// ```
/// use customer_care::metrics::{Ces2, Percent};
///
/// let ces = Ces2::tally([7, 6, 5, 4, 1])?; // mean 23 / 5; 3 of 5 agree
/// assert_eq!(ces.mean().unwrap().to_string(), "4.60");
/// assert_eq!(ces.agree(), Percent::of(3, 5));
/// # Ok::<(), customer_care::metrics::MetricsError>(())
/// ```
///
/// [ME1]: crate::requirements#ME1
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Ces2 {
    sum: u128,
    agreeing: u64,
    responses: u64,
}

impl Ces2 {
    /// Counts one answer.
    ///
    /// # Errors
    /// [`MetricsError::OutOfScale`] outside 1–7; the tally is unchanged.
    pub fn add(&mut self, score: u8) -> Result<(), MetricsError> {
        self.add_one(score)
    }

    /// Counts every answer.
    ///
    /// # Errors
    /// [`MetricsError::OutOfScale`] at the first score outside 1–7.
    pub fn tally(scores: impl IntoIterator<Item = u8>) -> Result<Self, MetricsError> {
        tally(scores)
    }

    /// All answers.
    pub const fn responses(&self) -> u64 {
        self.responses
    }

    /// The mean; `None` without answers.
    pub fn mean(&self) -> Option<Mean> {
        Mean::of(self.sum, self.responses)
    }

    /// The share answering 5, 6 or 7; `None` without answers.
    pub fn agree(&self) -> Option<Percent> {
        Percent::of(self.agreeing, self.responses)
    }
}

impl Scale for Ces2 {
    const METRIC: &'static str = "CES 2.0";
    const LOW: u8 = 1;
    const HIGH: u8 = 7;

    fn count(&mut self, scores: &[u8]) {
        self.sum += sum(scores);
        self.agreeing += count_where(scores, |score| score >= 5);
        self.responses += scores.len() as u64;
    }
}

/// Employee NPS per team ([ST5]): staff are the first customers (decalogue 7), and their
/// answer to "how likely are you to recommend working here?" is tallied per team.
///
/// A team is named by its lead: see [`crate::staff::Directory::team_of`]. Answers are
/// anonymous; the host files each under the respondent's team.
///
/// ```
/// use customer_care::id::StaffId;
/// use customer_care::metrics::{Percent, TeamPulse};
/// # use uuid::Uuid;
/// let (shop, warehouse) = (StaffId::from_uuid(Uuid::from_u128(1)), StaffId::from_uuid(Uuid::from_u128(2)));
/// let pulse = TeamPulse::tally([(shop, 9), (shop, 10), (shop, 7), (warehouse, 4), (warehouse, 9)])?;
/// assert_eq!(pulse.enps(shop), Percent::of(2, 3));
/// assert_eq!(pulse.enps(warehouse), Percent::of(0, 2));
/// # Ok::<(), customer_care::metrics::MetricsError>(())
/// ```
///
/// [ST5]: crate::requirements#ST5
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct TeamPulse {
    teams: BTreeMap<StaffId, Nps>,
}

impl TeamPulse {
    /// Counts one answer for the team led by `team`.
    ///
    /// # Errors
    /// [`MetricsError::OutOfScale`] above 10; the pulse is unchanged.
    pub fn add(&mut self, team: StaffId, score: u8) -> Result<(), MetricsError> {
        let mut nps = self.teams.get(&team).copied().unwrap_or_default();
        nps.add(score)?;
        self.teams.insert(team, nps);
        Ok(())
    }

    /// Counts every answer, as `(team, score)`.
    ///
    /// # Errors
    /// [`MetricsError::OutOfScale`] at the first score above 10.
    pub fn tally(answers: impl IntoIterator<Item = (StaffId, u8)>) -> Result<Self, MetricsError> {
        let mut pulse = Self::default();
        for (team, score) in answers {
            pulse.add(team, score)?;
        }
        Ok(pulse)
    }

    /// The team's answers, if it gave any.
    pub fn team(&self, team: StaffId) -> Option<&Nps> {
        self.teams.get(&team)
    }

    /// The team's eNPS; `None` when it gave no answers.
    pub fn enps(&self, team: StaffId) -> Option<Percent> {
        self.teams.get(&team).and_then(Nps::score)
    }

    /// Every team with answers, by lead id.
    pub fn iter(&self) -> impl Iterator<Item = (StaffId, &Nps)> {
        self.teams.iter().map(|(team, nps)| (*team, nps))
    }
}

/// How promises were settled ([ME1], [PR1]). Promise keeping = 100 × (kept early + kept)
/// / settled. Kept early is reported on its own and never counts above kept: exceeding
/// a promise is worth little more to a customer than keeping it.
///
/// ```
/// use customer_care::metrics::{Percent, PromiseTally};
/// use customer_care::promise::PromiseOutcome::{Kept, KeptEarly, Late};
///
/// let mut promises = PromiseTally::default();
/// for outcome in [KeptEarly, Kept, Kept, Late] {
///     promises.add(outcome);
/// }
/// promises.add_never_delivered();
/// assert_eq!(promises.keeping(), Percent::of(3, 5));
/// assert_eq!(promises.kept_early_share(), Percent::of(1, 5));
/// ```
///
/// [PR1]: crate::requirements#PR1
/// [ME1]: crate::requirements#ME1
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct PromiseTally {
    /// Delivered before the promised date by at least the early margin.
    pub kept_early: u64,
    /// Delivered by the date promised.
    pub kept: u64,
    /// Delivered after the date promised.
    pub late: u64,
    /// Found broken without delivery.
    pub never_delivered: u64,
}

impl PromiseTally {
    /// Counts a delivery.
    pub fn add(&mut self, outcome: PromiseOutcome) {
        match outcome {
            PromiseOutcome::KeptEarly => self.kept_early += 1,
            PromiseOutcome::Kept => self.kept += 1,
            PromiseOutcome::Late => self.late += 1,
        }
    }

    /// Counts a promise found broken before any delivery.
    pub fn add_never_delivered(&mut self) {
        self.never_delivered += 1;
    }

    /// Counts a promise's state; an open promise, or none, counts nothing.
    pub fn add_state(&mut self, state: &PromiseState) {
        match state {
            PromiseState::KeptEarly { .. } => self.add(PromiseOutcome::KeptEarly),
            PromiseState::Kept { .. } => self.add(PromiseOutcome::Kept),
            PromiseState::Broken {
                delivered_at: Some(_),
                ..
            } => self.add(PromiseOutcome::Late),
            PromiseState::Broken {
                delivered_at: None, ..
            } => self.add_never_delivered(),
            PromiseState::NotMade | PromiseState::Open { .. } => {}
        }
    }

    /// Adds another tally's counts.
    pub fn merge(&mut self, other: &PromiseTally) {
        self.kept_early += other.kept_early;
        self.kept += other.kept;
        self.late += other.late;
        self.never_delivered += other.never_delivered;
    }

    /// Promises settled: kept early, kept, late or never delivered.
    pub const fn settled(&self) -> u64 {
        self.kept_early + self.kept + self.late + self.never_delivered
    }

    /// The promise-keeping rate; `None` before any promise is settled.
    pub fn keeping(&self) -> Option<Percent> {
        Percent::of(self.kept_early + self.kept, self.settled())
    }

    /// The share kept early, reported apart; `None` before any promise is settled.
    pub fn kept_early_share(&self) -> Option<Percent> {
        Percent::of(self.kept_early, self.settled())
    }
}

/// The distribution of outcomes against expectations ([ME1], [CU2]): below, met, exceeded.
///
/// ```
/// use customer_care::customer::ExpectationGap::{Below, Exceeded, Met};
/// use customer_care::metrics::{GapTally, Percent};
///
/// let gaps = GapTally::tally([Met, Met, Exceeded, Below]);
/// assert_eq!(gaps.share(Met), Percent::of(1, 2));
/// assert_eq!(gaps.share(Below), Percent::of(1, 4));
/// ```
///
/// [CU2]: crate::requirements#CU2
/// [ME1]: crate::requirements#ME1
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct GapTally {
    /// Outcomes below what was expected.
    pub below: u64,
    /// Outcomes that met it.
    pub met: u64,
    /// Outcomes that exceeded it.
    pub exceeded: u64,
}

impl GapTally {
    /// Counts one outcome.
    pub fn add(&mut self, gap: ExpectationGap) {
        match gap {
            ExpectationGap::Below => self.below += 1,
            ExpectationGap::Met => self.met += 1,
            ExpectationGap::Exceeded => self.exceeded += 1,
        }
    }

    /// Counts every outcome.
    pub fn tally(gaps: impl IntoIterator<Item = ExpectationGap>) -> Self {
        let mut tally = Self::default();
        gaps.into_iter().for_each(|gap| tally.add(gap));
        tally
    }

    /// All outcomes counted.
    pub const fn total(&self) -> u64 {
        self.below + self.met + self.exceeded
    }

    /// The share of `gap`; `None` when nothing was counted.
    pub fn share(&self, gap: ExpectationGap) -> Option<Percent> {
        let count = match gap {
            ExpectationGap::Below => self.below,
            ExpectationGap::Met => self.met,
            ExpectationGap::Exceeded => self.exceeded,
        };
        Percent::of(count, self.total())
    }
}

/// The mean and median of a set of durations (first response times, times to
/// resolution), to the nanosecond.
///
/// The median of an even count is the mean of the two middle values, rounded toward
/// zero; so is the mean.
///
/// ```
/// use chrono::TimeDelta;
/// use customer_care::metrics::DurationStats;
///
/// let hours = |h| TimeDelta::hours(h);
/// let stats = DurationStats::of([hours(1), hours(4), hours(2), hours(9)]).unwrap();
/// assert_eq!(stats.mean, hours(4));
/// assert_eq!(stats.median, hours(3)); // (2 + 4) / 2
/// assert_eq!(stats.max, hours(9));
/// assert_eq!(DurationStats::of([]), None);
/// ```
///
/// In JSON each duration is chrono's `[seconds, nanoseconds]`:
/// `{"count": 4, "mean": [14400, 0], "median": [10800, 0], "min": [3600, 0], "max": [32400, 0]}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DurationStats {
    /// How many durations.
    pub count: u64,
    /// Their mean.
    pub mean: TimeDelta,
    /// Their median.
    pub median: TimeDelta,
    /// The shortest.
    pub min: TimeDelta,
    /// The longest.
    pub max: TimeDelta,
}

impl DurationStats {
    /// The statistics of `durations`; `None` when there are none.
    pub fn of(durations: impl IntoIterator<Item = TimeDelta>) -> Option<Self> {
        let mut all: Vec<TimeDelta> = durations.into_iter().collect();
        all.sort_unstable();
        let (min, max) = (*all.first()?, *all.last()?);
        let nanos = |d: &TimeDelta| {
            i128::from(d.num_seconds()) * 1_000_000_000 + i128::from(d.subsec_nanos())
        };
        let count = i128::try_from(all.len()).ok()?;
        let mean = all.iter().map(nanos).sum::<i128>() / count;
        let middle = all.len() / 2;
        let median = if all.len() % 2 == 0 {
            (nanos(all.get(middle - 1)?) + nanos(all.get(middle)?)) / 2
        } else {
            nanos(all.get(middle)?)
        };
        // A mean or median lies between the extremes, so it is a valid duration.
        let duration = |n: i128| {
            let seconds = i64::try_from(n.div_euclid(1_000_000_000)).ok()?;
            let nanos = u32::try_from(n.rem_euclid(1_000_000_000)).ok()?;
            TimeDelta::new(seconds, nanos)
        };
        Some(Self {
            count: u64::try_from(all.len()).ok()?,
            mean: duration(mean)?,
            median: duration(median)?,
            min,
            max,
        })
    }
}

/// A goal for a share that should rise (ME4): a floor to reach this period.
///
/// Met goals ratchet: [`Goal::next`] makes the share achieved the floor of the next
/// period's goal (decalogue 9), and a missed goal stays where it was.
///
/// ```
/// use customer_care::metrics::{Percent, Goal};
///
/// let goal = Goal::try_new(Percent::of(80, 100).unwrap())?;
/// let achieved = Percent::of(85, 100).unwrap();
/// assert!(goal.is_met(achieved));
/// assert_eq!(goal.next(Some(achieved)).floor(), achieved); // met: the bar rises
/// let next = goal.next(Some(achieved));
/// assert_eq!(next.next(Some(Percent::of(70, 100).unwrap())), next); // missed: it stays
/// # Ok::<(), customer_care::metrics::MetricsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(try_from = "GoalSpec"))]
pub struct Goal {
    floor: Percent,
}

/// The unchecked JSON form of a [`Goal`].
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct GoalSpec {
    floor: Percent,
}

#[cfg(feature = "serde")]
impl TryFrom<GoalSpec> for Goal {
    type Error = MetricsError;

    fn try_from(spec: GoalSpec) -> Result<Self, Self::Error> {
        Goal::try_new(spec.floor)
    }
}

impl Goal {
    /// A goal of reaching `floor`.
    ///
    /// # Errors
    /// [`MetricsError::FloorOutOfRange`] for a negative floor.
    pub fn try_new(floor: Percent) -> Result<Self, MetricsError> {
        if floor < Percent::ZERO {
            return Err(MetricsError::FloorOutOfRange { floor });
        }
        Ok(Self { floor })
    }

    /// The share to reach.
    pub const fn floor(&self) -> Percent {
        self.floor
    }

    /// Whether `achieved` reaches the floor.
    pub fn is_met(&self, achieved: Percent) -> bool {
        achieved >= self.floor
    }

    /// The next period's goal ([ME4]): what was achieved, when that met this goal;
    /// this goal, when it was missed or nothing was measured.
    ///
    /// [ME4]: crate::requirements#ME4
    pub fn next(self, achieved: Option<Percent>) -> Goal {
        match achieved {
            Some(achieved) if self.is_met(achieved) => Goal { floor: achieved },
            _ => self,
        }
    }
}

/// What the metrics need of one complaint, folded from its events ([ME1]).
///
/// Start it from the receipt and [`CaseFacts::apply`] the rest, or use
/// [`CaseView::from_events`]. It keeps a handful of instants and counters and the
/// remedies on offer; it never looks back at the events. It serialises its fields, in
/// `snake_case`, for inspection; to load it, fold the case's events again.
///
/// [ME1]: crate::requirements#ME1
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct CaseFacts {
    id: ComplaintId,
    follows: Option<ComplaintId>,
    received_at: DateTime<Utc>,
    latest: DateTime<Utc>,
    expectation: Expectation,
    owner: Option<StaffId>,
    offered: Vec<Remedy>,
    chosen: Option<Remedy>,
    first_response_at: Option<DateTime<Utc>>,
    repeat_contact_at: Option<DateTime<Utc>>,
    first_resolved_at: Option<DateTime<Utc>>,
    last_resolved_at: Option<DateTime<Utc>>,
    delivered: Option<PromiseOutcome>,
    settled: bool,
    reopened: u32,
    promises: PromiseTally,
    internal_gap: Option<ExpectationGap>,
    verdict: Option<Verdict>,
}

impl CaseFacts {
    /// The facts of a case just received.
    pub fn start(receipt: &crate::complaint::Receipt) -> Self {
        Self {
            id: receipt.id,
            follows: receipt.follows,
            received_at: receipt.at,
            latest: receipt.at,
            expectation: receipt.expectation,
            owner: None,
            offered: Vec::new(),
            chosen: None,
            first_response_at: None,
            repeat_contact_at: None,
            first_resolved_at: None,
            last_resolved_at: None,
            delivered: None,
            settled: false,
            reopened: 0,
            promises: PromiseTally::default(),
            internal_gap: None,
            verdict: None,
        }
    }

    /// The facts after one more event, which comes in order.
    fn folded(&mut self, event: &ComplaintEvent) {
        use ComplaintEvent as E;
        let at = event.at();
        self.latest = at;
        match event {
            E::Acknowledged { owner: to, .. } | E::Reassigned { to, .. } => self.owner = Some(*to),
            E::CustomerAsked { .. } | E::MessageSent { .. } | E::OfferApproved { .. } => {
                self.responded(at);
            }
            E::ResolutionOffered { options, .. }
            | E::DemandRefused {
                alternatives: options,
                ..
            } => {
                self.responded(at);
                self.offer(options);
            }
            E::ApprovalRequested { options, .. } => self.offer(options),
            E::OptionChosen { option, .. } => {
                self.chosen = self.offered.get(*option).copied();
            }
            E::CustomerWrote { .. } => self.contacted(at),
            E::Delivered { outcome, .. } => {
                self.first_resolved_at.get_or_insert(at);
                self.last_resolved_at = Some(at);
                self.delivered = Some(*outcome);
                self.settled = true;
                self.promises.add(*outcome);
                self.internal_gap = self
                    .chosen
                    .and_then(|remedy| self.expectation.judge(&remedy, at).ok());
            }
            E::PromiseBroken { .. } => self.promises.add_never_delivered(),
            E::Closed { verdict, .. } => {
                self.settled = true;
                self.verdict = Some(*verdict);
            }
            E::ClosedUnanswered { .. } => self.settled = true,
            E::Reopened { escalated_to, .. } => {
                self.owner = escalated_to.or(self.owner);
                self.reopened += 1;
                self.last_resolved_at = None;
                self.contacted(at);
            }
            _ => {}
        }
    }

    fn responded(&mut self, at: DateTime<Utc>) {
        self.first_response_at.get_or_insert(at);
    }

    fn contacted(&mut self, at: DateTime<Utc>) {
        self.repeat_contact_at.get_or_insert(at);
    }

    fn offer(&mut self, options: &crate::complaint::Options) {
        self.offered.clear();
        self.offered
            .extend(options.as_slice().iter().map(|option| option.remedy));
    }

    /// The case.
    pub const fn id(&self) -> ComplaintId {
        self.id
    }

    /// The earlier case this one follows up, if any ([CO7]).
    ///
    /// [CO7]: crate::requirements#CO7
    pub const fn follows(&self) -> Option<ComplaintId> {
        self.follows
    }

    /// When it was received.
    pub const fn received_at(&self) -> DateTime<Utc> {
        self.received_at
    }

    /// Who owns it now, once acknowledged.
    pub const fn owner(&self) -> Option<StaffId> {
        self.owner
    }

    /// The remedy the customer chose, once they chose one of the latest offer.
    pub const fn chosen(&self) -> Option<Remedy> {
        self.chosen
    }

    /// How the latest delivery settled its promise, once delivered.
    pub const fn delivered(&self) -> Option<PromiseOutcome> {
        self.delivered
    }

    /// The first customer-facing reply: a question, an offer, a refusal with
    /// alternatives, an approved offer or a message (as the SLA counts them, [SL3]).
    ///
    /// [SL3]: crate::requirements#SL3
    pub const fn first_response_at(&self) -> Option<DateTime<Utc>> {
        self.first_response_at
    }

    /// The first time the customer came back after the receipt: writing again, or
    /// reopening the case.
    pub const fn repeat_contact_at(&self) -> Option<DateTime<Utc>> {
        self.repeat_contact_at
    }

    /// First response time in calendar time: first reply − receipt.
    pub fn first_response_time(&self) -> Option<TimeDelta> {
        self.first_response_at.map(|at| at - self.received_at)
    }

    /// First resolution time: receipt → first delivery.
    pub fn first_resolution_time(&self) -> Option<TimeDelta> {
        self.first_resolved_at.map(|at| at - self.received_at)
    }

    /// Full resolution time: receipt → the final delivery, after any reopening;
    /// `None` while a reopened case waits for its new delivery.
    pub fn full_resolution_time(&self) -> Option<TimeDelta> {
        self.last_resolved_at.map(|at| at - self.received_at)
    }

    /// Whether a remedy was delivered or the case closed at least once.
    pub const fn was_settled(&self) -> bool {
        self.settled
    }

    /// How many times the case was reopened ([CO7]).
    ///
    /// [CO7]: crate::requirements#CO7
    pub const fn reopened(&self) -> u32 {
        self.reopened
    }

    /// How its promises were settled.
    pub const fn promises(&self) -> &PromiseTally {
        &self.promises
    }

    /// The customer's verdict at the latest closing, when closed with one ([CO8]).
    ///
    /// [CO8]: crate::requirements#CO8
    pub const fn verdict(&self) -> Option<Verdict> {
        self.verdict
    }

    /// The business's own judgement of the latest delivery against what the customer
    /// asked ([CU2]).
    ///
    /// [CU2]: crate::requirements#CU2
    pub const fn internal_gap(&self) -> Option<ExpectationGap> {
        self.internal_gap
    }

    /// The outcome against expectations, as the customer judged it when they said,
    /// otherwise as the business judged the delivery ([ME3]: the customer's word wins).
    ///
    /// [ME3]: crate::requirements#ME3
    pub fn expectation_gap(&self) -> Option<ExpectationGap> {
        self.verdict
            .and_then(|verdict| verdict.expectation)
            .or(self.internal_gap)
    }
}

impl CaseView for CaseFacts {
    type Error = ViewError;

    fn start(receipt: &crate::complaint::Receipt, _: &()) -> Result<Self, ViewError> {
        Ok(Self::start(receipt))
    }

    fn latest(&self) -> DateTime<Utc> {
        self.latest
    }

    fn fold(&mut self, event: &ComplaintEvent, _: &(), _: InOrder) -> Result<(), ViewError> {
        self.folded(event);
        Ok(())
    }
}

/// First-contact resolution ([ME1]): 100 × cases resolved with no repeat contact within
/// `window` of their receipt / all cases. A repeat contact is the customer writing
/// again, a reopening, or a new case that follows this one up ([CO7]). The convention is
/// a window of seven days.
///
/// The [module docs](self#over-cases) work an example through.
///
/// [CO7]: crate::requirements#CO7
/// [ME1]: crate::requirements#ME1
pub fn first_contact_resolution(cases: &[CaseFacts], window: TimeDelta) -> Option<Percent> {
    let mut followed: BTreeMap<ComplaintId, DateTime<Utc>> = BTreeMap::new();
    for case in cases {
        if let Some(earlier) = case.follows {
            let at = followed.entry(earlier).or_insert(case.received_at);
            *at = (*at).min(case.received_at);
        }
    }
    let first_contact = cases
        .iter()
        .filter(|case| case.first_resolved_at.is_some())
        .filter(|case| {
            let end = case.received_at.checked_add_signed(window);
            let within = |at: DateTime<Utc>| end.is_none_or(|end| at <= end);
            let again = case.repeat_contact_at.is_some_and(within)
                || followed.get(&case.id).is_some_and(|at| within(*at));
            !again
        })
        .count();
    Percent::of(count(first_contact), count(cases.len()))
}

/// Reopen rate ([ME1], [CO7]): 100 × cases reopened at least once / cases resolved (a
/// remedy delivered or the case closed).
///
/// [CO7]: crate::requirements#CO7
/// [ME1]: crate::requirements#ME1
pub fn reopen_rate(cases: &[CaseFacts]) -> Option<Percent> {
    let settled = cases.iter().filter(|case| case.settled);
    let reopened = settled.clone().filter(|case| case.reopened > 0).count();
    Percent::of(count(reopened), count(settled.count()))
}

/// SLA compliance ([ME1], [SL3]): 100 × cases with no clock breached / cases, from each
/// case's report at the same instant.
///
/// [SL3]: crate::requirements#SL3
/// [ME1]: crate::requirements#ME1
pub fn sla_compliance<'a>(reports: impl IntoIterator<Item = &'a SlaReport>) -> Option<Percent> {
    let (mut kept, mut all) = (0, 0);
    for report in reports {
        kept += u64::from(!report.breached());
        all += 1;
    }
    Percent::of(kept, all)
}

/// A count of items as `u64`, the type the tallies count in.
pub(crate) fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests {
    use super::{Mean, Percent};

    #[test]
    fn me1_a_net_share_needs_each_count_within_the_whole() {
        // 5 − 3 of 3 would pass as two thirds if only the difference were checked.
        assert_eq!(Percent::net(5, 3, 3), None);
        assert_eq!(Percent::net(3, 5, 3), None);
        assert_eq!(Percent::net(3, 1, 4), Percent::of(1, 2));
    }

    #[test]
    fn me1_a_share_as_a_float_is_its_percentage_and_a_mean_its_quotient() {
        let to_f64 = |share: Option<Percent>| share.map(Percent::to_f64);
        assert_eq!(to_f64(Percent::of(3, 8)), Some(37.5));
        assert_eq!(to_f64(Percent::net(1, 3, 4)), Some(-50.0));
        assert_eq!(Mean::of(7, 2).map(Mean::to_f64), Some(3.5));
    }
}
