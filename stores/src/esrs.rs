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
use std::fmt::{self, Debug};
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

impl<D: Stored> Debug for Aggregate<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Aggregate").field(&D::NAME).finish()
    }
}

impl<D: Stored> Debug for Request<D>
where
    D::Command: Debug,
    D::Services: Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("command", &self.command)
            .field("meta", &self.meta)
            .field("services", &self.services)
            .finish()
    }
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

/// Another handle on the same store: esrs's `PgStore` and the services are shared.
impl<D: Stored> Clone for Store<D> {
    fn clone(&self) -> Self {
        Self {
            events: self.events.clone(),
            services: Arc::clone(&self.services),
        }
    }
}

impl<D: Stored> Debug for Store<D>
where
    D::Services: Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("table", &self.events.table_name())
            .field("services", &self.services)
            .finish()
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
/// row, one more. Its inner state is never read.
fn at_version<D, E>(id: Uuid, version: u64) -> Result<AggregateState<History<D>>, Error<E>>
where
    D: Decider,
{
    let state = AggregateState::with_id(id);
    if version == 0 {
        return Ok(state);
    }
    // `Loaded::next_row` has checked that the next number fits too.
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

/// `UNIQUE_VIOLATION` when the row was refused by `table`'s own index of sequence
/// numbers (another writer stored that number first); otherwise nothing, so that a
/// violation raised elsewhere (by a transactional handler, a trigger) is the store's
/// failure, not a conflict to retry.
fn sql_state_of(error: &PgStoreError, table: &str) -> Option<&'static str> {
    let PgStoreError::Sqlx(sqlx::Error::Database(db)) = error else {
        return None;
    };
    let index = sequence_index(table);
    (db.code().as_deref() == Some(UNIQUE_VIOLATION) && db.constraint() == Some(index.as_str()))
        .then_some(UNIQUE_VIOLATION)
}

/// The name of the unique index esrs makes on `table`'s `(aggregate_id,
/// sequence_number)`, as PostgreSQL keeps it: cut to the 63 bytes a name may hold, at
/// a character's boundary.
fn sequence_index(table: &str) -> String {
    const LONGEST_NAME: usize = 63;
    let mut index = format!("{table}_aggregate_id_sequence_number");
    let mut end = index.len().min(LONGEST_NAME);
    while !index.is_char_boundary(end) {
        end -= 1;
    }
    index.truncate(end);
    index
}

#[cfg(test)]
mod tests {
    use super::{Error, at_version, sequence_index};
    use customer_care::complaint::Complaint;
    use uuid::Uuid;

    /// PostgreSQL keeps at most 63 bytes of a name, so the index of a long table's
    /// name is recognised by its first 63 bytes, never half a character.
    #[test]
    fn the_sequence_index_is_named_as_postgresql_keeps_it() {
        assert_eq!(
            sequence_index("complaint_events"),
            "complaint_events_aggregate_id_sequence_number"
        );
        // The name PostgreSQL 15 gave this index, in its notice and its error.
        assert_eq!(
            sequence_index("a_decider_with_a_rather_long_name_events"),
            "a_decider_with_a_rather_long_name_events_aggregate_id_sequence_"
        );
        // Bytes 63 and 64 are the two of the "é": it goes whole.
        let accented = format!("{}é_events", "r".repeat(62));
        assert_eq!(sequence_index(&accented), "r".repeat(62));
    }

    /// A version esrs cannot number is refused, not wrapped.
    #[test]
    fn a_version_beyond_esrs_numbers_is_full() {
        let id = Uuid::from_u128(1);
        assert!(at_version::<Complaint, ()>(id, i32::MAX as u64).is_ok());
        assert!(matches!(
            at_version::<Complaint, ()>(id, i32::MAX as u64 + 1),
            Err(Error::Full)
        ));
    }
}
