//! A shop keeps its complaints in PostgreSQL, through the esrs framework.
//!
//! The story: a complaint is received and acknowledged; the shop's tablet, which loaded
//! the case before Ana's last step, is refused as a stale writer; a command the till
//! sent twice after a timeout is stored once; the case is resolved and closed, then
//! loaded back from the table and checked against the rules.
//!
//! Run it against a database you may write to (it creates `complaint_events` if the
//! table is missing):
//!
//! ```text
//! DATABASE_URL=postgres://localhost/shop cargo run -p customer-care-stores --example esrs_postgres
//! ```
#![allow(clippy::disallowed_macros)] // an example prints; the library never does (X1)

use chrono::{DateTime, TimeDelta, Utc};
use customer_care::prelude::*;
use customer_care_stores::ComplaintServices;
use customer_care_stores::esrs::{Error, Store};
use esrs::store::postgres::PgStoreBuilder;
use std::process::ExitCode;
use uuid::Uuid;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let Ok(url) = std::env::var("DATABASE_URL") else {
        eprintln!("Set DATABASE_URL to a PostgreSQL database this example may write to.");
        return ExitCode::from(2);
    };
    match story(&url).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("The story stopped: {error}");
            ExitCode::FAILURE
        }
    }
}

async fn story(url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let pool = sqlx::PgPool::connect(url).await?;
    let ana = StaffId::from_u128(1);
    let services = ComplaintServices {
        org: Organisation::run_by(ana, "Ana", Currency::EUR),
        policy: ComplaintPolicy::default(),
    };
    let store = Store::<Complaint>::new(
        PgStoreBuilder::new(pool.clone()).try_build().await?,
        services,
    );
    // A new case each run, so the example can run again on the same database.
    let case = Uuid::from_u128(run_id());
    let monday: DateTime<Utc> = "2026-11-16T09:00:00Z".parse()?;
    let at = |hours: i64| monday + TimeDelta::hours(hours);

    println!("Monday 09:00. A customer writes: the teapot arrived cracked.");
    let receipt = Receipt::new(
        ComplaintId::from_uuid(case),
        Customer::anonymous(CustomerKind::External),
        "The teapot arrived cracked",
        at(0),
    );
    store
        .execute(case, ComplaintCommand::Receive(receipt), CommandMeta::NONE)
        .await?;
    let sorry = CustomerMessage::new(
        "I am sorry it reached you like this; I will put it right today.",
        "I send you options",
        at(4),
    );
    let acknowledge = ComplaintCommand::Acknowledge {
        owner: ana,
        message: sorry,
        at: at(1),
    };
    store.execute(case, acknowledge, CommandMeta::NONE).await?;
    println!("10:00. Ana owns the case and tells the customer what happens next.");

    // Ana's screen and the shop's tablet both show the case as it is now.
    let mut screen = store.load(case).await?;
    let mut tablet = store.load(case).await?;
    let investigate = ComplaintCommand::Investigate { by: ana, at: at(2) };
    store
        .record(case, &mut screen, investigate.clone(), CommandMeta::NONE)
        .await?;
    println!("11:00. Ana starts the investigation from her screen.");
    match store
        .record(case, &mut tablet, investigate, CommandMeta::NONE)
        .await
    {
        Err(Error::Stream(StreamError::VersionConflict { expected, actual })) => println!(
            "  The tablet sends the same step from its older copy: refused, since it read {} and the table holds {} (X4).",
            events(expected),
            events(actual)
        ),
        other => return Err(format!("the stale tablet was not refused: {other:?}").into()),
    }

    let refund = Remedy::new(RemedyKind::Refund, "35.00 EUR".parse()?);
    let option = ResolutionOption::new(refund, "your 35 EUR back", at(24), at(48));
    let offer = ComplaintCommand::OfferResolution {
        by: ana,
        options: vec![option].try_into()?,
        at: at(3),
    };
    let till = CommandMeta::with_id(CommandId::from_uuid(Uuid::from_u128(run_id() ^ 0x0ff)));
    let (_, first) = store.execute(case, offer.clone(), till).await?;
    let (_, again) = store.execute(case, offer, till).await?;
    println!("12:00. Ana offers the refund; the till timed out and sent the offer again.");
    println!(
        "  {} (X4).",
        match (first, again) {
            (true, false) => "The second copy was recognised and stored nothing",
            _ => "Both copies were stored",
        }
    );

    for command in [
        ComplaintCommand::Choose {
            option: 0,
            at: at(5),
        },
        ComplaintCommand::Deliver {
            by: ana,
            at: at(24),
        },
        ComplaintCommand::Close {
            verdict: Verdict::default(),
            at: at(25),
        },
    ] {
        store.execute(case, command, CommandMeta::NONE).await?;
    }
    println!(
        "14:00. The customer chooses the refund; it is paid on Tuesday at 09:00 and the case closes."
    );

    let loaded = store.load(case).await?;
    println!(
        "\nLoaded back from PostgreSQL and checked against the rules: {}, now {}.",
        events(loaded.version()),
        loaded.state().status()
    );
    println!("The steps, at the times their events carry:");
    for envelope in loaded.events() {
        let event = &envelope.event;
        println!(
            "  {}. {:<13} {}",
            envelope.sequence,
            event.at().format("%A %H:%M"),
            event.command_kind().name().replace('_', " ")
        );
    }
    let written: DateTime<Utc> = sqlx::query_scalar(&format!(
        "SELECT max(occurred_on) FROM {} WHERE aggregate_id = $1",
        store.events().table_name()
    ))
    .bind(case)
    .fetch_one(&pool)
    .await?;
    println!(
        "The table's occurred_on column says only when each row was written (the last on {}).",
        written.format("%Y-%m-%d")
    );
    Ok(())
}

/// "1 event", "7 events".
fn events(n: u64) -> String {
    format!("{n} event{}", if n == 1 { "" } else { "s" })
}

/// A number that differs from one run of the example to the next. The host makes its
/// ids; here, from the clock, which the library never reads (X1).
#[allow(clippy::disallowed_methods)]
fn run_id() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_nanos())
}
