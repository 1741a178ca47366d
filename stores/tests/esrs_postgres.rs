//! IN6: the crate's deciders in a real PostgreSQL through esrs's `PgStore`, on a server
//! each test starts itself (`support`).

#[path = "../../tests/common/mod.rs"]
mod common;
mod support;

use chrono::{DateTime, TimeDelta, Utc};
use common::{ANA, CASE, h, refund, shop};
use customer_care::feedback::improvement::Improvement;
use customer_care::prelude::*;
use customer_care::promise::{Lifecycle, PromisePolicy};
use customer_care::stream::Envelope;
use customer_care_stores::esrs::{Error, History, Request, Store};
use customer_care_stores::{ComplaintServices, Stored};
use esrs::manager::AggregateManager;
use esrs::store::EventStore;
use esrs::store::postgres::PgStoreBuilder;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use support::server;
use uuid::Uuid;

fn at(hours: i64) -> DateTime<Utc> {
    "2026-03-02T09:00:00Z".parse::<DateTime<Utc>>().unwrap() + TimeDelta::hours(hours)
}

/// The quickstart's story, one command at a time.
fn quickstart(ana: StaffId) -> Vec<ComplaintCommand> {
    let receipt = Receipt::new(
        CASE,
        Customer::anonymous(CustomerKind::External),
        "The jug arrived cracked",
        at(0),
    );
    let sorry = CustomerMessage::new(
        "I am sorry; I will put this right.",
        "I send you options",
        at(3),
    );
    let refund = Remedy::new(RemedyKind::Refund, "40.00 EUR".parse().unwrap());
    let option = ResolutionOption::new(refund, "Your money back", at(24), at(48));
    vec![
        ComplaintCommand::Receive(receipt),
        ComplaintCommand::Acknowledge {
            owner: ana,
            message: sorry,
            at: at(1),
        },
        ComplaintCommand::Investigate { by: ana, at: at(2) },
        ComplaintCommand::OfferResolution {
            by: ana,
            options: vec![option].try_into().unwrap(),
            at: at(3),
        },
        ComplaintCommand::Choose {
            option: 0,
            at: at(4),
        },
        ComplaintCommand::Deliver {
            by: ana,
            at: at(24),
        },
        ComplaintCommand::Close {
            verdict: Verdict::default(),
            at: at(25),
        },
    ]
}

/// The shop of the core's tests: Olga owns it, Ana and Luis are on the front line
/// (refunds up to €80 without approval).
fn shop_services() -> ComplaintServices {
    ComplaintServices {
        org: shop(),
        policy: ComplaintPolicy::default(),
    }
}

async fn store<D>(pool: &sqlx::PgPool, services: D::Services) -> Store<D>
where
    D: Stored,
    D::State: Send + Sync,
    D::Command: Send,
    D::Event: Serialize + DeserializeOwned + PartialEq + Send + Sync,
    D::Error: Clone + Send + Sync,
{
    Store::new(
        PgStoreBuilder::new(pool.clone()).try_build().await.unwrap(),
        services,
    )
}

