//! The crate's deciders over [cqrs-es] and postgres-es ([IN6]).
//!
//! - [`Aggregate<D>`] is any [`Stored`] decider as a [`cqrs_es::Aggregate`]: its state a
//!   [`History`], its event a [`Recorded`] envelope (the crate's stored JSON), its
//!   command a [`Request`], and its services the decider's [`Stored::Services`] (the
//!   organisation and the complaint policy for a complaint), which the framework hands
//!   to every command. cqrs-es's own `CqrsFramework` runs it as it runs any aggregate.
//! - [`Store<D>`] is the way in that keeps every guarantee the crate gives in memory, a
//!   [`Repository`]: the stale writer is refused by the table's primary key
//!   `(aggregate_type, aggregate_id, sequence)`.
//! - [`create_tables`] makes the `events` and `snapshots` tables postgres-es uses, from
//!   the script shipped with this crate, `sql/cqrs-es.sql` ([`TABLES`]).
//!
//! Each row's `event_type` is the event's JSON tag (`received`, `option_chosen`, …) and
//! its `event_version` the stored shape's [`SCHEMA_VERSION`]. postgres-es's rows have no
//! time column: the event's own time is the `at` in its payload.
//!
//! ```no_run
//! use customer_care::prelude::*;
//! use customer_care_stores::cqrs::{Store, create_tables};
//! use customer_care_stores::{ComplaintServices, Repository};
//!
//! # async fn run(pool: sqlx::PgPool, receipt: Receipt) -> Result<(), Box<dyn std::error::Error>> {
//! let ana = StaffId::from_u128(1);
//! let services = ComplaintServices {
//!     org: Organisation::run_by(ana, "Ana", Currency::EUR),
//!     policy: ComplaintPolicy::default(),
//! };
//! create_tables(&pool).await?; // `events` and `snapshots`, when missing
//! let store = Store::<Complaint>::new(pool, services);
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
//! [cqrs-es]: https://docs.rs/cqrs-es
//! [IN6]: customer_care::requirements#IN6

use crate::{History, Loaded, Repository, Stored, rebuild};
use cqrs_es::event_sink::EventSink;
use cqrs_es::persist::{EventStoreAggregateContext, PersistedEventStore};
use cqrs_es::{AggregateError, DomainEvent, EventStore};
use customer_care::stream::{CommandMeta, Envelope, EventStream, SCHEMA_VERSION, StreamError};
use postgres_es::PostgresEventRepository;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::HashMap;
use std::fmt::{self, Debug};
use uuid::Uuid;

/// The script that makes postgres-es's tables, `sql/cqrs-es.sql`: `events` and
/// `snapshots`, with `jsonb` payloads. It changes nothing where they exist.
pub const TABLES: &str = include_str!("../sql/cqrs-es.sql");

/// Runs [`TABLES`] on `pool`.
///
/// # Errors
/// PostgreSQL's, when the script cannot run.
pub async fn create_tables(pool: &sqlx::PgPool) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(TABLES).execute(pool).await.map(drop)
}

/// Why a cqrs-es [`Store`] refused a command or a stored history.
pub type Error<E> = crate::Error<E, AggregateError<StreamError<E>>>;

/// One recorded event as cqrs-es stores it: the crate's [`Envelope`], in its JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Recorded<E>(pub Envelope<E>);

impl<E> DomainEvent for Recorded<E>
where
    E: Serialize + DeserializeOwned + Clone + PartialEq + Debug + Send + Sync,
{
    /// The event's JSON tag, its `"type"`.
    fn event_type(&self) -> String {
        serde_json::to_value(&self.0.event)
            .ok()
            .and_then(|json| json.get("type")?.as_str().map(str::to_owned))
            .unwrap_or_default()
    }

    /// The stored shape's version, [`SCHEMA_VERSION`].
    fn event_version(&self) -> String {
        SCHEMA_VERSION.to_string()
    }
}

/// A command for an [`Aggregate`]: the command and its meta (a command id, an expected
/// version). The services come from the framework.
#[derive(Debug, Clone, PartialEq)]
pub struct Request<C> {
    /// What the caller asks for.
    pub command: C,
    /// The command id and the expected version, if any.
    pub meta: CommandMeta,
}

/// A [`Stored`] decider as a cqrs-es aggregate: one adapter for the complaint, the
/// promise and the improvement cycle.
///
/// | cqrs-es    | here                                                               |
/// |------------|--------------------------------------------------------------------|
/// | `TYPE`     | [`Stored::NAME`], the rows' `aggregate_type`                       |
/// | the state  | a [`History<D>`]; as a snapshot, the stream's envelopes             |
/// | `Command`  | [`Request`] of the decider's command                               |
/// | `Event`    | [`Recorded`] envelope of the decider's event                       |
/// | `Error`    | [`StreamError`] of the decider's error                             |
/// | `Services` | [`Stored::Services`]                                               |
/// | `handle`   | [`EventStream::decide`]: one envelope, or none for a retry          |
/// | `apply`    | [`EventStream::append`]: the checks [`EventStream::replay`] runs    |
pub struct Aggregate<D: Stored> {
    history: History<D>,
    /// The sequence of the envelope the last command wrote through the sink, which
    /// cqrs-es's snapshot store applies a second time when it takes a snapshot; that
    /// second application, and only it, is skipped.
    echo: Option<u64>,
}

