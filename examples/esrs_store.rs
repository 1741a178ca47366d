//! Complaints persisted by the `esrs` event-sourcing framework (feature `esrs`).
//!
//! With the feature, [`Complaint`] is an esrs `Aggregate`, so esrs's `AggregateManager`
//! runs it over any esrs event store with no glue code: `PgStore<Complaint>` in
//! production, or, here, a store of JSON rows in memory, so that the example needs no
//! database. The store is the host's part: it numbers nothing itself (esrs hands it the
//! sequence numbers), refuses a second event at a taken sequence number as PostgreSQL's
//! unique index does, and keeps each event as the JSON a `jsonb` column would hold.
//!
//! The story: a complaint is received and acknowledged; a command the rules refuse
//! comes back as the complaint's own error and stores nothing; two writers load the same
//! version and the slower one is refused by the store; the case is resolved and closed,
//! and loading it from the stored rows gives the state the crate's own replay gives.
//!
//! Run it with `cargo run --features esrs --example esrs_store`.
#![allow(clippy::disallowed_macros)] // an example prints; the library never does (X1)

use async_trait::async_trait;
use chrono::{DateTime, Duration, TimeZone, Utc};
use customer_care::complaint::{
    Complaint, ComplaintCommand, ComplaintError, ComplaintEvent, ComplaintPolicy, ComplaintState,
    CustomerMessage, NextStep, Receipt, ResolutionOption, Satisfaction, Verdict,
};
use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation, ExpectationGap};
use customer_care::empowerment::Organisation;
use customer_care::esrs::ComplaintRequest;
use customer_care::id::{ComplaintId, StaffId};
use customer_care::money::{Currency, Money};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::sla::{Priority, SlaPolicy};
use customer_care::stream::{Envelope, EventStream};
use esrs::AggregateState;
use esrs::manager::AggregateManager;
use esrs::store::{EventStore, EventStoreLockGuard, StoreEvent, UnlockOnDrop};
use futures::executor::block_on;
use std::error::Error;
use std::sync::{Arc, Mutex, PoisonError};
use uuid::Uuid;

/// One stored event, as a row of esrs's PostgreSQL table holds it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Row {
    /// The event's own id.
    pub id: Uuid,
    /// The complaint it belongs to.
    pub aggregate_id: Uuid,
    /// Its place in the complaint's history, from 1.
    pub sequence_number: i32,
    /// When it happened.
    pub occurred_on: DateTime<Utc>,
    /// The event, in the crate's JSON shape.
    pub payload: serde_json::Value,
}

/// Why the store refused.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another writer stored this sequence number first (optimistic concurrency).
    #[error("complaint {aggregate_id} already has event {sequence_number}: reload and retry")]
    SequenceTaken {
        /// The complaint.
        aggregate_id: Uuid,
        /// The sequence number already stored.
        sequence_number: i32,
    },
    /// A row is not a complaint event.
    #[error("stored row {id} does not load: {source}")]
    Corrupt {
        /// The row.
        id: Uuid,
        /// What serde said.
        source: serde_json::Error,
    },
}

/// An esrs event store as a host might write one: rows of JSON behind a mutex.
#[derive(Debug, Default)]
pub struct MemoryStore {
    rows: Mutex<Vec<Row>>,
}

/// The lock esrs asks for; one process, so nothing to hold.
struct NoLock;
impl UnlockOnDrop for NoLock {}