async fn rows(pool: &sqlx::PgPool, table: &str, id: Uuid) -> i64 {
    sqlx::query_scalar(&format!(
        "SELECT count(*) FROM {table} WHERE aggregate_id = $1"
    ))
    .bind(id)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_the_quickstart_story_round_trips_through_postgres() {
    let server = server();
    let pool = server.database().await.unwrap();
    let ana = StaffId::from_u128(1);
    let services = ComplaintServices {
        org: Organisation::run_by(ana, "Ana", Currency::EUR),
        policy: ComplaintPolicy::default(),
    };
    let store = store::<Complaint>(&pool, services.clone()).await;
    let id = *CASE.as_uuid();

    let mut memory = EventStream::<Complaint>::new();
    for command in quickstart(ana) {
        let context = ComplaintContext::new(&services.org, &services.policy);
        memory.execute(command.clone(), &context).unwrap();
        let (stream, recorded) = store.execute(id, command, CommandMeta::NONE).await.unwrap();
        assert!(recorded);
        assert_eq!(stream, memory);
    }

    let loaded = store.load(id).await.unwrap();
    let replayed = EventStream::<Complaint>::replay(memory.events().to_vec()).unwrap();
    assert_eq!(loaded, replayed);
    assert_eq!(loaded.version(), 7);
    assert_eq!(loaded.state().status(), ComplaintStatus::Closed);

    // esrs's own manager folds the same rows into the same stream.
    let manager = AggregateManager::new(store.events().clone());
    let state = manager.load(id).await.unwrap().unwrap().into_inner();
    assert_eq!(state.stream().unwrap(), &replayed);
}

/// IN6, X4: two writers that loaded the same version; the second to write gets the
/// crate's conflict error, and its stream is left as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_a_stale_writer_gets_the_version_conflict() {
    let server = server();
    let pool = server.database().await.unwrap();
    let store = store::<Complaint>(&pool, shop_services()).await;
    let id = *CASE.as_uuid();
    for command in common::investigating() {
        store.execute(id, command, CommandMeta::NONE).await.unwrap();
    }

    let mut ana = store.load(id).await.unwrap();
    let mut luis = store.load(id).await.unwrap();
    let offer = |by| ComplaintCommand::OfferResolution {
        by,
        options: common::options(vec![refund(40, 24, 48)]),
        at: h(3),
    };
    assert!(
        store
            .record(id, &mut ana, offer(ANA), CommandMeta::NONE)
            .await
            .unwrap()
    );
    let before = luis.clone();
    match store
        .record(id, &mut luis, offer(common::LUIS), CommandMeta::NONE)
        .await
    {
        Err(Error::Stream(StreamError::VersionConflict { expected, actual })) => {
            assert_eq!((expected, actual), (3, 4));
        }
        other => panic!("the stale writer was not refused: {other:?}"),
    }
    assert_eq!(luis, before);
    assert_eq!(store.load(id).await.unwrap(), ana);
    assert_eq!(rows(&pool, store.events().table_name(), id).await, 4);

    // The same through esrs's own manager: the store's unique index refuses the row.
    let manager = AggregateManager::new(store.events().clone());
    let stale = esrs::AggregateState::<History<Complaint>>::with_id(id);
    let request = Request {
        command: common::receive(),
        meta: CommandMeta::NONE,
        services: store.services().clone(),
    };
    assert!(manager.handle_command(stale, request).await.is_err());
    assert_eq!(rows(&pool, store.events().table_name(), id).await, 4);
}

/// IN6, X4: a command retried with its id records nothing new; the id with another
/// command is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_a_retried_command_id_records_nothing_new() {
    let server = server();
    let pool = server.database().await.unwrap();
    let store = store::<Complaint>(&pool, shop_services()).await;
    let id = *CASE.as_uuid();
    let table = store.events().table_name().to_owned();
    let receive = CommandMeta::with_id(CommandId::from_u128(1));

    let (first, recorded) = store.execute(id, common::receive(), receive).await.unwrap();
    assert!(recorded);
    let (again, recorded) = store
        .execute(id, common::receive(), receive.and_expecting(0))
        .await
        .unwrap();
    assert!(!recorded);
    assert_eq!(again, first);
    assert_eq!(rows(&pool, &table, id).await, 1);

    let investigate = ComplaintCommand::Investigate { by: ANA, at: h(2) };
    match store.execute(id, investigate, receive).await {
        Err(Error::Stream(StreamError::CommandIdReused { sequence, .. })) => {
            assert_eq!(sequence, 1)
        }
        other => panic!("a reused id was not refused: {other:?}"),
    }

    // esrs's own manager, with the id already in the history: no row.
    let manager = AggregateManager::new(store.events().clone());
    let state = manager.load(id).await.unwrap().unwrap();
    let request = Request {
        command: common::receive(),
        meta: receive,
        services: store.services().clone(),
    };
    manager
        .handle_command(state, request)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(rows(&pool, &table, id).await, 1);
}

