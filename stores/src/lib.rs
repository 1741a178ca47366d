//! customer-care's deciders in real event stores ([IN6]).
//!
//! The core crate stays pure; what needs a database lives here, in a crate of its own,
//! so the core's dependency tree and its test time do not grow.
//!
//! One adapter per framework, each over the crate's [`Decider`] trait, so the complaint
//! ([`Complaint`]), the promise ([`Lifecycle`]) and the improvement cycle
//! ([`Improvement`]) are stored the same way:
//!
//! - **esrs** (feature `esrs`): [`esrs::Aggregate`] makes any [`Stored`] decider an esrs
//!   aggregate, and [`esrs::Store`] runs it over esrs's PostgreSQL store (`PgStore`).
//! - **cqrs-es** (feature `cqrs-es`): [`cqrs::Aggregate`] makes it a cqrs-es aggregate,
//!   with the organisation and policies as the framework's services, and
//!   [`cqrs::Store`] runs it over postgres-es's `PostgresEventRepository`. The tables
//!   are made by [`cqrs::create_tables`], from the script `sql/cqrs-es.sql`.
//!
//! Both stores are a [`Repository`]: a load replays the rows through the decider's
//! rules and verifies them against the services, so a row forged by hand is refused
//! with its sequence number; a command id already recorded records nothing new; and a
//! writer whose stream is stale gets [`StreamError::VersionConflict`], from the table's
//! unique index.
//!
//! # What a row holds
//! Each row's payload is the crate's stored [`Envelope`]: `{"schema_version": 1,
//! "sequence": …, "command_id": … | null, "event": {…}}`, the same JSON as
//! [`EventStream`]'s. The event's own instant is in the event (`"at"`), and that is the
//! one the crate reads. esrs's `occurred_on` column holds the moment the row was
//! written (esrs sets it to the clock's time), and nothing here reads it.
//!
//! # Text PostgreSQL cannot hold
//! PostgreSQL's `jsonb` holds any Unicode text but the character U+0000 (NUL). Through
//! a [`Repository`], a command whose text holds one is refused with
//! [`Error::Unstorable`] before anything is written; through the frameworks' own
//! runners, PostgreSQL refuses the row itself (its error `22P05`), and nothing is
//! stored either.
//!
//! # The rules a history is checked against
//! A store verifies every history against the services it holds now. Keep them the
//! ones the cases were decided under: where a rule a history relied on has changed
//! since (a person who acted in it has left the staff, say), that history no longer
//! loads ([`StreamError::BrokenRule`] at the first event that relied on it).
//!
//! [IN6]: customer_care::requirements#IN6

#![forbid(unsafe_code)]
// What the two adapters share is unused when neither is built.
#![cfg_attr(not(any(feature = "esrs", feature = "cqrs-es")), allow(dead_code))]

use customer_care::complaint::{Complaint, ComplaintContext, ComplaintPolicy};
use customer_care::empowerment::Organisation;
use customer_care::feedback::improvement::Improvement;
use customer_care::promise::{Lifecycle, PromisePolicy};
use customer_care::stream::{CommandMeta, Decider, Decision, Envelope, EventStream, StreamError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::{self, Debug};
use std::future::Future;
use uuid::Uuid;

#[cfg(feature = "cqrs-es")]
pub mod cqrs;
#[cfg(feature = "esrs")]
pub mod esrs;

/// A decider a store can hold: its name, and the context its rules need, owned.
///
/// Implemented here for the crate's three deciders. A framework's aggregate sees only
/// its state and a command, so the context (the organisation, the policies) is handed
/// to it as [`Stored::Services`], and borrowed from there for each command. Its values
/// cross threads, as the frameworks' futures do, and a refusal can be handed again to
/// every command on a broken history, so it is `Clone`.
pub trait Stored:
    Decider<
        State: Send + Sync,
        Command: Send,
        Event: Serialize + DeserializeOwned + Clone + PartialEq + Debug + Send + Sync,
        Error: Clone + Send + Sync,
    > + Sized
    + 'static
{
    /// The aggregate's name: esrs names the table of its events after it
    /// (`complaint_events`), cqrs-es writes it in each row's `aggregate_type`. Never
    /// change it once events are stored.
    const NAME: &'static str;
    /// The context, owned: what a store keeps for every command it decides.
    type Services: Send + Sync + 'static;
    /// The context borrowed from the services, for one command.
    fn context(services: &Self::Services) -> Self::Context<'_>;
}

/// What a complaint's rules need: the organisation and the complaint policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintServices {
    /// Staff, limits, delegations and training.
    pub org: Organisation,
    /// The promise buffer and the windows.
    pub policy: ComplaintPolicy,
}

