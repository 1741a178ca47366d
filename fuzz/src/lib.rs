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
use customer_care::id::CommandId;
use customer_care::money::{Currency, Money};
use customer_care::stream::{CommandMeta, Decider, EventStream};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use uuid::Uuid;

/// Loads `json` as `T`. If it loads, it must write back to JSON that loads to an equal
/// value and writes the same text.
pub fn round_trip<T>(json: &[u8])
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let Ok(value) = serde_json::from_slice::<T>(json) else {
        return;
    };
    let written = serde_json::to_string(&value).expect("a loaded value writes");
    let again: T = serde_json::from_str(&written)
        .unwrap_or_else(|error| panic!("written JSON does not load: {error}\n{written}"));
    assert_eq!(again, value, "a value changed on its way through JSON");
    assert_eq!(serde_json::to_string(&again).expect("writes"), written);
}

/// Runs `steps` through a fresh stream of `D` and checks the stream's promises after
/// every step and at the end.
pub fn drive<D>(
    context: &D::Context<'_>,
    steps: impl IntoIterator<Item = (D::Command, CommandMeta)>,
) where
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
}

/// The instant the stories start from.
pub fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 4, 6, 9, 0, 0).unwrap()
}

/// An instant: usually minutes either side of the start, sometimes anywhere chrono can
/// represent, its two ends included.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub enum When {
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
    minor_units: u64,
    currency: u8,
}

impl Amount {
    /// The money.
    pub fn money(self) -> Money {
        let currency =
            [Currency::EUR, Currency::USD, Currency::JPY][usize::from(self.currency % 3)];
        Money::new(self.minor_units, currency)
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

/// One of a few ids, so that the same person or item comes back.
pub fn pick(n: u8) -> Uuid {
    Uuid::from_u128(u128::from(n % 6) + 1)
}
