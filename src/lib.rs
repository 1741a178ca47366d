//! # customer-care
//!
//! Customer-service quality as typed state machines, with no I/O. A CRM, a helpdesk or
//! a back office adds this crate and lets it decide what may happen: who may grant which
//! remedy up to what value, who a case escalates to, whether a command was already
//! applied. The host keeps storage, clocks, ids and the network; the crate keeps the
//! rules ([X1]).
//!
//! ## The workflow on one page
//!
//! 1. **Describe the organisation.** A [`staff::Directory`] holds everyone in a top-down
//!    hierarchy with their training ([ST1], [ST2]). A [`empowerment::EmpowermentPolicy`] sets, per role,
//!    how much of each [`remedy::RemedyKind`] one person may grant in one case, which
//!    trainings a kind needs, and a goodwill threshold below which nothing is asked
//!    ([EM2], [EM4], [EM5]). [`empowerment::Organisation`] checks the two together, with the
//!    delegations that hand a person their own limit ([EM2]).
//! 2. **Let anyone decide.** [`empowerment::Organisation::authorize`] answers whether a
//!    person may grant a remedy in a case now ([EM1]). Above their authority the error
//!    names the nearest person up the line who can; that person's
//!    [`empowerment::Organisation::approve`] returns an [`empowerment::Approval`], the only
//!    value that lets the grant through ([EM3]).
//! 3. **Run the complaint.** [`complaint::Complaint`] takes a complaint through the ISO
//!    10002 flow: received with what the customer expects ([`customer`], [CU1]–[CU3]),
//!    acknowledged by a named owner ([CO1]), answered with options the customer chooses
//!    from ([CO3]), each option a [`promise`] with a buffer ([PR1], [PR2]), closed with the
//!    customer's verdict ([CO8]), reopened within a window ([CO7]). Above someone's
//!    authority or beyond the entitlement, the offer waits for approval ([EM3], [CU4]).
//! 4. **Record what happened.** Every lifecycle is a [`stream::Decider`]: `decide` checks
//!    a command and returns one event, `evolve` folds it. An [`stream::EventStream`]
//!    numbers the events, ignores retried commands and refuses stale writers ([X2], [X4]).
//!    Each decider publishes its transition table, from which the README's diagrams are
//!    drawn ([`diagram`], [X5]). [`helpdesk::HelpdeskStatus`] shows a complaint's status
//!    in the six words helpdesks share, with what each direction loses.
//! 5. **Learn from everyone.** [`feedback::Feedback`] comes from anyone, named or not
//!    ([FB1]). [`feedback::improvement::Improvement`] groups it into a plan-do-check-act
//!    cycle that tells the people who asked what was done ([FB2], [FB3], [FB5]), and
//!    [`feedback::review::weekly_review`] sets the week's agenda ([FB4], [ST3]). A
//!    [`conduct::ConductLog`] deals with chronic negativity on evidence, never with the
//!    messenger ([ST4]).
//! 6. **Measure and audit.** [`metrics`] computes CSAT, NPS, CES, eNPS per team and the
//!    case metrics exactly as the field defines them, with targets that ratchet up
//!    ([ME1], [ME4], [ST5]). [`decalogue::CaseAudit`] checks each case against the ten
//!    principles, with the evidence for every finding, and [`decalogue::Scorecard`]
//!    grades many cases by their weakest principle ([DE1]–[DE3], [ME2], [ME3]).
//!
//! The ids in parentheses ([X1], [CO3], [EM2]…) name the rules; each links to its
//! entry in [`requirements`], which says the rule in a sentence, with where it lives.
//! (The docs of the types with a JSON schema cite their ids as plain text, since those
//! docs are also the schemas' descriptions.)
//!
//! ## Layers
//!
//! Each module imports only modules of its own layer or below, and no imports go round
//! in a circle (a test reads the `use` lines of `src/` and holds both):
//!
//! - **foundations**: `id`, `text`, `refusal`, `diagram`, `stream`, `machine` (the kit)
//! - **values**: `money`, `remedy`, `customer`, `staff`, `calendar`, `sla`, `feedback`
//! - **rules**: `empowerment`, `conduct`
//! - **deciders**: `promise`, `feedback::improvement`, `complaint`
//! - **views**: `view` (the driver), `clocks`, `metrics`
//! - **reports**: `feedback::review`, `decalogue`, `helpdesk`
//! - **adapters and pages**: `json`, `schema`, `prelude`, `requirements`
//!
//! Money is integer minor units with an ISO 4217 currency ([`money`], [X6]); ids are typed
//! UUIDs the host creates ([`id`]). With the default `serde` feature every public data
//! type has a documented JSON shape, all of them listed in [`json`], and loading checks
//! the same rules as the constructors and refuses any field the shape does not have
//! ([X3]). Every error type the crate defines is a [`refusal::Refusal`]: a stable `code()` and the id of its
//! rule for programs, serialised as `{"code", "rule", "message", "details"}` ([X7]).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use customer_care::empowerment::{Authorization, GrantRequest, Organisation, EmpowermentPolicy, EmpowermentPolicySpec};
//! use customer_care::id::{ComplaintId, StaffId};
//! use customer_care::money::{Currency, Money};
//! use customer_care::remedy::{Remedy, RemedyKind};
//! use customer_care::staff::{Directory, Position, Role, StaffMember};
//! use uuid::Uuid;
//!
//! let eur = |cents| Money::minor(cents, Currency::EUR);
//! let (boss, ana) = (StaffId::from_uuid(Uuid::from_u128(1)), StaffId::from_uuid(Uuid::from_u128(2)));
//! let mut policy = EmpowermentPolicySpec::new(Currency::EUR, eur(500));
//! policy.set_limit(Role::Owner, RemedyKind::Credit, eur(50_000));
//! policy.set_limit(Role::Frontline, RemedyKind::Credit, eur(2_000));
//! let org = Organisation::try_new(
//!     EmpowermentPolicy::try_from(policy)?,
//!     Directory::try_new([
//!         StaffMember::new(boss, "Beatriz", Position::Owner),
//!         StaffMember::new(ana, "Ana", Position::Frontline { reports_to: boss }),
//!     ])?,
//!     [],
//! )?;
//! let credit = Remedy::new(RemedyKind::Credit, eur(1_500));
//! let request = GrantRequest::new(ComplaintId::from_uuid(Uuid::from_u128(9)), ana, credit);
//! let now = Utc.with_ymd_and_hms(2026, 11, 2, 16, 30, 0).unwrap();
//! assert_eq!(org.authorize(&request, None, now)?, Authorization::OwnAuthority);
//! # Ok::<(), customer_care::empowerment::EmpowermentError>(())
//! ```
//!
//! ## Requirement ids
//! Doc comments cite the requirement each item implements (`EM3`, `X4`, …), as listed in
//! the project's domain document, so a rule can be traced from the essays to the code
//! and to the test named after it.
//!
//! ## Sizes
//! What the main types cost in memory on 64-bit targets, at most; `tests/size.rs` keeps
//! each within its bound and this table in step with it. A state moves by value through
//! every `evolve`, so [`complaint::ComplaintState`] keeps its case behind a `Box`: a
//! move copies 184 bytes, not the case's 328 as well.
//!
//! | Type | Bytes |
//! |------|-------|
//! | [`complaint::ComplaintState`] | 184 |
//! | [`complaint::ComplaintEvent`] | 176 |
//! | [`complaint::ComplaintCommand`] | 176 |
//! | [`stream::Envelope`]`<ComplaintEvent>` | 208 |
//! | [`promise::PromiseState`] | 120 |
//! | [`feedback::improvement::ImprovementState`] | 264 |
//! | [`clocks::SlaClocks`] | 136 |
//! | [`metrics::CaseFacts`] | 256 |
//! | [`decalogue::CaseAudit`] | 1,984 |
//! | [`decalogue::Scorecard`] | 264 |
//!
//! ## Features
//! - `serde` (default): `Serialize` and `Deserialize` for every public data type, with
//!   validation on load. [`empowerment::Approval`] serialises but never deserialises.
//! - `schemars`: JSON Schema for every type that loads from JSON; the commands, events
//!   and envelopes of the three deciders are published in `schemas/` ([`schema`]).
//!
//! [X1]: crate::requirements#X1
//! [X2]: crate::requirements#X2
//! [X3]: crate::requirements#X3
//! [X4]: crate::requirements#X4
//! [X5]: crate::requirements#X5
//! [X6]: crate::requirements#X6
//! [X7]: crate::requirements#X7
//! [CU1]: crate::requirements#CU1
//! [CU3]: crate::requirements#CU3
//! [CU4]: crate::requirements#CU4
//! [ST1]: crate::requirements#ST1
//! [ST2]: crate::requirements#ST2
//! [ST3]: crate::requirements#ST3
//! [ST4]: crate::requirements#ST4
//! [ST5]: crate::requirements#ST5
//! [EM1]: crate::requirements#EM1
//! [EM2]: crate::requirements#EM2
//! [EM3]: crate::requirements#EM3
//! [EM4]: crate::requirements#EM4
//! [EM5]: crate::requirements#EM5
//! [CO1]: crate::requirements#CO1
//! [CO3]: crate::requirements#CO3
//! [CO7]: crate::requirements#CO7
//! [CO8]: crate::requirements#CO8
//! [PR1]: crate::requirements#PR1
//! [PR2]: crate::requirements#PR2
//! [FB1]: crate::requirements#FB1
//! [FB2]: crate::requirements#FB2
//! [FB3]: crate::requirements#FB3
//! [FB4]: crate::requirements#FB4
//! [FB5]: crate::requirements#FB5
//! [ME1]: crate::requirements#ME1
//! [ME2]: crate::requirements#ME2
//! [ME3]: crate::requirements#ME3
//! [ME4]: crate::requirements#ME4
//! [DE1]: crate::requirements#DE1
//! [DE3]: crate::requirements#DE3