impl Stored for Complaint {
    const NAME: &'static str = "complaint";
    type Services = ComplaintServices;

    fn context(services: &ComplaintServices) -> ComplaintContext<'_> {
        ComplaintContext::new(&services.org, &services.policy)
    }
}

impl Stored for Lifecycle {
    const NAME: &'static str = "promise";
    type Services = PromisePolicy;

    fn context(services: &PromisePolicy) -> PromisePolicy {
        *services
    }
}

impl Stored for Improvement {
    const NAME: &'static str = "improvement";
    type Services = ();

    fn context(_: &()) {}
}

/// Why a store refused a command or a stored history; `S` is the framework's own error.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E, S> {
    /// The crate's own refusal: the decider's rule, a stale version, a command id reused,
    /// or a stored history its rules refuse (with the row's sequence number).
    #[error(transparent)]
    Stream(StreamError<E>),
    /// A row's sequence number and its envelope's `sequence` differ: the row was moved
    /// or edited by hand.
    #[error("the row numbered {row} holds the envelope of sequence {envelope}")]
    Misfiled {
        /// The row's sequence number.
        row: i64,
        /// The envelope's `sequence`.
        envelope: u64,
    },
    /// The command's text holds the character U+0000, which PostgreSQL's `jsonb`
    /// cannot store. Nothing was written.
    #[error("PostgreSQL cannot store the character U+0000 (NUL) that the command's text holds")]
    Unstorable,
    /// The stream is longer than the framework's sequence numbers can count.
    #[error("the stream has more events than the store can number")]
    Full,
    /// The database, or the JSON of a row, failed; the framework's error is the
    /// source.
    #[error("the store failed")]
    Store(#[source] S),
}

impl<E, S> From<StreamError<E>> for Error<E, S> {
    fn from(error: StreamError<E>) -> Self {
        Error::Stream(error)
    }
}

/// A store of one decider's histories, whatever the framework underneath ([X3], [X4]).
///
/// [X3]: customer_care::requirements#X3
/// [X4]: customer_care::requirements#X4
pub trait Repository<D: Stored>: Sync {
    /// The framework's own error.
    type Failure: std::error::Error + Send + Sync + 'static;

    /// The services every command is decided against.
    fn services(&self) -> &D::Services;

    /// The aggregate `id` as stored, checked ([X3]): every row replayed through the
    /// decider's rules, then the history verified against the services (those held
    /// now: see [the crate docs](crate#the-rules-a-history-is-checked-against)). No rows
    /// give a new stream.
    ///
    /// # Errors
    /// [`Error::Stream`] with [`StreamError::SequenceGap`],
    /// [`StreamError::DuplicateCommandId`], [`StreamError::BrokenRule`] or
    /// [`StreamError::NotWhatTheRulesYield`] naming the first row that breaks the
    /// history; [`Error::Misfiled`] for a row whose number and envelope differ;
    /// [`Error::Store`] when the database fails or a payload is not an envelope.
    ///
    /// [X3]: customer_care::requirements#X3
    fn load(
        &self,
        id: Uuid,
    ) -> impl Future<Output = Result<Loaded<D>, Error<D::Error, Self::Failure>>> + Send;

    /// Decides `command` on `case`, the aggregate as this writer last loaded it, and
    /// stores its event ([X4]). Returns whether it recorded one: `false` when the
    /// command id is already in `case` with this command, and nothing is written.
    ///
    /// When another writer stored an event since `case` was loaded, the table's
    /// unique index refuses the row: the answer is [`StreamError::VersionConflict`]
    /// with the version now stored, and `case` is as it was. Reload and decide again;
    /// a retry with the same command id then finds its event if the first try was
    /// stored.
    ///
    /// # Errors
    /// [`Error::Stream`] with the decider's refusal, [`StreamError::VersionConflict`]
    /// or [`StreamError::CommandIdReused`]; [`Error::Unstorable`]; [`Error::Full`];
    /// [`Error::Store`]. `case` changes only when the event is stored.
    ///
    /// [X4]: customer_care::requirements#X4
    fn record(
        &self,
        case: &mut Loaded<D>,
        command: D::Command,
        meta: CommandMeta,
    ) -> impl Future<Output = Result<bool, Error<D::Error, Self::Failure>>> + Send;

