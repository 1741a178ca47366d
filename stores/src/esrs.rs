//! The crate's deciders over [esrs] and its PostgreSQL store ([IN6]).
//!
//! - [`Aggregate<D>`] is any [`Stored`] decider as an [`esrs::Aggregate`]: its event is
//!   the crate's [`Envelope`], its state a [`History`] (the [`EventStream`] the rows
//!   fold into, or the first row its rules refuse), its command a [`Request`] that
//!   carries the services. esrs's own `AggregateManager` runs it as it runs any
//!   aggregate.
//! - [`Store<D>`] is the way in that keeps every guarantee the crate gives in memory, a
//!   [`Repository`]: the stale writer is refused by the table's unique
//!   `(aggregate_id, sequence_number)` index.
//!
//! ```no_run
//! use customer_care::prelude::*;
//! use customer_care_stores::esrs::Store;
//! use customer_care_stores::{ComplaintServices, Repository};
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

use crate::{History, Loaded, Repository, Stored, UNIQUE_VIOLATION, rebuild};
use chrono::DateTime;
#[cfg(doc)]
use customer_care::stream::EventStream;
use customer_care::stream::{CommandMeta, Decider, Envelope, StreamError};
use esrs::AggregateState;
use esrs::store::postgres::{PgStore, PgStoreError};
use esrs::store::{EventStore, StoreEvent};
use std::marker::PhantomData;
use std::sync::Arc;
use uuid::Uuid;

/// Why an esrs [`Store`] refused a command or a stored history.
pub type Error<E> = crate::Error<E, PgStoreError>;

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

impl<D: Stored> esrs::Aggregate for Aggregate<D> {
    const NAME: &'static str = D::NAME;
    type State = History<D>;
    type Command = Request<D>;
    type Event = Envelope<D::Event>;
    type Error = StreamError<D::Error>;

    fn handle_command(
        history: &History<D>,
        request: Request<D>,
    ) -> Result<Vec<Envelope<D::Event>>, StreamError<D::Error>> {
        let envelope = history.to_store(&request.services, request.command, request.meta)?;
        Ok(envelope.into_iter().collect())
    }

    fn apply_event(mut history: History<D>, envelope: Envelope<D::Event>) -> History<D> {
        history.append(envelope);
        history
    }
}

/// The store of one decider's aggregates: esrs's `PgStore`, and the services every
/// command is decided against.
pub struct Store<D: Stored> {
    events: PgStore<Aggregate<D>>,
    services: Arc<D::Services>,
}

impl<D: Stored> Store<D> {
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
    pub fn shared_services(&self) -> &Arc<D::Services> {
        &self.services
    }
}

impl<D: Stored> Repository<D> for Store<D> {
    type Failure = PgStoreError;

    fn services(&self) -> &D::Services {
        &self.services
    }

    async fn load(&self, id: Uuid) -> Result<Loaded<D>, Error<D::Error>> {
        let rows = self
            .events
            .by_aggregate_id(id)
            .await
            .map_err(Error::Store)?;
        rebuild(
            id,
            rows.into_iter()
                .map(|row| (i64::from(row.sequence_number), row.payload)),
            self.services.as_ref(),
        )
    }

    async fn record(
        &self,
        case: &mut Loaded<D>,
        command: D::Command,
        meta: CommandMeta,
    ) -> Result<bool, Error<D::Error>> {
        let Some(envelope) = case.next_row(&self.services, command, meta)? else {
            return Ok(false);
        };
        let (id, stream) = (case.id, &mut case.stream);
        let mut state = at_version(id, stream.version())?;
        let stored = match self.events.persist(&mut state, vec![envelope]).await {
            Ok(rows) => rows.into_iter().map(|row| row.payload),
            Err(error) => {
                return Err(match sql_state_of(&error, self.events.table_name()) {
                    Some(UNIQUE_VIOLATION) => {
                        let rows = self
                            .events
                            .by_aggregate_id(id)
                            .await
                            .map_err(Error::Store)?;
                        Error::Stream(StreamError::VersionConflict {
                            expected: stream.version(),
                            actual: rows.len() as u64,
                        })
                    }
                    _ => Error::Store(error),
                });
            }
        };
        for envelope in stored {
            stream.append(envelope)?;
        }
        Ok(true)
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
    // The next row must be numbered too: esrs adds one to this.
    let next = version
        .checked_add(1)
        .and_then(|next| i32::try_from(next).ok());
    let sequence_number = next.ok_or(Error::Full)? - 1;
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

/// `UNIQUE_VIOLATION` when the row was refused by `table`'s own index of sequence
/// numbers (another writer stored that number first); otherwise nothing, so that a
/// violation raised elsewhere (by a transactional handler, a trigger) is the store's
/// failure, not a conflict to retry.
fn sql_state_of(error: &PgStoreError, table: &str) -> Option<&'static str> {
    let PgStoreError::Sqlx(sqlx::Error::Database(db)) = error else {
        return None;
    };
    let index = format!("{table}_aggregate_id_sequence_number");
    (db.code().as_deref() == Some(UNIQUE_VIOLATION) && db.constraint() == Some(index.as_str()))
        .then_some(UNIQUE_VIOLATION)
}