impl<D: Stored> Aggregate<D> {
    /// The history folded so far.
    pub fn history(&self) -> &History<D> {
        &self.history
    }
}

impl<D: Stored> Debug for Aggregate<D>
where
    History<D>: Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Aggregate")
            .field("history", &self.history)
            .field("echo", &self.echo)
            .finish()
    }
}

impl<D: Stored> Default for Aggregate<D> {
    fn default() -> Self {
        Self {
            history: History::default(),
            echo: None,
        }
    }
}

/// A snapshot is the stream's envelopes; a broken history has none.
impl<D: Stored> Serialize for Aggregate<D> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.history.stream() {
            Ok(stream) => stream.serialize(serializer),
            Err(error) => Err(serde::ser::Error::custom(format_args!(
                "a broken history has no snapshot: {error}"
            ))),
        }
    }
}

/// A snapshot loads as a stream does: replayed through the decider's rules.
impl<'de, D: Stored> Deserialize<'de> for Aggregate<D> {
    fn deserialize<De: Deserializer<'de>>(deserializer: De) -> Result<Self, De::Error> {
        let stream = EventStream::<D>::deserialize(deserializer)?;
        Ok(Self {
            history: History::from(stream),
            echo: None,
        })
    }
}

impl<D: Stored> cqrs_es::Aggregate for Aggregate<D> {
    const TYPE: &'static str = D::NAME;
    type Command = Request<D::Command>;
    type Event = Recorded<D::Event>;
    type Error = StreamError<D::Error>;
    type Services = D::Services;

    async fn handle(
        &mut self,
        request: Request<D::Command>,
        services: &D::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), StreamError<D::Error>> {
        let envelope = self
            .history
            .to_store(services, request.command, request.meta)?;
        if let Some(envelope) = envelope {
            let sequence = envelope.sequence;
            sink.write(Recorded(envelope), self).await;
            self.echo = Some(sequence);
        }
        Ok(())
    }

    fn apply(&mut self, event: Recorded<D::Event>) {
        let Recorded(envelope) = event;
        if self.echo.take() == Some(envelope.sequence) {
            let last = self.history.stream().ok().and_then(|s| s.events().last());
            if last == Some(&envelope) {
                return;
            }
        }
        self.history.append(envelope);
    }
}

/// The store of one decider's aggregates: postgres-es's repository under cqrs-es's
/// event store, and the services every command is decided against.
pub struct Store<D: Stored> {
    events: PersistedEventStore<PostgresEventRepository, Aggregate<D>>,
    services: D::Services,
}

impl<D: Stored> Store<D> {
    /// A store on `pool`'s `events` table ([`create_tables`] makes it), deciding
    /// against `services`.
    pub fn new(pool: sqlx::PgPool, services: D::Services) -> Self {
        let repository = PostgresEventRepository::new(pool);
        Self {
            events: PersistedEventStore::new_event_store(repository),
            services,
        }
    }

    /// cqrs-es's event store underneath.
    pub fn events(&self) -> &PersistedEventStore<PostgresEventRepository, Aggregate<D>> {
        &self.events
    }
}

impl<D: Stored> Debug for Store<D>
where
    D::Services: Debug,
{
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("aggregate_type", &D::NAME)
            .field("services", &self.services)
            .finish()
    }
}

impl<D: Stored> Repository<D> for Store<D> {
    type Failure = AggregateError<StreamError<D::Error>>;

    fn services(&self) -> &D::Services {
        &self.services
    }

    async fn load(&self, id: Uuid) -> Result<Loaded<D>, Error<D::Error>> {
        let rows = self
            .events
            .load_events(&id.to_string())
            .await
            .map_err(Error::Store)?;
        rebuild(
            id,
            // postgres-es reads the `BIGINT` column `as usize`; on a 64-bit target
            // `as i64` gives it back, negative or not.
            rows.into_iter()
                .map(|row| (row.sequence as i64, row.payload.0)),
            &self.services,
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
        let context = EventStoreAggregateContext {
            aggregate_id: id.to_string(),
            aggregate: Aggregate::default(),
            // `Loaded::next_row` has checked that the next number fits postgres-es's `i32`.
            current_sequence: usize::try_from(stream.version()).map_err(|_| Error::Full)?,
            current_snapshot: None,
        };
        let committed = self
            .events
            .commit(vec![Recorded(envelope)], context, HashMap::new())
            .await;
        let stored = match committed {
            Ok(rows) => rows,
            Err(AggregateError::AggregateConflict) => {
                let rows = self
                    .events
                    .load_events(&id.to_string())
                    .await
                    .map_err(Error::Store)?;
                return Err(Error::Stream(StreamError::VersionConflict {
                    expected: stream.version(),
                    actual: rows.len() as u64,
                }));
            }
            Err(error) => return Err(Error::Store(error)),
        };
        for row in stored {
            stream.append(row.payload.0)?;
        }
        Ok(true)
    }
}
