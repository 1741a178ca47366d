//! IN6: the crate's deciders in a real PostgreSQL, through esrs's `PgStore` and through
//! cqrs-es with postgres-es, on a server each test starts itself (`support`). Every
//! guarantee is checked the same way on both adapters: the test bodies are generic
//! over `Repository`, and `Tables` holds what differs between the two tables.

#[path = "../../tests/common/mod.rs"]
mod common;
mod support;

use chrono::{DateTime, TimeDelta, Utc};
use common::{ANA, CASE, h, refund, shop};
use customer_care::feedback::improvement::{Improvement, ImprovementEvent};
use customer_care::prelude::*;
use customer_care::promise::{Lifecycle, PromiseEvent, PromisePolicy};
use customer_care::stream::Envelope;
use customer_care_stores::{
    ComplaintServices, Error, History, Loaded, Repository, Stored, cqrs, esrs,
};
use serde::de::DeserializeOwned;
use std::fmt::Debug;
use uuid::Uuid;

fn at(hours: i64) -> DateTime<Utc> {
    "2026-03-02T09:00:00Z".parse::<DateTime<Utc>>().unwrap() + TimeDelta::hours(hours)
}

/// A fresh database on a server of the test's own; the server stops when dropped.
async fn database() -> (support::Server, sqlx::PgPool) {
    let server = support::server();
    let pool = server.database().await.unwrap();
    (server, pool)
}

/// The shop of the core's tests: Olga owns it, Ana and Luis are on the front line
/// (refunds up to €80 without approval).
fn shop_services() -> ComplaintServices {
    ComplaintServices {
        org: shop(),
        policy: ComplaintPolicy::default(),
    }
}

async fn esrs_store<D: Stored>(pool: &sqlx::PgPool, services: D::Services) -> esrs::Store<D> {
    let events = ::esrs::store::postgres::PgStoreBuilder::new(pool.clone())
        .try_build()
        .await
        .unwrap();
    esrs::Store::new(events, services)
}

async fn cqrs_store<D: Stored>(pool: &sqlx::PgPool, services: D::Services) -> cqrs::Store<D> {
    cqrs::create_tables(pool).await.unwrap();
    cqrs::Store::new(pool.clone(), services)
}

/// What differs between the two adapters' tables, for the tests that write to them
/// by hand.
trait Tables {
    /// How many rows aggregate `id` of decider `name` has.
    async fn rows(pool: &sqlx::PgPool, name: &str, id: Uuid) -> i64;
    /// Writes `payload` as row `sequence` of aggregate `id`, bypassing every check.
    async fn forge(
        pool: &sqlx::PgPool,
        name: &str,
        id: Uuid,
        sequence: i64,
        payload: serde_json::Value,
    );
    /// Changes the number of row `from` of aggregate `id` to `to`.
    async fn renumber(pool: &sqlx::PgPool, name: &str, id: Uuid, from: i64, to: i64);
}

struct Esrs;
struct Cqrs;

impl Tables for Esrs {
    async fn rows(pool: &sqlx::PgPool, name: &str, id: Uuid) -> i64 {
        sqlx::query_scalar(&format!(
            "SELECT count(*) FROM {name}_events WHERE aggregate_id = $1"
        ))
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
    }

    async fn forge(
        pool: &sqlx::PgPool,
        name: &str,
        id: Uuid,
        sequence: i64,
        payload: serde_json::Value,
    ) {
        sqlx::query(&format!(
            "INSERT INTO {name}_events (id, aggregate_id, payload, occurred_on, sequence_number) \
             VALUES ($1, $2, $3, now(), $4)"
        ))
        .bind(Uuid::from_u128(0xf0 + sequence as u128))
        .bind(id)
        .bind(payload)
        .bind(sequence as i32)
        .execute(pool)
        .await
        .unwrap();
    }

    async fn renumber(pool: &sqlx::PgPool, name: &str, id: Uuid, from: i64, to: i64) {
        sqlx::query(&format!(
            "UPDATE {name}_events SET sequence_number = $3 \
             WHERE aggregate_id = $1 AND sequence_number = $2"
        ))
        .bind(id)
        .bind(from as i32)
        .bind(to as i32)
        .execute(pool)
        .await
        .unwrap();
    }
}

impl Tables for Cqrs {
    async fn rows(pool: &sqlx::PgPool, name: &str, id: Uuid) -> i64 {
        sqlx::query_scalar(
            "SELECT count(*) FROM events WHERE aggregate_type = $1 AND aggregate_id = $2",
        )
        .bind(name)
        .bind(id.to_string())
        .fetch_one(pool)
        .await
        .unwrap()
    }