    /// Decides `command` on the stored aggregate `id` under `meta` and stores its
    /// event ([X4]): [`Repository::load`], then [`Repository::record`]. Returns the
    /// case after the command and whether it recorded an event (`false` for a retry).
    ///
    /// # Errors
    /// As [`Repository::load`] and [`Repository::record`].
    ///
    /// [X4]: customer_care::requirements#X4
    #[allow(clippy::type_complexity)] // spelled out, so the docs show the whole type
    fn execute(
        &self,
        id: Uuid,
        command: D::Command,
        meta: CommandMeta,
    ) -> impl Future<Output = Result<(Loaded<D>, bool), Error<D::Error, Self::Failure>>> + Send
    {
        async move {
            let mut case = self.load(id).await?;
            let recorded = self.record(&mut case, command, meta).await?;
            Ok((case, recorded))
        }
    }
}

/// One aggregate's stream as a store loaded it, with the aggregate's id: what
/// [`Repository::record`] decides on and writes to, so that a stream is never written
/// under another aggregate's id.
pub struct Loaded<D: Decider> {
    id: Uuid,
    stream: EventStream<D>,
}

impl<D: Decider> Loaded<D> {
    /// Aggregate `id` before its first event: the case to record a first command on.
    /// Where the store already holds events for `id`, that first write is refused as a
    /// stale writer's.
    pub fn new(id: Uuid) -> Self {
        Self {
            id,
            stream: EventStream::new(),
        }
    }

    /// The aggregate's id.
    pub fn id(&self) -> Uuid {
        self.id
    }

    /// The stream: the state, the version, the events.
    pub fn stream(&self) -> &EventStream<D> {
        &self.stream
    }

    /// The stream, by value.
    pub fn into_stream(self) -> EventStream<D> {
        self.stream
    }
}

impl<D: Stored> Loaded<D> {
    /// What [`Repository::record`] writes for `command`: the next row's envelope, or
    /// nothing for a command id already recorded with this command. The same for both
    /// stores, so that each checks, in the same order, the rules, then whether the row
    /// can be numbered, then what PostgreSQL can hold.
    pub(crate) fn next_row<S>(
        &self,
        services: &D::Services,
        command: D::Command,
        meta: CommandMeta,
    ) -> Result<NextRow<D>, Error<D::Error, S>> {
        match to_store(&self.stream, services, command, meta)? {
            Some(_) if next_row_number(self.stream.version()).is_none() => Err(Error::Full),
            Some(envelope) if holds_nul(&envelope) => Err(Error::Unstorable),
            next => Ok(next),
        }
    }
}

/// Reads as its stream: `case.state()`, `case.version()`, `case.events()`.
impl<D: Decider> std::ops::Deref for Loaded<D> {
    type Target = EventStream<D>;

    fn deref(&self) -> &EventStream<D> {
        &self.stream
    }
}

impl<D: Decider> Clone for Loaded<D>
where
    D::State: Clone,
    D::Event: Clone,
{
    fn clone(&self) -> Self {
        Self {
            id: self.id,
            stream: self.stream.clone(),
        }
    }
}

impl<D: Decider> PartialEq for Loaded<D>
where
    D::State: PartialEq,
    D::Event: PartialEq,
{
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.stream == other.stream
    }
}

impl<D: Decider> Debug for Loaded<D>
where
    D::State: Debug,
    D::Event: Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Loaded")
            .field("id", &self.id)
            .field("stream", &self.stream)
            .finish()
    }
}

/// The envelope of the row to write next, or none for a retry.
type NextRow<D> = Option<Envelope<<D as Decider>::Event>>;

/// What `record` stores for `command` on `stream`: the envelope to write, or nothing
/// for a command id already recorded with this command.
pub(crate) fn to_store<D: Stored>(
    stream: &EventStream<D>,
    services: &D::Services,
    command: D::Command,
    meta: CommandMeta,
) -> Result<NextRow<D>, StreamError<D::Error>> {
    Ok(match stream.decide(command, &D::context(services), meta)? {
        Decision::New(envelope) => Some(envelope),
        Decision::Duplicate(_) => None,
    })
}

/// The rows of one aggregate, as `(row number, envelope)` in row order, replayed
/// through the decider's rules; then verified against `services`.
pub(crate) fn rebuild<D: Stored, S>(
    id: Uuid,
    rows: impl IntoIterator<Item = (i64, Envelope<D::Event>)>,
    services: &D::Services,
) -> Result<Loaded<D>, Error<D::Error, S>> {
    let mut stream = EventStream::new();
    for (row, envelope) in rows {
        if u64::try_from(row).ok() != Some(envelope.sequence) {
            return Err(Error::Misfiled {
                row,
                envelope: envelope.sequence,
            });
        }
        stream.append(envelope)?;
    }
    stream.verify(&D::context(services))?;
    Ok(Loaded { id, stream })
}

