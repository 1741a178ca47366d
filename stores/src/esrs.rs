//! The crate's deciders over [esrs] and its PostgreSQL store ([IN6]).
//!
//! - [`Aggregate<D>`] is any [`Stored`] decider as an [`esrs::Aggregate`]: its event is
//!   the crate's [`Envelope`], its state a [`History`] (the [`EventStream`] the rows
//!   fold into, or the first row its rules refuse), its command a [`Request`] that
//!   carries the services. esrs's own `AggregateManager` runs it as it runs any
//!   aggregate.
//! - [`Store<D>`] is the way in that keeps every guarantee the crate gives in memory:
//!   a load replays the rows through the decider's rules and then verifies them against
//!   the services ([`EventStream::verify`]), so a row forged by hand is refused with its
//!   sequence number; a command id already recorded records nothing new; and a writer
//!   whose stream is stale gets [`StreamError::VersionConflict`] from the table's
//!   unique `(aggregate_id, sequence_number)` index.
//!
//! ```no_run
//! use customer_care::prelude::*;
//! use customer_care_stores::ComplaintServices;
//! use customer_care_stores::esrs::Store;
//! use esrs::store::postgres::PgStoreBuilder;
//!
//! # async fn run(pool: sqlx::PgPool, receipt: Receipt) -> Result<(), Box<dyn std::error::Error>> {
//! let ana = StaffId::from_u128(1);
//! let services = ComplaintServices {
//!     org: Organisation::run_by(ana, "Ana", Currency::EUR),
//!     policy: ComplaintPolicy::default(),
//! };
//! // Creates the `complaint_events` table when it is missing.
//! let store = Store::<Complaint>::new(PgStoreBuilder::new(pool).try_build().await?, services);
//! let id = *receipt.id.as_uuid();
//! let (case, recorded) = store
//!     .execute(id, ComplaintCommand::Receive(receipt), CommandMeta::NONE)
//!     .await?;
//! assert!(recorded);
//! assert_eq!(case.state().status(), ComplaintStatus::Received);
//! # Ok(())
//! # }
//! ```
//!
//! [esrs]: https://docs.rs/esrs
//! [IN6]: customer_care::requirements#IN6

use crate::Stored;
use chrono::DateTime;
use customer_care::stream::{CommandMeta, Decider, Decision, Envelope, EventStream, StreamError};
use esrs::AggregateState;
use esrs::store::postgres::{PgStore, PgStoreError};
use esrs::store::{EventStore, StoreEvent};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use uuid::Uuid;

/// A [`Stored`] decider as an esrs aggregate: one adapter for the complaint, the
/// promise and the improvement cycle.
///
/// | esrs             | here                                                          |
/// |------------------|---------------------------------------------------------------|
/// | `NAME`           | [`Stored::NAME`]; the table is `{NAME}_events`                |
/// | `State`          | [`History<D>`]                                                |
/// | `Command`        | [`Request<D>`]                                                |
/// | `Event`          | [`Envelope`] of the decider's event: the crate's stored JSON   |
/// | `Error`          | [`StreamError`] of the decider's error                        |
/// | `handle_command` | [`EventStream::decide`]: one envelope, or none for a retry     |
/// | `apply_event`    | [`EventStream::append`]: the checks [`EventStream::replay`] runs |
pub struct Aggregate<D>(PhantomData<fn() -> D>);

/// The state of an [`Aggregate`]: the stream its rows fold into, or why they do not.
///
/// esrs folds rows with a function that cannot fail, so a row the decider's rules
/// refuse leaves the history broken, and every command on it is refused with the same
/// error.
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

/// A command for an [`Aggregate`]: the command, its meta (a command id, an expected
/// version), and the services it is decided against, shared.
pub struct Request<D: Stored> {
    /// What the caller asks for.
    pub command: D::Command,
    /// The command id and the expected version, if any.
    pub meta: CommandMeta,
    /// The organisation and policies, shared by every request.
    pub services: Arc<D::Services>,
}

