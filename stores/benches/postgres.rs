//! The stores at backlog scale: 10,000 complaints (106,666 events, the backlog of
//! `benches/support`) written to PostgreSQL and read back, through each adapter's
//! store and, in the same group, through the plain SQL a host would otherwise write on
//! the same `jsonb` rows.
//!
//! - `write`: `Repository::record` for every event's command, on the stream the writer
//!   holds (the rules decide again, then the framework stores the envelope: esrs's
//!   `persist` and cqrs-es's `commit`, each in a transaction), beside the same envelope
//!   JSON written by hand into a copy of esrs's table (same columns, same unique
//!   index), one event at a time: a plain `INSERT` on its own, and a plain `INSERT` in
//!   a transaction of its own (`BEGIN`, `INSERT`, `COMMIT`), as both frameworks write
//!   it so that what else they store with the event (esrs's transactional handlers,
//!   several events of one command) commits with it or not at all.
//! - `read`: `Repository::load` of every case (the rows, replayed through the rules and
//!   verified against the organisation), beside one plain `SELECT` per case of the same
//!   rows, ordered, into the same envelope type.
//!
//! Both sides of a group run against the same server, one statement at a time, on one
//! connection. The tables are emptied before each timed write, outside the timing.
//! Throughput is in events per second.
//!
//! Run: `cargo bench -p customer-care-stores --bench postgres` (it starts its own
//! PostgreSQL, as the tests do).

#[path = "../../benches/support/mod.rs"]
mod backlog;
#[path = "../tests/support/mod.rs"]
mod postgres;

use ::esrs::store::postgres::PgStoreBuilder;
use backlog::History;
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use customer_care::complaint::{Complaint, ComplaintEvent, ComplaintPolicy};
use customer_care::stream::{CommandMeta, Decider, Envelope};
use customer_care_stores::{ComplaintServices, Repository, cqrs, esrs};
use sqlx::types::Json;
use std::hint::black_box;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;
use uuid::Uuid;

const CASES: usize = 10_000;
const PLAIN: &str = "plain_events";

fn case_id(history: &History) -> Uuid {
    match &history[0].event {
        ComplaintEvent::Received(receipt) => *receipt.id.as_uuid(),
        _ => unreachable!("every history starts with its receipt"),
    }
}

async fn write_store<R: Repository<Complaint>>(store: &R, histories: &[History]) {
    for history in histories {
        let id = case_id(history);
        let mut case = customer_care_stores::Loaded::new(id);
        for envelope in history {
            let meta = CommandMeta {
                command_id: envelope.command_id,
                expected_version: None,
            };
            let command = Complaint::command_of(&envelope.event);
            let recorded = store.record(&mut case, command, meta).await.unwrap();
            assert!(recorded);
        }
    }
}

/// How the plain SQL commits each event.
#[derive(Clone, Copy)]
enum Commit {
    /// The `INSERT` alone: PostgreSQL commits each statement.
    Each,
    /// `BEGIN`, the `INSERT`, `COMMIT`: the frameworks' way.
    InTransaction,
}

async fn write_plain(pool: &sqlx::PgPool, histories: &[History], commit: Commit) {
    let insert = format!(
        "INSERT INTO {PLAIN} (id, aggregate_id, payload, occurred_on, sequence_number) \
         VALUES ($1, $2, $3, now(), $4)"
    );
    for history in histories {
        let id = case_id(history);
        for envelope in history {
            let row = sqlx::query(&insert)
                .bind(Uuid::from_u128(
                    id.as_u128() ^ u128::from(envelope.sequence) << 96,
                ))
                .bind(id)
                .bind(Json(envelope))
                .bind(envelope.sequence as i32);
            match commit {
                Commit::Each => {
                    row.execute(pool).await.unwrap();
                }
                Commit::InTransaction => {
                    let mut transaction = pool.begin().await.unwrap();
                    row.execute(&mut *transaction).await.unwrap();
                    transaction.commit().await.unwrap();
                }
            }
        }
    }
}

async fn read_store<R: Repository<Complaint>>(store: &R, histories: &[History]) -> u64 {
    let mut events = 0;
    for history in histories {
        events += store.load(case_id(history)).await.unwrap().version();
    }
    events
}

async fn read_plain(pool: &sqlx::PgPool, histories: &[History]) -> u64 {
    let select =
        format!("SELECT payload FROM {PLAIN} WHERE aggregate_id = $1 ORDER BY sequence_number");
    let mut events = 0;
    for history in histories {
        let rows: Vec<(Json<Envelope<ComplaintEvent>>,)> = sqlx::query_as(&select)
            .bind(case_id(history))
            .fetch_all(pool)
            .await
            .unwrap();
        events += black_box(rows).len() as u64;
    }
    events
}