impl MemoryStore {
    /// Every stored row, oldest first.
    pub fn rows(&self) -> Vec<Row> {
        self.rows
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

#[async_trait]
impl EventStore for MemoryStore {
    type Aggregate = Complaint;
    type Error = StoreError;

    async fn lock(&self, _: Uuid) -> Result<EventStoreLockGuard, StoreError> {
        Ok(EventStoreLockGuard::new(NoLock))
    }

    async fn by_aggregate_id(
        &self,
        aggregate_id: Uuid,
    ) -> Result<Vec<StoreEvent<ComplaintEvent>>, StoreError> {
        let rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        rows.iter()
            .filter(|row| row.aggregate_id == aggregate_id)
            .map(|row| {
                let payload = serde_json::from_value(row.payload.clone())
                    .map_err(|source| StoreError::Corrupt { id: row.id, source })?;
                Ok(StoreEvent {
                    id: row.id,
                    aggregate_id,
                    payload,
                    occurred_on: row.occurred_on,
                    sequence_number: row.sequence_number,
                    version: None,
                })
            })
            .collect()
    }

    async fn persist(
        &self,
        state: &mut AggregateState<ComplaintState>,
        events: Vec<ComplaintEvent>,
    ) -> Result<Vec<StoreEvent<ComplaintEvent>>, StoreError> {
        let mut rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        let aggregate_id = *state.id();
        let mut stored = Vec::with_capacity(events.len());
        let mut new_rows = Vec::with_capacity(events.len());
        for event in events {
            let sequence_number = state.next_sequence_number();
            let taken = rows.iter().any(|row| {
                row.aggregate_id == aggregate_id && row.sequence_number == sequence_number
            });
            if taken {
                return Err(StoreError::SequenceTaken {
                    aggregate_id,
                    sequence_number,
                });
            }
            // A database would stamp its own clock; the event's instant keeps the
            // example's output the same on every run.
            let row = Row {
                id: Uuid::from_u128((rows.len() + new_rows.len()) as u128 + 1),
                aggregate_id,
                sequence_number,
                occurred_on: event.at(),
                payload: serde_json::to_value(&event).map_err(|source| StoreError::Corrupt {
                    id: aggregate_id,
                    source,
                })?,
            };
            stored.push(StoreEvent {
                id: row.id,
                aggregate_id,
                payload: event,
                occurred_on: row.occurred_on,
                sequence_number,
                version: None,
            });
            new_rows.push(row);
        }
        rows.extend(new_rows); // all of them or none, as in one transaction
        Ok(stored)
    }

    async fn publish(&self, _: &[StoreEvent<ComplaintEvent>]) {}

    async fn delete(&self, aggregate_id: Uuid) -> Result<(), StoreError> {
        let mut rows = self.rows.lock().unwrap_or_else(PoisonError::into_inner);
        rows.retain(|row| row.aggregate_id != aggregate_id);
        Ok(())
    }
}

/// What the story did, for `main` to print and the tests to check.
pub struct Story {
    /// The rows the store holds at the end.
    pub rows: Vec<Row>,
    /// The rules' refusal of a command out of order.
    pub refused: ComplaintError,
    /// The store's refusal of the slower of two writers.
    pub conflict: StoreError,
    /// The complaint loaded through esrs from the rows.
    pub loaded: ComplaintState,
    /// The same rows' events replayed by the crate's own stream.
    pub replayed: ComplaintState,
}

const OLGA: StaffId = StaffId::from_uuid(Uuid::from_u128(0x0c3a7e10_0000_4000_8000_000000000001));
const ANA: StaffId = StaffId::from_uuid(Uuid::from_u128(0x0c3a7e10_0000_4000_8000_000000000004));
const CASE: ComplaintId =
    ComplaintId::from_uuid(Uuid::from_u128(0x0c3a7e10_0000_4000_8000_0000000ca5e1));

/// Runs the story against `org` (examples/data/crm_organisation.json).
///
/// # Errors
/// Whatever the store or the rules refuse where the story expects no refusal.
pub fn run(org: Arc<Organisation>) -> Result<Story, Box<dyn Error>> {
    let store = MemoryStore::default();
    let manager = AggregateManager::new(&store);
    let policy = ComplaintPolicy::default();
    let request = |command| ComplaintRequest::new(command, Arc::clone(&org), policy);
    let t0 = Utc
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .single()
        .ok_or("no such instant")?;
    let at = |minutes| t0 + Duration::minutes(minutes);
    let eur = |cents| Money::minor(cents, Currency::EUR);
    let message = |text: &str, by| CustomerMessage {
        text: text.into(),
        next_step: NextStep {
            action: "we call you with the result".into(),
            by,
        },
    };
    // Loads the complaint, decides one command and stores its event; the outer error
    // is the store's, the inner one the rules'.
    let handle = |command| {
        block_on(async {
            let state = manager
                .load(CASE)
                .await?
                .unwrap_or_else(|| AggregateState::with_id(CASE));
            manager.handle_command(state, request(command)).await
        })
    };

    handle(ComplaintCommand::Receive(Receipt {
        id: CASE,
        customer: Customer::anonymous(CustomerKind::External),
        summary: "the machine leaks since the descaling service".into(),
        expectation: Expectation::new(None, Some(at(3 * 24 * 60))),
        entitlement: Entitlement::new([Remedy::new(RemedyKind::Refund, eur(6_000))]),
        follows: None,
        sla: SlaPolicy::default().terms(Priority::High),
        at: at(0),
    }))??;
    handle(ComplaintCommand::Acknowledge {
        owner: ANA,
        message: message("We are sorry: this one is ours to put right.", at(4 * 60)),
        at: at(10),
    })??;
    let refused = match handle(ComplaintCommand::Choose {
        option: 0,
        at: at(20),
    })? {
        Ok(_) => return Err("choosing before any offer was accepted".into()),
        Err(refused) => refused,
    };

    // Two writers read version 2; the first stores event 3, the second is refused.
    let load = || block_on(manager.load(CASE));
    let (first, second) = (load()?.ok_or("no case")?, load()?.ok_or("no case")?);
    let investigate = |by| request(ComplaintCommand::Investigate { by, at: at(30) });
    block_on(manager.handle_command(first, investigate(ANA)))??;
    let conflict = match block_on(manager.handle_command(second, investigate(OLGA))) {
        Ok(_) => return Err("the store took two events at one sequence number".into()),
        Err(conflict) => conflict,
    };

    let refund = ResolutionOption {
        remedy: Remedy::new(RemedyKind::Refund, eur(6_000)),
        description: "the service's price back, and the leak repaired".into(),
        estimate: at(2 * 24 * 60),
        due: at(3 * 24 * 60),
    };
    handle(ComplaintCommand::OfferResolution {
        by: ANA,
        options: vec![refund].try_into()?,
        at: at(60),
    })??;
    handle(ComplaintCommand::Choose {
        option: 0,
        at: at(90),
    })??;
    handle(ComplaintCommand::Deliver {
        by: ANA,
        at: at(30 * 60),
    })??;
    let verdict = Verdict {
        rating: Some(Satisfaction::try_from(5)?),
        expectation: Some(ExpectationGap::Exceeded),
    };
    handle(ComplaintCommand::Close {
        verdict,
        at: at(31 * 60),
    })??;

    let rows = store.rows();
    let loaded = load()?.ok_or("no case")?.into_inner();
    let envelopes = rows
        .iter()
        .map(|row| {
            Ok(Envelope {
                sequence: u64::try_from(row.sequence_number)?,
                command_id: None,
                event: serde_json::from_value(row.payload.clone())?,
            })
        })
        .collect::<Result<Vec<_>, Box<dyn Error>>>()?;
    let replayed = EventStream::<Complaint>::replay(envelopes)?.into_parts().0;
    Ok(Story {
        rows,
        refused,
        conflict,
        loaded,
        replayed,
    })
}

fn main() -> Result<(), Box<dyn Error>> {
    let org: Organisation = serde_json::from_str(include_str!("data/crm_organisation.json"))?;
    let story = run(Arc::new(org))?;
    println!("The store's rows, as esrs's PostgreSQL table would hold them:");
    for row in &story.rows {
        println!("{}", serde_json::to_string(row)?);
    }
    println!();
    println!("refused by the rules, nothing stored: {}", story.refused);
    println!("refused by the store, nothing stored: {}", story.conflict);
    println!(
        "loaded through esrs: {}; the crate's own replay: {}; the same: {}",
        story.loaded.status(),
        story.replayed.status(),
        story.loaded == story.replayed
    );
    println!(
        "recovery complete (owned, no blame, chosen, kept): {}",
        story.loaded.recovery().is_complete()
    );
    Ok(())
}
