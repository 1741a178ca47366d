//! What the fuzz targets share: the checks every run must pass, and the readings of raw
//! fuzz input as instants, money, text and command metadata.
//!
//! The checks are the crate's own promises, so a failure is a bug whatever the input:
//!
//! - loading JSON never panics; whatever loads writes back to JSON that loads to an
//!   equal value and writes the same text again (X3);
//! - a refused command leaves the stream exactly as it was (X2), and a retried command
//!   id records nothing new (X4);
//! - replaying the stream's own events rebuilds an equal stream, and its JSON loads
//!   back to an equal stream (X3, X4);
//! - no error message panics while it is written.

use arbitrary::Arbitrary;
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use customer_care::calendar::CalendarSpec;
use customer_care::complaint::{Complaint, ComplaintCommand, ComplaintEvent, ComplaintPolicy};
use customer_care::conduct::ConductPolicy;
use customer_care::customer::{Customer, Entitlement, Expectation};
use customer_care::decalogue::Targets as ScorecardTargets;
use customer_care::empowerment::{Delegation, Organisation, Policy};
use customer_care::feedback::Feedback;
use customer_care::feedback::improvement::{Improvement, ImprovementCommand, ImprovementEvent};
use customer_care::feedback::review::CaseRecord;
use customer_care::id::CommandId;
use customer_care::money::{Currency, Money};
use customer_care::promise::{Lifecycle, PromiseCommand, PromiseEvent, PromisePolicy};
use customer_care::sla::{SlaPolicy, SlaTerms};
use customer_care::staff::{Directory, TrainingRecord};
use customer_care::stream::{CommandMeta, Decider, Envelope, EventStream};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use uuid::Uuid;

pub mod complaint;
pub mod improvement;
pub mod promise;

/// Loads `json` as `T`. If it loads, it must write back to JSON that loads to an equal
/// value and writes the same text. Returns whether it loaded.
pub fn round_trip<T>(json: &[u8]) -> bool
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let Ok(value) = serde_json::from_slice::<T>(json) else {
        return false;
    };
    let written = serde_json::to_string(&value).expect("a loaded value writes");
    let again: T = serde_json::from_str(&written)
        .unwrap_or_else(|error| panic!("written JSON does not load: {error}\n{written}"));
    assert_eq!(again, value, "a value changed on its way through JSON");
    assert_eq!(serde_json::to_string(&again).expect("writes"), written);
    true
}

/// Runs `steps` through a fresh stream of `D`, checks the stream's promises after every
/// step and at the end, and returns the stream.
pub fn drive<D>(
    context: &D::Context<'_>,
    steps: impl IntoIterator<Item = (D::Command, CommandMeta)>,
) -> EventStream<D>
where
    D: Decider,
    D::State: Clone + PartialEq + Debug,
    D::Event: Clone + PartialEq + Debug + Serialize + DeserializeOwned,
{
    let mut stream = EventStream::<D>::new();
    for (command, meta) in steps {
        let before = stream.clone();
        match stream
            .execute(command, context, meta)
            .map(|outcome| outcome.is_new())
        {
            Ok(true) => assert_eq!(stream.version(), before.version() + 1),
            Ok(false) => assert_eq!(stream, before, "a retried command changed the stream"),
            Err(error) => {
                let _ = error.to_string();
                assert_eq!(stream, before, "a refused command changed the stream");
            }
        }
    }
    let replayed = EventStream::<D>::replay(stream.events().to_vec())
        .unwrap_or_else(|error| panic!("the stream's own events do not replay: {error}"));
    assert_eq!(replayed, stream, "replay differs from the live stream");
    let json = serde_json::to_string(&stream).expect("a stream writes");
    let loaded: EventStream<D> = serde_json::from_str(&json)
        .unwrap_or_else(|error| panic!("a stream's JSON does not load: {error}\n{json}"));
    assert_eq!(loaded, stream, "a stream changed on its way through JSON");
    stream
}

/// The instant the stories start from.
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 6, 9, 0, 0).unwrap()
}

thread_local! {
    /// The instant of the last command of the story being built; see [`When::Later`].
    static CLOCK: std::cell::Cell<DateTime<Utc>> = std::cell::Cell::new(start());
}

/// Sets the instant [`When::Later`] counts from: the start at the beginning of a story,
/// then each command's own instant, so that stories can move forward in time.
pub fn set_clock(at: DateTime<Utc>) {
    CLOCK.with(|clock| clock.set(at));
}

/// An instant: minutes after the story's last command, minutes either side of the
/// start, or anywhere chrono can represent, its two ends included.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum When {
    /// Minutes after the last command's instant (see [`set_clock`]).
    Later(u16),
    /// Minutes from the start (about 4,000 years either way at most).
    Minutes(i32),
    /// Seconds since the Unix epoch, clamped to chrono's range.
    Seconds(i64),
    /// The earliest instant chrono represents.
    Min,
    /// The latest.
    Max,
}