    async fn forge(
        pool: &sqlx::PgPool,
        name: &str,
        id: Uuid,
        sequence: i64,
        payload: serde_json::Value,
    ) {
        sqlx::query(
            "INSERT INTO events \
             (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata) \
             VALUES ($1, $2, $3, 'forged', '1', $4, '{}')",
        )
        .bind(name)
        .bind(id.to_string())
        .bind(sequence)
        .bind(payload)
        .execute(pool)
        .await
        .unwrap();
    }

    async fn renumber(pool: &sqlx::PgPool, name: &str, id: Uuid, from: i64, to: i64) {
        sqlx::query(
            "UPDATE events SET sequence = $4 \
             WHERE aggregate_type = $1 AND aggregate_id = $2 AND sequence = $3",
        )
        .bind(name)
        .bind(id.to_string())
        .bind(from)
        .bind(to)
        .execute(pool)
        .await
        .unwrap();
    }
}

/// One test body, run on each adapter with its own server.
macro_rules! on_both_adapters {
    ($body:ident: $esrs:ident, $cqrs:ident) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $esrs() {
            let (_server, pool) = database().await;
            $body::<Esrs, _>(&pool, esrs_store::<Complaint>(&pool, shop_services()).await).await;
        }

        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $cqrs() {
            let (_server, pool) = database().await;
            $body::<Cqrs, _>(&pool, cqrs_store::<Complaint>(&pool, shop_services()).await).await;
        }
    };
}

/// The quickstart's story, one command at a time, by Olga, who owns the shop.
fn quickstart() -> Vec<ComplaintCommand> {
    let olga = common::OLGA;
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
            owner: olga,
            message: sorry,
            at: at(1),
        },
        ComplaintCommand::Investigate {
            by: olga,
            at: at(2),
        },
        ComplaintCommand::OfferResolution {
            by: olga,
            options: vec![option].try_into().unwrap(),
            at: at(3),
        },
        ComplaintCommand::Choose {
            option: 0,
            at: at(4),
        },
        ComplaintCommand::Deliver {
            by: olga,
            at: at(24),
        },
        ComplaintCommand::Close {
            verdict: Verdict::default(),
            at: at(25),
        },
    ]
}

/// IN6: the quickstart story persisted and loaded back equals `EventStream::replay` of
/// the same events.
async fn round_trip<T: Tables, R: Repository<Complaint>>(pool: &sqlx::PgPool, store: R) {
    let id = *CASE.as_uuid();
    let services = store.services();
    let mut memory = EventStream::<Complaint>::new();
    for command in quickstart() {
        let context = ComplaintContext::new(&services.org, &services.policy);
        memory.execute(command.clone(), &context).unwrap();
        let (case, recorded) = store.execute(id, command, CommandMeta::NONE).await.unwrap();
        assert!(recorded);
        assert_eq!(case.stream(), &memory);
    }
    let loaded = store.load(id).await.unwrap().into_stream();
    let replayed = EventStream::<Complaint>::replay(memory.events().to_vec()).unwrap();
    assert_eq!(loaded, replayed);
    assert_eq!(loaded.version(), 7);
    assert_eq!(loaded.state().status(), ComplaintStatus::Closed);
    assert_eq!(T::rows(pool, "complaint", id).await, 7);
}

on_both_adapters!(round_trip:
    in6_esrs_the_quickstart_story_round_trips_through_postgres,
    in6_cqrs_the_quickstart_story_round_trips_through_postgres);

/// IN6, X4: two writers that loaded the same version; the second to write gets the
/// crate's conflict error, and its stream is left as it was.
async fn stale_writer<T: Tables, R: Repository<Complaint>>(pool: &sqlx::PgPool, store: R) {
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
            .record(&mut ana, offer(ANA), CommandMeta::NONE)
            .await
            .unwrap()
    );
    let before = luis.clone();
    match store
        .record(&mut luis, offer(common::LUIS), CommandMeta::NONE)
        .await
    {
        Err(Error::Stream(StreamError::VersionConflict { expected, actual })) => {
            assert_eq!((expected, actual), (3, 4));
        }
        other => panic!("the stale writer was not refused: {other:?}"),
    }
    assert_eq!(luis, before);
    assert_eq!(store.load(id).await.unwrap(), ana);
    assert_eq!(T::rows(pool, "complaint", id).await, 4);

    // A writer that takes the case for new is as stale as can be.
    let mut new = Loaded::new(id);
    match store
        .record(&mut new, common::receive(), CommandMeta::NONE)
        .await
    {
        Err(Error::Stream(StreamError::VersionConflict { expected, actual })) => {
            assert_eq!((expected, actual), (0, 4));
        }
        other => panic!("a first write on a stored case was not refused: {other:?}"),
    }
    assert_eq!(new.version(), 0);
    assert_eq!(T::rows(pool, "complaint", id).await, 4);
}