/// IN6, X3: an unapproved refund written into the table by hand is refused on load,
/// with its sequence number; esrs's own load folds it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_a_row_forged_in_the_database_is_refused_on_load() {
    let server = server();
    let pool = server.database().await.unwrap();
    let services = shop_services();
    let store = store::<Complaint>(&pool, services.clone()).await;
    let id = *CASE.as_uuid();
    let mut memory = EventStream::<Complaint>::new();
    for command in common::investigating() {
        let context = ComplaintContext::new(&services.org, &services.policy);
        memory.execute(command.clone(), &context).unwrap();
        store.execute(id, command, CommandMeta::NONE).await.unwrap();
    }

    // Ana's €40 offer, within her €80 limit, as the rules write it; then €400 put in
    // its place, with no escalation: a refund nobody approved.
    let offer = ComplaintCommand::OfferResolution {
        by: ANA,
        options: common::options(vec![refund(40, 24, 48)]),
        at: h(3),
    };
    let context = ComplaintContext::new(&services.org, &services.policy);
    memory.execute(offer, &context).unwrap();
    let mut forged = serde_json::to_value(&memory.events()[3]).unwrap();
    let amount = &mut forged["event"]["options"][0]["remedy"]["value"]["minor_units"];
    assert_eq!(*amount, 4_000);
    *amount = 40_000.into();
    sqlx::query(&format!(
        "INSERT INTO {} (id, aggregate_id, payload, occurred_on, sequence_number) VALUES ($1, $2, $3, now(), 4)",
        store.events().table_name()
    ))
    .bind(Uuid::from_u128(0xf0))
    .bind(id)
    .bind(forged)
    .execute(&pool)
    .await
    .unwrap();

    match store.load(id).await {
        Err(Error::Stream(StreamError::NotWhatTheRulesYield { sequence })) => {
            assert_eq!(sequence, 4)
        }
        other => panic!("the forged refund loaded: {other:?}"),
    }
    let next = ComplaintCommand::Choose {
        option: 0,
        at: h(4),
    };
    assert!(matches!(
        store.execute(id, next, CommandMeta::NONE).await,
        Err(Error::Stream(StreamError::NotWhatTheRulesYield {
            sequence: 4
        }))
    ));
}

/// IN6, X3: a row whose envelope is not the one its number says.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_a_row_renumbered_by_hand_is_refused_on_load() {
    let server = server();
    let pool = server.database().await.unwrap();
    let store = store::<Complaint>(&pool, shop_services()).await;
    let id = *CASE.as_uuid();
    for command in common::investigating() {
        store.execute(id, command, CommandMeta::NONE).await.unwrap();
    }
    sqlx::query(&format!(
        "UPDATE {} SET sequence_number = 9 WHERE sequence_number = 3",
        store.events().table_name()
    ))
    .execute(&pool)
    .await
    .unwrap();
    match store.load(id).await {
        Err(Error::Misfiled { row, envelope }) => assert_eq!((row, envelope), (9, 3)),
        other => panic!("the renumbered row loaded: {other:?}"),
    }
}

/// The commands of `file` (a snapshot of the core's tests), each run in memory and
/// through `store`: the same accepted, the same refused, the same stream at the end.
async fn decides_as_in_memory<D>(store: &Store<D>, file: &str, context: &D::Context<'_>) -> u64
where
    D: Stored,
    D::State: Send + Sync + PartialEq + Debug,
    D::Command: Clone + Send + DeserializeOwned,
    D::Event: Serialize + DeserializeOwned + PartialEq + Debug + Send + Sync,
    D::Error: Clone + Send + Sync + PartialEq + Debug,
{
    let id = Uuid::from_u128(0x5707e);
    let commands: Vec<D::Command> = serde_json::from_str(&snapshot(file)).unwrap();
    let mut memory = EventStream::<D>::new();
    for command in commands {
        let expected = memory.execute(command.clone(), context).map(drop);
        match store.execute(id, command, CommandMeta::NONE).await {
            Ok((stream, recorded)) => {
                assert!(recorded);
                assert_eq!(expected, Ok(()));
                assert_eq!(stream, memory);
            }
            Err(Error::Stream(refused)) => assert_eq!(expected, Err(refused)),
            Err(other) => panic!("{file}: the store failed: {other}"),
        }
    }
    assert_eq!(store.load(id).await.unwrap(), memory);
    memory.version()
}

fn parse<T: DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap()
}

