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

use arbitrary::{Arbitrary, Unstructured};
use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use customer_care::calendar::{Calendar, CalendarSpec};
use customer_care::complaint::{Complaint, ComplaintCommand, ComplaintEvent, ComplaintPolicy};
use customer_care::conduct::ConductPolicy;
use customer_care::customer::{Customer, Entitlement, Expectation};
use customer_care::decalogue::Goals as ScorecardGoals;
use customer_care::empowerment::{Delegation, Organisation, EmpowermentPolicy};
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
/// step and at the end, and returns the commands written down and the stream. A step is
/// built only when it is its turn, so it can count from the stream's latest event
/// (`at` gives an event's instant) and expect its current version; `None` is a step
/// that cannot be written down. `observe` sees the state after every step, for steps
/// that are written from it.
pub fn drive<D>(
    context: &D::Context<'_>,
    steps: impl IntoIterator<Item = Option<(D::Command, Meta)>>,
    at: fn(&D::Event) -> DateTime<Utc>,
    observe: fn(&D::State),
) -> (Vec<D::Command>, EventStream<D>)
where
    D: Decider,
    D::Command: Clone,
    D::State: Clone + PartialEq + Debug,
    D::Event: Clone + PartialEq + Debug + Serialize + DeserializeOwned,
{
    let mut stream = EventStream::<D>::new();
    let mut commands = Vec::new();
    set_clock(start());
    VERSION.with(|version| version.set(0));
    // Each step is written down only now, after the one before ran: `When::Later` and
    // `Expect::Current` read the stream as it stands.
    for (command, meta) in steps.into_iter().flatten() {
        commands.push(command.clone());
        let before = stream.clone();
        match stream
            .execute_with(command, context, meta.meta())
            .map(|outcome| outcome.is_new())
        {
            Ok(true) => assert_eq!(stream.version(), before.version() + 1),
            Ok(false) => assert_eq!(stream, before, "a retried command changed the stream"),
            Err(error) => {
                let _ = error.to_string();
                assert_eq!(stream, before, "a refused command changed the stream");
            }
        }
        if let Some(last) = stream.events().last() {
            set_clock(at(&last.event));
        }
        VERSION.with(|version| version.set(stream.version()));
        observe(stream.state());
    }
    let replayed = EventStream::<D>::replay(stream.events().to_vec())
        .unwrap_or_else(|error| panic!("the stream's own events do not replay: {error}"));
    assert_eq!(replayed, stream, "replay differs from the live stream");
    let json = serde_json::to_string(&stream).expect("a stream writes");
    let loaded: EventStream<D> = serde_json::from_str(&json)
        .unwrap_or_else(|error| panic!("a stream's JSON does not load: {error}\n{json}"));
    assert_eq!(loaded, stream, "a stream changed on its way through JSON");
    (commands, stream)
}

pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 6, 9, 0, 0).unwrap()
}

thread_local! {
    /// The instant of the stream's latest event; see [`When::Later`].
    static CLOCK: std::cell::Cell<DateTime<Utc>> = std::cell::Cell::new(start());
    /// The stream's version; see [`Expect::Current`].
    static VERSION: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Sets the instant [`When::Later`] counts from: the start at the beginning of a story,
/// then the instant of the stream's latest event, so that stories move forward in time.
pub fn set_clock(at: DateTime<Utc>) {
    CLOCK.with(|clock| clock.set(at));
}

/// The instant of the stream's latest event (the start before any).
pub fn latest() -> DateTime<Utc> {
    CLOCK.with(std::cell::Cell::get)
}

/// An instant: minutes after the stream's latest event, minutes either side of the
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

/// An amount in one of three currencies, mostly euros, from zero to `u64::MAX` minor
/// units.
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
        Money::minor(minor_units, currency)
    }
}

/// A command id from a pool of eight, so that retries happen, and an expected version.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Meta {
    id: Option<u8>,
    expected_version: Option<Expect>,
}

/// The version a command expects: the stream's own (a writer that read it), one
/// behind it (a stale writer), or any number.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum Expect {
    Current,
    Behind(u8),
    Any(u8),
}

impl Meta {
    /// No command id, and the stream's own version: a writer that read it.
    pub const CURRENT: Meta = Meta {
        id: None,
        expected_version: Some(Expect::Current),
    };

    pub fn meta(self) -> CommandMeta {
        let version = VERSION.with(std::cell::Cell::get);
        CommandMeta {
            command_id: self
                .id
                .map(|n| CommandId::from_uuid(Uuid::from_u128(u128::from(n % 8) + 1))),
            expected_version: self.expected_version.map(|expect| match expect {
                Expect::Current => version,
                Expect::Behind(n) => version.saturating_sub(u64::from(n) + 1),
                Expect::Any(n) => u64::from(n),
            }),
        }
    }
}