#![forbid(unsafe_code)]
#![deny(missing_docs)]
// X2: the library never panics on any input.
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod calendar;
pub mod clocks;
pub mod complaint;
pub mod conduct;
pub mod customer;
pub mod decalogue;
pub mod diagram;
pub mod empowerment;
pub mod feedback;
pub mod helpdesk;
pub mod id;
#[cfg(feature = "serde")]
pub mod json;
pub mod machine;
pub mod metrics;
pub mod money;
pub mod prelude;
pub mod promise;
pub mod refusal;
pub mod remedy;
pub mod requirements;
#[cfg(feature = "schemars")]
pub mod schema;
pub mod sla;
pub mod staff;
pub mod stream;
mod text;
pub mod view;

/// A JSON object loaded as a map, refusing a key that comes twice ([X3]): serde's own maps
/// keep the last one silently, so a configuration could say two things and mean one.
///
/// [X3]: crate::requirements#X3
#[cfg(feature = "serde")]
pub(crate) struct UniqueKeys<K, V>(pub(crate) std::collections::BTreeMap<K, V>);

#[cfg(feature = "serde")]
impl<'de, K, V> serde::Deserialize<'de> for UniqueKeys<K, V>
where
    K: serde::Deserialize<'de> + Ord + core::fmt::Debug,
    V: serde::Deserialize<'de>,
{
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Keys<K, V>(core::marker::PhantomData<(K, V)>);

        impl<'de, K, V> serde::de::Visitor<'de> for Keys<K, V>
        where
            K: serde::Deserialize<'de> + Ord + core::fmt::Debug,
            V: serde::Deserialize<'de>,
        {
            type Value = UniqueKeys<K, V>;

            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("an object with each key once")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut entries = std::collections::BTreeMap::new();
                while let Some(key) = map.next_key::<K>()? {
                    if entries.contains_key(&key) {
                        return Err(serde::de::Error::custom(format_args!(
                            "duplicate key {key:?}: each key may come once"
                        )));
                    }
                    let value = map.next_value()?;
                    entries.insert(key, value);
                }
                Ok(UniqueKeys(entries))
            }
        }

        deserializer.deserialize_map(Keys(core::marker::PhantomData))
    }
}