impl When {
    /// The instant.
    pub fn at(self) -> DateTime<Utc> {
        match self {
            When::Later(minutes) => {
                let last = CLOCK.with(std::cell::Cell::get);
                last.checked_add_signed(TimeDelta::minutes(i64::from(minutes)))
                    .unwrap_or(DateTime::<Utc>::MAX_UTC)
            }
            When::Minutes(minutes) => start() + TimeDelta::minutes(i64::from(minutes)),
            When::Seconds(seconds) => {
                DateTime::from_timestamp(seconds, 0).unwrap_or(if seconds < 0 {
                    DateTime::<Utc>::MIN_UTC
                } else {
                    DateTime::<Utc>::MAX_UTC
                })
            }
            When::Min => DateTime::<Utc>::MIN_UTC,
            When::Max => DateTime::<Utc>::MAX_UTC,
        }
    }
}

/// An amount in one of three currencies, from zero to `u64::MAX` minor units.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Amount {
    minor_units: Units,
    currency: u8,
}

/// A count of minor units: a small one, around the limits shops set (up to 655.35 in
/// a two-digit currency), or any.
#[derive(Debug, Clone, Copy, Arbitrary)]
enum Units {
    Small(u16),
    Any(u64),
}

impl Amount {
    /// The money.
    pub fn money(self) -> Money {
        let currency =
            [Currency::EUR, Currency::USD, Currency::JPY][usize::from(self.currency % 3)];
        let minor_units = match self.minor_units {
            Units::Small(units) => u64::from(units),
            Units::Any(units) => units,
        };
        Money::new(minor_units, currency)
    }
}

/// A command id from a pool of eight, so that retries happen, and an expected version.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Meta {
    id: Option<u8>,
    expected_version: Option<u8>,
}

impl Meta {
    /// The metadata.
    pub fn meta(self) -> CommandMeta {
        CommandMeta {
            command_id: self
                .id
                .map(|n| CommandId::from_uuid(Uuid::from_u128(u128::from(n % 8) + 1))),
            expected_version: self.expected_version.map(u64::from),
        }
    }
}

/// One of the five kinds of customer.
pub fn customer_kind(n: u8) -> customer_care::customer::CustomerKind {
    use customer_care::customer::CustomerKind as K;
    let kinds = [K::External, K::Internal, K::Prospect, K::Former, K::Other];
    kinds[usize::from(n) % kinds.len()]
}

/// A customer of `kind`: one of the few ids [`pick`] gives, or anonymous.
pub fn customer(
    kind: customer_care::customer::CustomerKind,
    id: Option<u8>,
) -> customer_care::customer::Customer {
    use customer_care::customer::Customer;
    use customer_care::id::CustomerId;
    match id {
        Some(n) => Customer::identified(kind, CustomerId::from_uuid(pick(n))),
        None => Customer::anonymous(kind),
    }
}

/// One of a few ids, so that the same person or item comes back.
pub fn pick(n: u8) -> Uuid {
    Uuid::from_u128(u128::from(n % 6) + 1)
}

/// The types the load target reads, by name; the first byte of its input picks one
/// (modulo their number).
macro_rules! loaded {
    ($($name:literal => $type:ty),* $(,)?) => {
        /// The names of the loaded types, in the order the first byte picks them.
        pub const LOADED: &[&str] = &[$($name),*];

        /// Loads `json` as the type `kind` picks and checks its round trip; returns
        /// whether it loaded.
        pub fn load(kind: u8, json: &[u8]) -> bool {
            let types: &[fn(&[u8]) -> bool] = &[$(round_trip::<$type>),*];
            types[usize::from(kind) % types.len()](json)
        }
    };
}

loaded! {
    "complaint_stream" => EventStream<Complaint>,
    "promise_stream" => EventStream<Lifecycle>,
    "improvement_stream" => EventStream<Improvement>,
    "complaint_envelope" => Envelope<ComplaintEvent>,
    "promise_envelope" => Envelope<PromiseEvent>,
    "improvement_envelope" => Envelope<ImprovementEvent>,
    "complaint_command" => ComplaintCommand,
    "promise_command" => PromiseCommand,
    "improvement_command" => ImprovementCommand,
    "command_meta" => CommandMeta,
    "organisation" => Organisation,
    "empowerment_policy" => Policy,
    "directory" => Directory,
    "delegation" => Delegation,
    "training_record" => TrainingRecord,
    "calendar" => CalendarSpec,
    "sla_policy" => SlaPolicy,
    "sla_terms" => SlaTerms,
    "complaint_policy" => ComplaintPolicy,
    "promise_policy" => PromisePolicy,
    "conduct_policy" => ConductPolicy,
    "scorecard_targets" => ScorecardTargets,
    "feedback" => Feedback,
    "case_record" => CaseRecord,
    "customer" => Customer,
    "expectation" => Expectation,
    "entitlement" => Entitlement,
    "money" => Money,
}

/// The first byte that makes the load target read `name`, one of [`LOADED`].
pub fn kind(name: &str) -> Option<u8> {
    LOADED
        .iter()
        .position(|n| *n == name)
        .and_then(|i| u8::try_from(i).ok())
}