/// Free text: mostly words a person would write, sometimes anything at all.
#[derive(Debug, Clone, Arbitrary)]
pub enum Text {
    Words(u8),
    Any(String),
}

impl Text {
    pub fn text(self) -> String {
        const WORDS: [&str; 8] = [
            "the kettle leaks",
            "we are sorry; this is ours to fix",
            "a replacement at your door",
            "we will call you",
            "three identical claims this month",
            "the night shift skipped the check",
            "too little, too late",
            "the consumer arbitration board",
        ];
        match self {
            Text::Words(n) => WORDS[usize::from(n) % WORDS.len()].to_owned(),
            Text::Any(text) => text,
        }
    }
}

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
            let index = usize::from(kind) % types.len();
            if LOADED[index] == "calendar" {
                return calendar(json);
            }
            types[index](json)
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
    "empowerment_policy" => EmpowermentPolicy,
    "directory" => Directory,
    "delegation" => Delegation,
    "training_record" => TrainingRecord,
    "calendar" => CalendarSpec,
    "sla_policy" => SlaPolicy,
    "sla_terms" => SlaTerms,
    "complaint_policy" => ComplaintPolicy,
    "promise_policy" => PromisePolicy,
    "conduct_policy" => ConductPolicy,
    "scorecard_goals" => ScorecardGoals,
    "feedback" => Feedback,
    "case_record" => CaseRecord,
    "customer" => Customer,
    "expectation" => Expectation,
    "entitlement" => Entitlement,
    "money" => Money,
}

/// The first byte that makes the load target read `name`, one of [`LOADED`].
/// A calendar's JSON, then bytes that pick a zone and the queries: the calendar must
/// round-trip, and `add`, `between` and `next_opening` must answer at any instant of
/// chrono's range without panicking, consistently where they answer (X2, SL2).
fn calendar(data: &[u8]) -> bool {
    let mut values = serde_json::Deserializer::from_slice(data).into_iter::<CalendarSpec>();
    let Some(Ok(spec)) = values.next() else {
        return false;
    };
    let (json, rest) = data.split_at(values.byte_offset());
    assert!(
        round_trip::<CalendarSpec>(json),
        "a loaded calendar loads again"
    );
    let mut bytes = Unstructured::new(rest);
    let zones = [
        chrono_tz::UTC,
        chrono_tz::Europe::Madrid,
        chrono_tz::Asia::Tokyo,
        chrono_tz::America::New_York,
        chrono_tz::Pacific::Kiritimati,
        chrono_tz::Pacific::Pago_Pago,
    ];
    let zone = zones[usize::from(bytes.arbitrary::<u8>().unwrap_or(1)) % zones.len()];
    let Ok(calendar) = Calendar::try_new(zone, spec) else {
        return true;
    };
    let instant = |seconds: i64| {
        DateTime::from_timestamp(seconds, 0).unwrap_or(if seconds < 0 {
            DateTime::<Utc>::MIN_UTC
        } else {
            DateTime::<Utc>::MAX_UTC
        })
    };
    let mut queries = vec![(start(), 60u32, 24 * 60u32)];
    while let Ok((seconds, minutes, span)) = bytes.arbitrary::<(i64, u32, u32)>() {
        queries.push((instant(seconds), minutes, span));
        if queries.len() == 8 {
            break;
        }
    }
    queries.extend([
        (DateTime::<Utc>::MIN_UTC, 60, 60),
        (DateTime::<Utc>::MAX_UTC - TimeDelta::hours(1), 60, 60),
    ]);
    for (at, minutes, span) in queries {
        let amount = TimeDelta::minutes(i64::from(minutes));
        if let Ok(due) = calendar.add(at, amount) {
            assert!(due >= at, "add went back in time");
            if let Ok(counted) = calendar.between(at, due) {
                assert_eq!(counted, amount, "between undoes add");
            }
        }
        if let Ok(opening) = calendar.next_opening(at) {
            assert!(opening >= at, "the next opening is not before the instant");
        }
        if let Some(to) = at.checked_add_signed(TimeDelta::minutes(i64::from(span))) {
            if let Ok(counted) = calendar.between(at, to) {
                assert!(counted <= to - at, "more business time than time");
            }
        }
    }
    true
}

/// The inputs of a target's corpus (`corpus/<target>`, from `fuzz/`), decoded as the
/// target decodes them; for the examples that read corpora.
pub fn corpus<T: for<'a> Arbitrary<'a>>(target: &str) -> Vec<T> {
    let Ok(files) = std::fs::read_dir(format!("corpus/{target}")) else {
        return Vec::new();
    };
    files
        .filter_map(|file| std::fs::read(file.ok()?.path()).ok())
        .filter_map(|bytes| T::arbitrary_take_rest(Unstructured::new(&bytes)).ok())
        .collect()
}

pub fn kind(name: &str) -> Option<u8> {
    LOADED
        .iter()
        .position(|n| *n == name)
        .and_then(|i| u8::try_from(i).ok())
}