async fn empty(pool: &sqlx::PgPool, table: &str) {
    sqlx::query(&format!("TRUNCATE {table}"))
        .execute(pool)
        .await
        .unwrap();
}

fn services() -> ComplaintServices {
    ComplaintServices {
        org: backlog::organisation(),
        policy: ComplaintPolicy::default(),
    }
}

/// The time of `iters` writes of every history by `write`, each on tables emptied by
/// `empty` outside the timing. A bench reads the clock; the library never does (X1).
#[allow(clippy::disallowed_methods)]
fn timed(runtime: &Runtime, iters: u64, empty: impl AsyncFn(), write: impl AsyncFn()) -> Duration {
    let mut spent = Duration::ZERO;
    for _ in 0..iters {
        runtime.block_on(empty());
        let start = Instant::now();
        runtime.block_on(write());
        spent += start.elapsed();
    }
    spent
}

fn bench(c: &mut Criterion) {
    let server = postgres::server();
    let runtime = Runtime::new().unwrap();
    let histories = backlog::backlog(CASES);
    let events = backlog::events(&histories);
    let (pool, with_esrs, with_cqrs) = runtime.block_on(async {
        let pool = server.database().await.unwrap();
        let pool_of_one = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .connect_with((*pool.connect_options()).clone())
            .await
            .unwrap();
        pool.close().await;
        let events = PgStoreBuilder::new(pool_of_one.clone())
            .try_build()
            .await
            .unwrap();
        let with_esrs = esrs::Store::<Complaint>::new(events, services());
        cqrs::create_tables(&pool_of_one).await.unwrap();
        let with_cqrs = cqrs::Store::<Complaint>::new(pool_of_one.clone(), services());
        sqlx::query(&format!(
            "CREATE TABLE {PLAIN} (LIKE {} INCLUDING ALL)",
            with_esrs.events().table_name()
        ))
        .execute(&pool_of_one)
        .await
        .unwrap();
        (pool_of_one, with_esrs, with_cqrs)
    });
    let esrs_table = with_esrs.events().table_name().to_owned();

    // Every side stores and reads the same events.
    runtime.block_on(async {
        write_store(&with_esrs, &histories).await;
        write_store(&with_cqrs, &histories).await;
        write_plain(&pool, &histories, Commit::Each).await;
        assert_eq!(read_store(&with_esrs, &histories).await, events);
        assert_eq!(read_store(&with_cqrs, &histories).await, events);
        assert_eq!(read_plain(&pool, &histories).await, events);
        for table in [esrs_table.as_str(), "events", PLAIN] {
            let rows: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
                .fetch_one(&pool)
                .await
                .unwrap();
            assert_eq!(rows as u64, events, "{table}");
        }
    });

    let mut group = c.benchmark_group(format!("write {CASES} complaints"));
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(60))
        .throughput(Throughput::Elements(events));
    group.bench_function("esrs: Store::record", |b| {
        b.iter_custom(|iters| {
            timed(
                &runtime,
                iters,
                async || empty(&pool, &esrs_table).await,
                async || write_store(&with_esrs, &histories).await,
            )
        })
    });
    group.bench_function("cqrs-es: Store::record", |b| {
        b.iter_custom(|iters| {
            timed(
                &runtime,
                iters,
                async || empty(&pool, "events").await,
                async || write_store(&with_cqrs, &histories).await,
            )
        })
    });
    for (name, commit) in [
        ("plain INSERT", Commit::Each),
        ("plain INSERT in a transaction", Commit::InTransaction),
    ] {
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                timed(
                    &runtime,
                    iters,
                    async || empty(&pool, PLAIN).await,
                    async || write_plain(&pool, &histories, commit).await,
                )
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group(format!("read {CASES} complaints"));
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .measurement_time(Duration::from_secs(30))
        .throughput(Throughput::Elements(events));
    group.bench_function("esrs: Store::load", |b| {
        b.iter(|| runtime.block_on(read_store(&with_esrs, &histories)))
    });
    group.bench_function("cqrs-es: Store::load", |b| {
        b.iter(|| runtime.block_on(read_store(&with_cqrs, &histories)))
    });
    group.bench_function("plain SELECT", |b| {
        b.iter(|| runtime.block_on(read_plain(&pool, &histories)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