fn snapshot(file: &str) -> String {
    let path = format!("{}/../tests/snapshots/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

/// IN6: the promise and the improvement cycle, through the same adapter as the
/// complaint.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_every_decider_is_stored_by_the_one_adapter() {
    let server = server();
    let pool = server.database().await.unwrap();
    let policy = PromisePolicy::default();
    let promises = store::<Lifecycle>(&pool, policy).await;
    assert_eq!(promises.events().table_name(), "promise_events");
    assert!(decides_as_in_memory(&promises, "promise_commands.json", &policy).await >= 2);
    let items = store::<Improvement>(&pool, ()).await;
    assert_eq!(items.events().table_name(), "improvement_events");
    assert!(decides_as_in_memory(&items, "improvement_commands.json", &()).await >= 8);
    let services = shop_services();
    let complaints = store::<Complaint>(&pool, services.clone()).await;
    let context = ComplaintContext::new(&services.org, &services.policy);
    assert!(decides_as_in_memory(&complaints, "complaint_commands.json", &context).await >= 10);
}

/// Every event of `file` stored as an envelope in `D`'s table and read back.
async fn through_the_table<D>(store: &Store<D>, events: Vec<D::Event>) -> usize
where
    D: Stored,
    D::State: Send + Sync,
    D::Command: Send,
    D::Event: Serialize + DeserializeOwned + PartialEq + Debug + Send + Sync,
    D::Error: Clone + Send + Sync,
{
    let id = Uuid::from_u128(0x7ab1e);
    let envelopes: Vec<Envelope<D::Event>> = common::numbered(events);
    let count = envelopes.len();
    // esrs's `persist` writes whatever it is given: the rows need not be a history.
    let mut state = esrs::AggregateState::<History<D>>::with_id(id);
    let written = store.events().persist(&mut state, envelopes).await.unwrap();
    let read = store.events().by_aggregate_id(id).await.unwrap();
    assert_eq!(read.len(), count);
    for (written, read) in written.iter().zip(&read) {
        assert_eq!(written.payload, read.payload);
    }
    count
}

/// IN6: every event kind of the snapshot files, amounts at `u64::MAX` minor units and
/// text in every script survive the `jsonb` column; the one character `jsonb` cannot
/// hold, U+0000, is refused with a typed error and nothing is written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_every_stored_event_kind_survives_jsonb() {
    use customer_care::feedback::improvement::ImprovementEvent;
    use customer_care::promise::PromiseEvent;
    let server = server();
    let pool = server.database().await.unwrap();
    let complaints = store::<Complaint>(&pool, shop_services()).await;
    let promises = store::<Lifecycle>(&pool, PromisePolicy::default()).await;
    let items = store::<Improvement>(&pool, ()).await;
    let events: Vec<ComplaintEvent> = parse(&snapshot("complaint_events.json"));
    assert!(through_the_table(&complaints, events).await > 20);
    let events: Vec<PromiseEvent> = parse(&snapshot("promise_events.json"));
    assert!(through_the_table(&promises, events).await >= 4);
    let events: Vec<ImprovementEvent> = parse(&snapshot("improvement_events.json"));
    assert!(through_the_table(&items, events).await >= 10);

    // The largest amount, and text in every script and shape, through the rules.
    let most = Money::minor(u64::MAX, Currency::EUR);
    let texts = [
        "naïve café, 東京, Ελλάδα, עברית, العربية, हिन्दी, 한국어",
        "🫖 cracked 👩🏽‍🔧 e\u{301} \u{200d}\u{feff} \u{10ffff} \u{e000}",
        "quotes \" and \\ backslashes \n and tabs \t and \u{7f}\u{85}\u{2028}",
    ];
    for (n, text) in (1..).zip(texts) {
        let id = ComplaintId::from_u128(n);
        let receipt = Receipt::new(id, Customer::anonymous(CustomerKind::External), text, at(0))
            .with_expectation(Expectation::new(
                Some(Remedy::new(RemedyKind::Refund, most)),
                None,
            ));
        let writes = ComplaintCommand::CustomerWrites {
            text: text.into(),
            at: at(1),
        };
        let uuid = *id.as_uuid();
        complaints
            .execute(uuid, ComplaintCommand::Receive(receipt), CommandMeta::NONE)
            .await
            .unwrap();
        let (live, _) = complaints
            .execute(uuid, writes, CommandMeta::NONE)
            .await
            .unwrap();
        assert_eq!(complaints.load(uuid).await.unwrap(), live);
    }

    let id = ComplaintId::from_u128(0x0);
    let nul = Receipt::new(
        id,
        Customer::anonymous(CustomerKind::External),
        "a NUL \u{0} inside",
        at(0),
    );
    match complaints
        .execute(
            *id.as_uuid(),
            ComplaintCommand::Receive(nul),
            CommandMeta::NONE,
        )
        .await
    {
        Err(Error::Unstorable) => {}
        other => panic!("a NUL was not refused as unstorable: {other:?}"),
    }
    assert_eq!(rows(&pool, "complaint_events", *id.as_uuid()).await, 0);
}