on_both_adapters!(stale_writer:
    in6_esrs_a_stale_writer_gets_the_version_conflict,
    in6_cqrs_a_stale_writer_gets_the_version_conflict);

/// IN6, X4: a command retried with its id records nothing new; the id with another
/// command is refused.
async fn retry<T: Tables, R: Repository<Complaint>>(pool: &sqlx::PgPool, store: R) {
    let id = *CASE.as_uuid();
    let receive = CommandMeta::with_id(CommandId::from_u128(1));
    let (first, recorded) = store.execute(id, common::receive(), receive).await.unwrap();
    assert!(recorded);
    let (again, recorded) = store
        .execute(id, common::receive(), receive.and_expecting(0))
        .await
        .unwrap();
    assert!(!recorded);
    assert_eq!(again, first);
    assert_eq!(T::rows(pool, "complaint", id).await, 1);

    let investigate = ComplaintCommand::Investigate { by: ANA, at: h(2) };
    match store.execute(id, investigate, receive).await {
        Err(Error::Stream(StreamError::CommandIdReused { sequence, .. })) => {
            assert_eq!(sequence, 1)
        }
        other => panic!("a reused id was not refused: {other:?}"),
    }
    assert_eq!(T::rows(pool, "complaint", id).await, 1);

    // The reply to a stored command is lost: the writer retries it, with its id, on
    // the case as it held it before. The stored row refuses that stale case; reloaded,
    // the case already holds the command's event, and the retry writes nothing.
    let acknowledge = common::acknowledged().remove(1);
    let meta = CommandMeta::with_id(CommandId::from_u128(2));
    let mut before = store.load(id).await.unwrap();
    let mut first_try = before.clone();
    assert!(
        store
            .record(&mut first_try, acknowledge.clone(), meta)
            .await
            .unwrap()
    );
    match store.record(&mut before, acknowledge.clone(), meta).await {
        Err(Error::Stream(StreamError::VersionConflict { expected, actual })) => {
            assert_eq!((expected, actual), (1, 2))
        }
        other => panic!("the retry on a stale case was not refused: {other:?}"),
    }
    let mut reloaded = store.load(id).await.unwrap();
    assert!(
        !store
            .record(&mut reloaded, acknowledge, meta)
            .await
            .unwrap()
    );
    assert_eq!(reloaded, first_try);
    assert_eq!(T::rows(pool, "complaint", id).await, 2);
}

on_both_adapters!(retry:
    in6_esrs_a_retried_command_id_records_nothing_new,
    in6_cqrs_a_retried_command_id_records_nothing_new);

/// Writes `investigating()` through `store`, then, by hand, an unapproved refund as
/// row 4: Ana's €40 offer (within her €80 limit) as the rules write it, with €400 put
/// in its place and no escalation.
async fn forge_refund<T: Tables, R: Repository<Complaint>>(pool: &sqlx::PgPool, store: &R) -> Uuid {
    let id = *CASE.as_uuid();
    let services = store.services();
    let context = ComplaintContext::new(&services.org, &services.policy);
    let mut memory = EventStream::<Complaint>::new();
    for command in common::investigating() {
        memory.execute(command.clone(), &context).unwrap();
        store.execute(id, command, CommandMeta::NONE).await.unwrap();
    }
    let offer = ComplaintCommand::OfferResolution {
        by: ANA,
        options: common::options(vec![refund(40, 24, 48)]),
        at: h(3),
    };
    memory.execute(offer, &context).unwrap();
    let mut forged = serde_json::to_value(&memory.events()[3]).unwrap();
    let amount = &mut forged["event"]["options"][0]["remedy"]["value"]["minor_units"];
    assert_eq!(*amount, 4_000);
    *amount = 40_000.into();
    T::forge(pool, "complaint", id, 4, forged).await;
    id
}

fn choose() -> ComplaintCommand {
    ComplaintCommand::Choose {
        option: 0,
        at: h(4),
    }
}

/// IN6, X3: an unapproved refund written into the table by hand is refused on load,
/// with its sequence number, and so is every command on the case.
async fn forged_refund<T: Tables, R: Repository<Complaint>>(pool: &sqlx::PgPool, store: R) {
    let id = forge_refund::<T, R>(pool, &store).await;
    match store.load(id).await {
        Err(Error::Stream(StreamError::NotWhatTheRulesYield { sequence })) => {
            assert_eq!(sequence, 4)
        }
        other => panic!("the forged refund loaded: {other:?}"),
    }
    assert!(matches!(
        store.execute(id, choose(), CommandMeta::NONE).await,
        Err(Error::Stream(StreamError::NotWhatTheRulesYield {
            sequence: 4
        }))
    ));
    assert_eq!(T::rows(pool, "complaint", id).await, 4);
}