impl<D: Stored> esrs::Aggregate for Aggregate<D>
where
    D::Error: Clone,
{
    const NAME: &'static str = D::NAME;
    type State = History<D>;
    type Command = Request<D>;
    type Event = Envelope<D::Event>;
    type Error = StreamError<D::Error>;

    fn handle_command(
        history: &History<D>,
        request: Request<D>,
    ) -> Result<Vec<Envelope<D::Event>>, StreamError<D::Error>> {
        let stream = history.stream().map_err(Clone::clone)?;
        let context = D::context(&request.services);
        match stream.decide(request.command, &context, request.meta)? {
            Decision::Record(envelope) => Ok(vec![envelope]),
            Decision::Recorded(_) => Ok(Vec::new()),
        }
    }

    fn apply_event(history: History<D>, envelope: Envelope<D::Event>) -> History<D> {
        History(history.0.and_then(|mut stream| {
            stream.append(envelope)?;
            Ok(stream)
        }))
    }
}

/// Why a [`Store`] refused a command or a stored history.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// The crate's own refusal: the decider's rule, a stale version, a command id reused,
    /// or a stored history its rules refuse (with the row's sequence number).
    #[error(transparent)]
    Stream(StreamError<E>),
    /// A row's `sequence_number` column and its envelope's `sequence` differ: the row
    /// was moved or edited by hand.
    #[error("the row numbered {row} holds the envelope of sequence {envelope}")]
    Misfiled {
        /// The row's `sequence_number`.
        row: i32,
        /// The envelope's `sequence`.
        envelope: u64,
    },
    /// The command's text holds the character U+0000, which PostgreSQL's `jsonb`
    /// cannot store. Nothing was written.
    #[error("PostgreSQL cannot store the character U+0000 (NUL) that the command's text holds")]
    Unstorable,
    /// The stream is longer than esrs's sequence numbers (`i32`) can count.
    #[error("the stream has more events than esrs can number")]
    Full,
    /// PostgreSQL or the JSON of a row failed.
    #[error("the store failed: {0}")]
    Store(#[source] PgStoreError),
}

impl<E> From<StreamError<E>> for Error<E> {
    fn from(error: StreamError<E>) -> Self {
        Error::Stream(error)
    }
}

/// The store of one decider's aggregates: esrs's `PgStore`, and the services every
/// command is decided against.
pub struct Store<D: Stored>
where
    D::Error: Clone,
{
    events: PgStore<Aggregate<D>>,
    services: Arc<D::Services>,
}