/// The state of a framework's aggregate: the stream its rows fold into, or why they
/// do not.
///
/// The frameworks fold rows with a function that cannot fail, so a row the decider's
/// rules refuse leaves the history broken, and every command on it is refused with the
/// same error. Before a command is decided, the history is also verified against the
/// services, so a row forged by hand is refused there too. The frameworks fold a row's
/// payload without its row number: a row renumbered by hand, whose envelope still
/// follows the one before, is refused by [`Repository::load`] alone
/// ([`Error::Misfiled`]).
pub struct History<D: Decider>(Result<EventStream<D>, StreamError<D::Error>>);

impl<D: Decider> History<D> {
    /// The stream, or the first row its rules refuse.
    ///
    /// # Errors
    /// The refusal, with the row's sequence number.
    pub fn stream(&self) -> Result<&EventStream<D>, &StreamError<D::Error>> {
        self.0.as_ref()
    }

    /// The stream, or the refusal, by value.
    ///
    /// # Errors
    /// The refusal, with the row's sequence number.
    pub fn into_stream(self) -> Result<EventStream<D>, StreamError<D::Error>> {
        self.0
    }

    /// Folds one more row, checked as [`EventStream::append`] checks it; a broken
    /// history stays broken.
    pub(crate) fn append(&mut self, envelope: Envelope<D::Event>) {
        if let Ok(stream) = &mut self.0 {
            if let Err(error) = stream.append(envelope) {
                self.0 = Err(error);
            }
        }
    }

    /// What a framework's command handler may decide on: the stream, verified against
    /// the services ([`EventStream::verify`]), so that a row forged by hand is refused
    /// there as it is by [`Repository::load`]; then the envelope to store for `command`.
    pub(crate) fn to_store(
        &self,
        services: &D::Services,
        command: D::Command,
        meta: CommandMeta,
    ) -> Result<Option<Envelope<D::Event>>, StreamError<D::Error>>
    where
        D: Stored,
    {
        let stream = self.0.as_ref().map_err(Clone::clone)?;
        stream.verify(&D::context(services))?;
        to_store(stream, services, command, meta)
    }
}

impl<D: Decider> From<EventStream<D>> for History<D> {
    fn from(stream: EventStream<D>) -> Self {
        Self(Ok(stream))
    }
}

impl<D: Decider> Default for History<D> {
    fn default() -> Self {
        Self(Ok(EventStream::new()))
    }
}

impl<D: Decider> fmt::Debug for History<D>
where
    D::State: fmt::Debug,
    D::Event: fmt::Debug,
    D::Error: fmt::Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("History").field(&self.0).finish()
    }
}

/// Whether `envelope` holds the character U+0000 in any of its texts, which
/// PostgreSQL's `jsonb` cannot store.
pub(crate) fn holds_nul<E: Serialize>(envelope: &Envelope<E>) -> bool {
    fn any_nul(json: &serde_json::Value) -> bool {
        match json {
            serde_json::Value::String(text) => text.contains('\0'),
            serde_json::Value::Array(items) => items.iter().any(any_nul),
            serde_json::Value::Object(fields) => fields
                .iter()
                .any(|(name, value)| name.contains('\0') || any_nul(value)),
            _ => false,
        }
    }
    serde_json::to_value(envelope).is_ok_and(|json| any_nul(&json))
}

/// The number of the row after `version`, or none where it does not fit in the 32 bits
/// both frameworks number rows with (esrs's `INTEGER` column, postgres-es's `i32`).
pub(crate) fn next_row_number(version: u64) -> Option<i32> {
    version
        .checked_add(1)
        .and_then(|next| i32::try_from(next).ok())
}

/// The state PostgreSQL answers when a unique index refuses a row (cqrs-es reads it
/// itself, as its `AggregateConflict`).
#[cfg(feature = "esrs")]
pub(crate) const UNIQUE_VIOLATION: &str = "23505";

#[cfg(test)]
mod tests {
    use super::next_row_number;

    /// A stream at the last number the frameworks can store refuses to grow, rather
    /// than wrap.
    #[test]
    fn the_next_row_number_fits_in_32_bits_or_is_none() {
        assert_eq!(next_row_number(0), Some(1));
        assert_eq!(next_row_number(i32::MAX as u64 - 1), Some(i32::MAX));
        assert_eq!(next_row_number(i32::MAX as u64), None);
        assert_eq!(next_row_number(u32::MAX as u64), None);
        assert_eq!(next_row_number(u64::MAX), None);
    }
}