/// Loads a map with [`UniqueKeys`], for `#[serde(deserialize_with)]`.
#[cfg(feature = "serde")]
pub(crate) fn unique_keys<'de, D, K, V>(
    deserializer: D,
) -> Result<std::collections::BTreeMap<K, V>, D::Error>
where
    D: serde::Deserializer<'de>,
    K: serde::Deserialize<'de> + Ord + core::fmt::Debug,
    V: serde::Deserialize<'de>,
{
    serde::Deserialize::deserialize(deserializer).map(|UniqueKeys(map)| map)
}

/// Loads a unit variant of an internally tagged enum, refusing any field besides the
/// tag, as the enum's other variants do ([X3]); serde alone would ignore them.
///
/// [X3]: crate::requirements#X3
#[cfg(feature = "serde")]
pub(crate) fn no_fields<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<(), D::Error> {
    /// A variant with nothing but its tag.
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct NoFields {}
    serde::Deserialize::deserialize(deserializer).map(|NoFields {}| ())
}

/// Every code the crate's refusals can carry, sorted, each once ([X7]).
///
/// [X7]: crate::requirements#X7
pub fn refusal_codes() -> Vec<&'static str> {
    let mut all = [
        calendar::CalendarError::CODES,
        complaint::ComplaintError::CODES,
        conduct::ConductError::CODES,
        decalogue::AuditError::CODES,
        empowerment::EmpowermentError::CODES,
        feedback::FeedbackError::CODES,
        feedback::improvement::ImprovementError::CODES,
        feedback::review::ReviewError::CODES,
        helpdesk::UnknownStatus::CODES,
        metrics::MetricsError::CODES,
        money::MoneyError::CODES,
        promise::PromiseError::CODES,
        sla::SlaError::CODES,
        view::ViewError::CODES,
        staff::StaffError::CODES,
        stream::StreamError::<money::MoneyError>::CODES,
    ]
    .concat();
    all.sort_unstable();
    all.dedup();
    all
}

/// The README's code, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