impl<D> Store<D>
where
    D: Stored,
    D::State: Send + Sync,
    D::Command: Send,
    D::Event: Serialize + DeserializeOwned + PartialEq + Send + Sync,
    D::Error: Clone + Send + Sync,
{
    /// A store over `events`, built by esrs's `PgStoreBuilder` (which creates the table
    /// and takes the event handlers and buses), deciding against `services`.
    pub fn new(events: PgStore<Aggregate<D>>, services: D::Services) -> Self {
        Self {
            events,
            services: Arc::new(services),
        }
    }

    /// esrs's store underneath: for its event handlers, its buses and its table name.
    pub fn events(&self) -> &PgStore<Aggregate<D>> {
        &self.events
    }

    /// The services, shared: what a [`Request`] for esrs's own `AggregateManager`
    /// carries.
    pub fn services(&self) -> &Arc<D::Services> {
        &self.services
    }

    /// The aggregate `id` as stored, checked ([X3]): every row replayed through the
    /// decider's rules, then the history verified against the services. No rows give a
    /// new stream.
    ///
    /// # Errors
    /// [`Error::Stream`] with [`StreamError::SequenceGap`],
    /// [`StreamError::DuplicateCommandId`], [`StreamError::BrokenRule`] or
    /// [`StreamError::NotWhatTheRulesYield`] naming the first row that breaks the
    /// history; [`Error::Misfiled`] for a row whose number and envelope differ;
    /// [`Error::Store`] when PostgreSQL fails or a payload is not an envelope.
    ///
    /// [X3]: customer_care::requirements#X3
    pub async fn load(&self, id: Uuid) -> Result<EventStream<D>, Error<D::Error>> {
        let stream = self.replay(id).await?.0;
        stream.verify(&D::context(&self.services))?;
        Ok(stream)
    }

    /// Decides `command` on the stored aggregate `id` under `meta`, and stores its
    /// event ([X4]): [`Store::load`], then [`Store::record`]. Returns the stream after
    /// the command and whether it recorded an event (`false` for a retry).
    ///
    /// # Errors
    /// As [`Store::load`] and [`Store::record`].
    ///
    /// [X4]: customer_care::requirements#X4
    pub async fn execute(
        &self,
        id: Uuid,
        command: D::Command,
        meta: CommandMeta,
    ) -> Result<(EventStream<D>, bool), Error<D::Error>> {
        let mut stream = self.load(id).await?;
        let recorded = self.record(id, &mut stream, command, meta).await?;
        Ok((stream, recorded))
    }

    /// Decides `command` on `stream`, the aggregate `id` as this writer last loaded it,
    /// and stores its event ([X4]). Returns whether it recorded one: `false` when the
    /// command id is already in `stream` with this command, and nothing is written.
    ///
    /// When another writer stored an event since `stream` was loaded, the row is
    /// refused by the table's unique index: the answer is
    /// [`StreamError::VersionConflict`] with the version now stored, and `stream` is
    /// as it was. Reload and decide again; a retry with the same command id then finds
    /// its event if the first try was stored.
    ///
    /// # Errors
    /// [`Error::Stream`] with the decider's refusal, [`StreamError::VersionConflict`]
    /// or [`StreamError::CommandIdReused`]; [`Error::Unstorable`]; [`Error::Full`];
    /// [`Error::Store`]. `stream` changes only when the event is stored.
    ///
    /// [X4]: customer_care::requirements#X4
    pub async fn record(
        &self,
        id: Uuid,
        stream: &mut EventStream<D>,
        command: D::Command,
        meta: CommandMeta,
    ) -> Result<bool, Error<D::Error>> {
        let context = D::context(&self.services);
        let envelope = match stream.decide(command, &context, meta)? {
            Decision::Record(envelope) => envelope,
            Decision::Recorded(_) => return Ok(false),
        };
        let mut state = at_version(id, stream.version())?;
        let stored = match self.events.persist(&mut state, vec![envelope]).await {
            Ok(rows) => rows.into_iter().map(|row| row.payload),
            Err(error) if is_unique_violation(&error) => {
                let (_, rows) = self.replay(id).await?;
                return Err(Error::Stream(StreamError::VersionConflict {
                    expected: stream.version(),
                    actual: rows,
                }));
            }
            Err(error) if is_nul_refused(&error) => return Err(Error::Unstorable),
            Err(error) => return Err(Error::Store(error)),
        };
        for envelope in stored {
            stream.append(envelope)?;
        }
        Ok(true)
    }

    /// The rows of `id` replayed through the decider's rules, and how many there are.
    async fn replay(&self, id: Uuid) -> Result<(EventStream<D>, u64), Error<D::Error>> {
        let rows = self
            .events
            .by_aggregate_id(id)
            .await
            .map_err(Error::Store)?;
        let count = rows.len() as u64;
        let mut stream = EventStream::new();
        for row in rows {
            let (row, envelope) = (row.sequence_number, row.payload);
            if u64::try_from(row).ok() != Some(envelope.sequence) {
                return Err(Error::Misfiled {
                    row,
                    envelope: envelope.sequence,
                });
            }
            stream.append(envelope)?;
        }
        Ok((stream, count))
    }
}

/// esrs's handle on aggregate `id` at `version`: what `persist` reads to number the next
/// row. Its inner state is never read.
fn at_version<D, E>(id: Uuid, version: u64) -> Result<AggregateState<History<D>>, Error<E>>
where
    D: Decider,
{
    let state = AggregateState::with_id(id);
    if version == 0 {
        return Ok(state);
    }
    let sequence_number = i32::try_from(version).map_err(|_| Error::Full)?;
    let last = StoreEvent {
        id: Uuid::nil(),
        aggregate_id: id,
        payload: (),
        occurred_on: DateTime::UNIX_EPOCH,
        sequence_number,
        version: None,
    };
    Ok(state.apply_store_events(vec![last], |history, ()| history))
}

/// PostgreSQL's `unique_violation` (23505): another row has this aggregate's sequence
/// number.
fn is_unique_violation(error: &PgStoreError) -> bool {
    database_code(error).as_deref() == Some("23505")
}

/// PostgreSQL's `untranslatable_character` (22P05): `jsonb` refuses `\u0000`.
fn is_nul_refused(error: &PgStoreError) -> bool {
    database_code(error).as_deref() == Some("22P05")
}

fn database_code(error: &PgStoreError) -> Option<String> {
    match error {
        PgStoreError::Sqlx(sqlx::Error::Database(db)) => db.code().map(|code| code.into_owned()),
        _ => None,
    }
}