on_both_adapters!(forged_refund:
    in6_esrs_a_refund_forged_in_the_table_is_refused_on_load,
    in6_cqrs_a_refund_forged_in_the_table_is_refused_on_load);

/// IN6, X3: a store checks a history against the services it holds now. Ana owned the
/// case; once she is off the staff, a store whose organisation no longer has her
/// refuses the case at her acknowledgement, and writes nothing to it.
async fn checked_against_the_services_now<T: Tables, R: Repository<Complaint>>(
    pool: &sqlx::PgPool,
    then: R,
    now: R,
) {
    let id = *CASE.as_uuid();
    for command in common::investigating() {
        then.execute(id, command, CommandMeta::NONE).await.unwrap();
    }
    assert!(now.services().org.staff().get(ANA).is_none());
    match now.load(id).await {
        Err(Error::Stream(StreamError::BrokenRule { sequence, .. })) => assert_eq!(sequence, 2),
        other => panic!("the case loaded under rules it breaks: {other:?}"),
    }
    assert!(matches!(
        now.execute(id, choose(), CommandMeta::NONE).await,
        Err(Error::Stream(StreamError::BrokenRule { sequence: 2, .. }))
    ));
    assert_eq!(then.load(id).await.unwrap().version(), 3);
    assert_eq!(T::rows(pool, "complaint", id).await, 3);
}

/// Olga's shop after Ana left: Olga alone.
fn without_ana() -> ComplaintServices {
    ComplaintServices {
        org: Organisation::run_by(common::OLGA, "Olga", Currency::EUR),
        policy: ComplaintPolicy::default(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_esrs_a_history_is_checked_against_the_services_held_now() {
    let (_server, pool) = database().await;
    let then = esrs_store::<Complaint>(&pool, shop_services()).await;
    let now = esrs_store::<Complaint>(&pool, without_ana()).await;
    checked_against_the_services_now::<Esrs, _>(&pool, then, now).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_cqrs_a_history_is_checked_against_the_services_held_now() {
    let (_server, pool) = database().await;
    let then = cqrs_store::<Complaint>(&pool, shop_services()).await;
    let now = cqrs_store::<Complaint>(&pool, without_ana()).await;
    checked_against_the_services_now::<Cqrs, _>(&pool, then, now).await;
}

/// IN6, X3: a row whose envelope is not the one its number says.
async fn renumbered<T: Tables, R: Repository<Complaint>>(pool: &sqlx::PgPool, store: R) {
    let id = *CASE.as_uuid();
    for command in common::investigating() {
        store.execute(id, command, CommandMeta::NONE).await.unwrap();
    }
    T::renumber(pool, "complaint", id, 3, 9).await;
    match store.load(id).await {
        Err(Error::Misfiled { row, envelope }) => assert_eq!((row, envelope), (9, 3)),
        other => panic!("the renumbered row loaded: {other:?}"),
    }
}

on_both_adapters!(renumbered:
    in6_esrs_a_row_renumbered_by_hand_is_refused_on_load,
    in6_cqrs_a_row_renumbered_by_hand_is_refused_on_load);

/// IN6: the largest amount and text in every script and shape, through the rules and
/// the `jsonb` column; the one character `jsonb` cannot hold, U+0000, is refused with
/// a typed error and nothing is written.
async fn every_text<T: Tables, R: Repository<Complaint>>(pool: &sqlx::PgPool, store: R) {
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
        store
            .execute(uuid, ComplaintCommand::Receive(receipt), CommandMeta::NONE)
            .await
            .unwrap();
        let (live, _) = store
            .execute(uuid, writes, CommandMeta::NONE)
            .await
            .unwrap();
        assert_eq!(store.load(uuid).await.unwrap(), live);
    }

    // On a case already stored, the command is refused before anything is written.
    let mut case = store
        .load(*ComplaintId::from_u128(1).as_uuid())
        .await
        .unwrap();
    let before = case.clone();
    let nul = nul_text(at(2));
    assert!(matches!(
        store.record(&mut case, nul, CommandMeta::NONE).await,
        Err(Error::Unstorable)
    ));
    assert_eq!(case, before);
    assert_eq!(T::rows(pool, "complaint", case.id()).await, 2);

    let id = ComplaintId::from_u128(0x0);
    let nul = Receipt::new(
        id,
        Customer::anonymous(CustomerKind::External),
        "a NUL \u{0} inside",
        at(0),
    );
    match store
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
    assert_eq!(T::rows(pool, "complaint", *id.as_uuid()).await, 0);
}

on_both_adapters!(every_text:
    in6_esrs_every_kind_of_text_and_the_largest_amount_survive_jsonb,
    in6_cqrs_every_kind_of_text_and_the_largest_amount_survive_jsonb);

/// The commands of `file` (a snapshot of the core's tests), each run in memory and
/// through `store`: the same accepted, the same refused, the same stream at the end.
async fn decides_as_in_memory<D, R>(store: &R, file: &str) -> u64
where
    D: Stored,
    D::State: PartialEq + Debug,
    D::Command: Clone + DeserializeOwned,
    D::Error: PartialEq + Debug,
    R: Repository<D>,
{
    let id = Uuid::from_u128(0x5707e);
    let commands: Vec<D::Command> = parse(&snapshot(file));
    let mut memory = EventStream::<D>::new();
    for command in commands {
        let expected = memory
            .execute(command.clone(), &D::context(store.services()))
            .map(drop);
        match store.execute(id, command, CommandMeta::NONE).await {
            Ok((case, recorded)) => {
                assert!(recorded);
                assert_eq!(expected, Ok(()));
                assert_eq!(case.stream(), &memory);
            }
            Err(Error::Stream(refused)) => assert_eq!(expected, Err(refused)),
            Err(other) => panic!("{file}: the store failed: {other:?}"),
        }
    }
    assert_eq!(store.load(id).await.unwrap().stream(), &memory);
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
async fn in6_esrs_every_decider_is_stored_by_the_one_adapter() {
    let (_server, pool) = database().await;
    let promises = esrs_store::<Lifecycle>(&pool, PromisePolicy::default()).await;
    assert_eq!(promises.events().table_name(), "promise_events");
    assert!(decides_as_in_memory(&promises, "promise_commands.json").await >= 2);
    let items = esrs_store::<Improvement>(&pool, ()).await;
    assert_eq!(items.events().table_name(), "improvement_events");
    assert!(decides_as_in_memory(&items, "improvement_commands.json").await >= 8);
    let complaints = esrs_store::<Complaint>(&pool, shop_services()).await;
    assert!(decides_as_in_memory(&complaints, "complaint_commands.json").await >= 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_cqrs_every_decider_is_stored_by_the_one_adapter() {
    let (_server, pool) = database().await;
    let promises = cqrs_store::<Lifecycle>(&pool, PromisePolicy::default()).await;
    assert!(decides_as_in_memory(&promises, "promise_commands.json").await >= 2);
    let items = cqrs_store::<Improvement>(&pool, ()).await;
    assert!(decides_as_in_memory(&items, "improvement_commands.json").await >= 8);
    let complaints = cqrs_store::<Complaint>(&pool, shop_services()).await;
    assert!(decides_as_in_memory(&complaints, "complaint_commands.json").await >= 10);
    let id = Uuid::from_u128(0x5707e).to_string();
    for (name, at_least) in [("promise", 2), ("improvement", 8), ("complaint", 10)] {
        let rows: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM events WHERE aggregate_type = $1 AND aggregate_id = $2",
        )
        .bind(name)
        .bind(&id)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert!(rows >= at_least, "{name}: {rows} rows");
    }
}

/// The events of the snapshot files: every kind each decider has.
fn every_kind() -> (
    Vec<ComplaintEvent>,
    Vec<PromiseEvent>,
    Vec<ImprovementEvent>,
) {
    (
        parse(&snapshot("complaint_events.json")),
        parse(&snapshot("promise_events.json")),
        parse(&snapshot("improvement_events.json")),
    )
}

/// Every event of a snapshot file, written as envelopes by esrs's own `persist` (which
/// writes whatever it is given: the rows need not be a history) and read back.
async fn esrs_raw<D: Stored>(store: &esrs::Store<D>, events: Vec<D::Event>) -> usize {
    use ::esrs::store::EventStore;
    let id = Uuid::from_u128(0x7ab1e);
    let envelopes: Vec<Envelope<D::Event>> = common::numbered(events);
    let count = envelopes.len();
    let mut state = ::esrs::AggregateState::<History<D>>::with_id(id);
    store
        .events()
        .persist(&mut state, envelopes.clone())
        .await
        .unwrap();
    let read = store.events().by_aggregate_id(id).await.unwrap();
    let read: Vec<_> = read.into_iter().map(|row| row.payload).collect();
    assert_eq!(read, envelopes);
    count
}

/// The same through cqrs-es's own `commit`, which checks nothing either.
async fn cqrs_raw<D: Stored>(store: &cqrs::Store<D>, events: Vec<D::Event>) -> usize {
    use cqrs_es::EventStore;
    let id = Uuid::from_u128(0x7ab1e).to_string();
    let recorded: Vec<_> = common::numbered(events)
        .into_iter()
        .map(cqrs::Recorded)
        .collect();
    let count = recorded.len();
    let context = cqrs_es::persist::EventStoreAggregateContext {
        aggregate_id: id.clone(),
        aggregate: cqrs::Aggregate::default(),
        current_sequence: 0,
        current_snapshot: None,
    };
    store
        .events()
        .commit(recorded.clone(), context, Default::default())
        .await
        .unwrap();
    let read = store.events().load_events(&id).await.unwrap();
    let numbers: Vec<usize> = read.iter().map(|row| row.sequence).collect();
    assert_eq!(numbers, (1..=count).collect::<Vec<_>>());
    let read: Vec<_> = read.into_iter().map(|row| row.payload).collect();
    assert_eq!(read, recorded);
    count
}

/// IN6: every event kind of the snapshot files survives the `jsonb` column.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_esrs_every_stored_event_kind_survives_jsonb() {
    let (_server, pool) = database().await;
    let (complaints, promises, items) = every_kind();
    let store = esrs_store::<Complaint>(&pool, shop_services()).await;
    assert!(esrs_raw(&store, complaints).await > 20);
    let store = esrs_store::<Lifecycle>(&pool, PromisePolicy::default()).await;
    assert!(esrs_raw(&store, promises).await >= 4);
    let store = esrs_store::<Improvement>(&pool, ()).await;
    assert!(esrs_raw(&store, items).await >= 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_cqrs_every_stored_event_kind_survives_jsonb() {
    let (_server, pool) = database().await;
    let (complaints, promises, items) = every_kind();
    let store = cqrs_store::<Complaint>(&pool, shop_services()).await;
    assert!(cqrs_raw(&store, complaints).await > 20);
    let store = cqrs_store::<Lifecycle>(&pool, PromisePolicy::default()).await;
    assert!(cqrs_raw(&store, promises).await >= 4);
    let store = cqrs_store::<Improvement>(&pool, ()).await;
    assert!(cqrs_raw(&store, items).await >= 10);
    // Each row names its event by its JSON tag, and the stored shape's version.
    let (kind, version): (String, String) = sqlx::query_as(
        "SELECT event_type, event_version FROM events \
         WHERE aggregate_type = 'complaint' AND sequence = 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((kind.as_str(), version.as_str()), ("received", "1"));
}

/// IN6: esrs's own `AggregateManager` runs the adapter's aggregate: it folds the rows
/// into the stream the store loads, a stale state is refused by the unique index, and
/// a retried command id writes no row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_esrs_own_manager_runs_the_aggregate() {
    use ::esrs::manager::AggregateManager;
    let (_server, pool) = database().await;
    let store = esrs_store::<Complaint>(&pool, shop_services()).await;
    let id = *CASE.as_uuid();
    let manager = AggregateManager::new(store.events().clone());
    let meta = CommandMeta::with_id(CommandId::from_u128(7));
    let request = |command, meta| esrs::Request {
        command,
        meta,
        services: store.shared_services().clone(),
    };
    let new = ::esrs::AggregateState::with_id(id);
    let history = manager
        .handle_command(new, request(common::receive(), meta))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        history.stream().unwrap(),
        store.load(id).await.unwrap().stream()
    );

    let state = manager.load(id).await.unwrap().unwrap();
    manager
        .handle_command(state, request(common::receive(), meta))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(Esrs::rows(&pool, "complaint", id).await, 1);

    // A stale state: esrs's store refuses the row with the table's unique index.
    let stale = ::esrs::AggregateState::<History<Complaint>>::with_id(id);
    match manager
        .handle_command(stale, request(common::receive(), CommandMeta::NONE))
        .await
    {
        Err(::esrs::store::postgres::PgStoreError::Sqlx(sqlx::Error::Database(db))) => {
            assert_eq!(db.code().as_deref(), Some("23505"))
        }
        other => panic!("the stale state was not refused by the index: {other:?}"),
    }
    assert_eq!(Esrs::rows(&pool, "complaint", id).await, 1);

    // Text `jsonb` cannot hold: PostgreSQL refuses the row itself.
    let state = manager.load(id).await.unwrap().unwrap();
    match manager
        .handle_command(state, request(nul_text(h(1)), CommandMeta::NONE))
        .await
    {
        Err(::esrs::store::postgres::PgStoreError::Sqlx(sqlx::Error::Database(db))) => {
            assert_eq!(db.code().as_deref(), Some("22P05"))
        }
        other => panic!("PostgreSQL took a NUL: {other:?}"),
    }
    assert_eq!(Esrs::rows(&pool, "complaint", id).await, 1);
}

/// The customer writes a text with the one character `jsonb` cannot hold.
fn nul_text(at: DateTime<Utc>) -> ComplaintCommand {
    ComplaintCommand::CustomerWrites {
        text: "and a NUL \u{0}".into(),
        at,
    }
}

/// IN6, X3: esrs's own manager refuses every command on a history with a forged row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_esrs_own_manager_refuses_a_forged_history() {
    use ::esrs::manager::AggregateManager;
    let (_server, pool) = database().await;
    let store = esrs_store::<Complaint>(&pool, shop_services()).await;
    let id = forge_refund::<Esrs, _>(&pool, &store).await;
    let manager = AggregateManager::new(store.events().clone());
    let state = manager.load(id).await.unwrap().unwrap();
    let request = esrs::Request {
        command: choose(),
        meta: CommandMeta::NONE,
        services: store.shared_services().clone(),
    };
    match manager.handle_command(state, request).await {
        Ok(Err(StreamError::NotWhatTheRulesYield { sequence })) => assert_eq!(sequence, 4),
        other => panic!("the forged history took a command: {other:?}"),
    }
    assert_eq!(Esrs::rows(&pool, "complaint", id).await, 4);
}

/// IN6, X3: cqrs-es's own framework refuses every command on a history with a forged
/// row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_cqrs_own_framework_refuses_a_forged_history() {
    use cqrs_es::AggregateError;
    let (_server, pool) = database().await;
    let store = cqrs_store::<Complaint>(&pool, shop_services()).await;
    let id = forge_refund::<Cqrs, _>(&pool, &store).await;
    let framework = postgres_es::postgres_cqrs::<cqrs::Aggregate<Complaint>>(
        pool.clone(),
        Vec::new(),
        shop_services(),
    );
    let request = cqrs::Request {
        command: choose(),
        meta: CommandMeta::NONE,
    };
    match framework.execute(&id.to_string(), request).await {
        Err(AggregateError::UserError(StreamError::NotWhatTheRulesYield { sequence })) => {
            assert_eq!(sequence, 4)
        }
        other => panic!("the forged history took a command: {other:?}"),
    }
    assert_eq!(Cqrs::rows(&pool, "complaint", id).await, 4);
}

/// IN6: cqrs-es's own `CqrsFramework` runs the adapter's aggregate with the services it
/// holds; a retried command id writes no row, and a refusal comes back as the
/// framework's user error carrying the crate's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_cqrs_own_framework_runs_the_aggregate() {
    use cqrs_es::AggregateError;
    let (_server, pool) = database().await;
    let store = cqrs_store::<Complaint>(&pool, shop_services()).await;
    let framework = postgres_es::postgres_cqrs::<cqrs::Aggregate<Complaint>>(
        pool.clone(),
        Vec::new(),
        shop_services(),
    );
    let id = *CASE.as_uuid();
    let meta = CommandMeta::with_id(CommandId::from_u128(7));
    let request = |command, meta| cqrs::Request { command, meta };
    for _ in 0..2 {
        framework
            .execute(&id.to_string(), request(common::receive(), meta))
            .await
            .unwrap();
    }
    assert_eq!(Cqrs::rows(&pool, "complaint", id).await, 1);
    assert_eq!(store.load(id).await.unwrap().stream().version(), 1);

    let close = ComplaintCommand::Close {
        verdict: Verdict::default(),
        at: h(1),
    };
    match framework
        .execute(&id.to_string(), request(close, CommandMeta::NONE))
        .await
    {
        Err(AggregateError::UserError(StreamError::Rejected(refused))) => {
            assert_eq!(
                customer_care::refusal::Refusal::code(&refused),
                "not_allowed"
            )
        }
        other => panic!("closing a new case was not refused: {other:?}"),
    }
    assert_eq!(Cqrs::rows(&pool, "complaint", id).await, 1);

    // Text `jsonb` cannot hold: PostgreSQL refuses the row itself, and cqrs-es hands
    // its error on.
    match framework
        .execute(&id.to_string(), request(nul_text(h(1)), CommandMeta::NONE))
        .await
    {
        Err(AggregateError::UserError(refused)) => panic!("the rules refused: {refused}"),
        Err(error) => assert!(format!("{error:?}").contains("22P05"), "{error:?}"),
        Ok(()) => panic!("PostgreSQL took a NUL"),
    }
    assert_eq!(Cqrs::rows(&pool, "complaint", id).await, 1);
}

/// cqrs-es's framework over postgres-es with a snapshot every 2 events, deciding
/// against the shop.
fn snapshotting(pool: &sqlx::PgPool) -> postgres_es::PostgresCqrs<cqrs::Aggregate<Complaint>> {
    postgres_es::postgres_snapshot_cqrs(pool.clone(), Vec::new(), 2, shop_services())
}

/// Runs `command` on the case through `framework`, with no meta.
async fn on_case(
    framework: &postgres_es::PostgresCqrs<cqrs::Aggregate<Complaint>>,
    command: ComplaintCommand,
) -> Result<(), cqrs_es::AggregateError<StreamError<ComplaintError>>> {
    let request = cqrs::Request {
        command,
        meta: CommandMeta::NONE,
    };
    framework
        .execute(&CASE.as_uuid().to_string(), request)
        .await
}

/// The case's snapshot as stored.
async fn snapshot_of_case(pool: &sqlx::PgPool) -> serde_json::Value {
    sqlx::query_scalar("SELECT payload FROM snapshots WHERE aggregate_id = $1")
        .bind(CASE.as_uuid().to_string())
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Puts `payload` in the place of the case's snapshot, by hand.
async fn forge_snapshot_of_case(pool: &sqlx::PgPool, payload: serde_json::Value) {
    sqlx::query("UPDATE snapshots SET payload = $2 WHERE aggregate_id = $1")
        .bind(CASE.as_uuid().to_string())
        .bind(payload)
        .execute(pool)
        .await
        .unwrap();
}

/// IN6, X3: with cqrs-es's snapshot store, the aggregate's snapshot is its stream's
/// envelopes, loaded back through the rules; a snapshot forged by hand does not load,
/// and the framework rebuilds the case from its events instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_cqrs_snapshots_load_through_the_rules() {
    let (_server, pool) = database().await;
    let store = cqrs_store::<Complaint>(&pool, shop_services()).await;
    let framework = snapshotting(&pool);
    let services = shop_services();
    let context = ComplaintContext::new(&services.org, &services.policy);
    let mut memory = EventStream::<Complaint>::new();
    let steps = common::resolving();
    let (first, rest) = steps.split_at(3);
    for command in first {
        memory.execute(command.clone(), &context).unwrap();
        on_case(&framework, command.clone()).await.unwrap();
    }
    let snapshot = snapshot_of_case(&pool).await;
    let envelopes: Vec<Envelope<ComplaintEvent>> = serde_json::from_value(snapshot).unwrap();
    assert_eq!(envelopes, memory.events()[..2]);

    // A snapshot that skips a sequence number is refused as a stream would be; the
    // framework falls back to the events, and the case goes on as it should.
    let forged = serde_json::json!([{
        "schema_version": 1, "sequence": 2, "command_id": null,
        "event": serde_json::to_value(&memory.events()[1].event).unwrap(),
    }]);
    forge_snapshot_of_case(&pool, forged).await;
    for command in rest {
        memory.execute(command.clone(), &context).unwrap();
        on_case(&framework, command.clone()).await.unwrap();
    }
    assert_eq!(store.load(*CASE.as_uuid()).await.unwrap().stream(), &memory);
}

/// IN6, X3: a snapshot whose envelopes follow one another but break a rule of the
/// services (an acknowledgement by someone not on the staff) is refused as such rows
/// would be: the framework decides nothing on it, though the rows themselves load.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in6_cqrs_a_snapshot_that_breaks_the_rules_decides_nothing() {
    use cqrs_es::AggregateError;
    let (_server, pool) = database().await;
    let store = cqrs_store::<Complaint>(&pool, shop_services()).await;
    let framework = snapshotting(&pool);
    for command in common::acknowledged() {
        on_case(&framework, command).await.unwrap();
    }
    let mut snapshot = snapshot_of_case(&pool).await;
    assert_eq!(snapshot.as_array().map(Vec::len), Some(2));
    let owner = &mut snapshot[1]["event"]["owner"];
    assert_eq!(*owner, serde_json::to_value(ANA).unwrap());
    *owner = serde_json::to_value(StaffId::from_u128(99)).unwrap();
    forge_snapshot_of_case(&pool, snapshot).await;

    let id = *CASE.as_uuid();
    let investigate = ComplaintCommand::Investigate { by: ANA, at: h(2) };
    match on_case(&framework, investigate).await {
        Err(AggregateError::UserError(StreamError::BrokenRule { sequence, .. })) => {
            assert_eq!(sequence, 2)
        }
        other => panic!("the forged snapshot took a command: {other:?}"),
    }
    assert_eq!(Cqrs::rows(&pool, "complaint", id).await, 2);
    assert_eq!(store.load(id).await.unwrap().version(), 2);
}
