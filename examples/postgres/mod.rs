//! The story both PostgreSQL examples tell, over whichever store they are given: a
//! complaint is received and acknowledged; the shop's tablet, which loaded the case
//! before Ana's last step, is refused as a stale writer; an offer the till sent twice
//! after a timeout is stored once; the case is resolved and closed, then loaded back
//! from the table and checked against the rules.
#![allow(clippy::disallowed_macros)] // an example prints; the library never does (X1)

use chrono::{DateTime, TimeDelta, Utc};
use customer_care::prelude::*;
use customer_care_stores::{ComplaintServices, Error, Repository};
use std::process::ExitCode;
use uuid::Uuid;

/// Ana's shop: she owns it and runs it alone.
pub fn services() -> ComplaintServices {
    ComplaintServices {
        org: Organisation::run_by(ana(), "Ana", Currency::EUR),
        policy: ComplaintPolicy::default(),
    }
}

fn ana() -> StaffId {
    StaffId::from_u128(1)
}

/// Runs `run` on the database at `DATABASE_URL`: exit code 0; 1 with the error on
/// stderr; 2 with a message on stderr when `DATABASE_URL` is not set.
pub async fn against_database<F>(run: F) -> ExitCode
where
    F: AsyncFnOnce(&str) -> Result<(), Box<dyn std::error::Error>>,
{
    let Ok(url) = std::env::var("DATABASE_URL") else {
        eprintln!("Set DATABASE_URL to a PostgreSQL database this example may write to.");
        return ExitCode::from(2);
    };
    match run(&url).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("The story stopped: {error}");
            let mut cause = error.source();
            while let Some(error) = cause {
                eprintln!("  because: {error}");
                cause = error.source();
            }
            ExitCode::FAILURE
        }
    }
}

/// The story, on `store`; returns the case's id.
pub async fn tell<R: Repository<Complaint>>(store: &R) -> Result<Uuid, Box<dyn std::error::Error>> {
    let ana = ana();
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
        .record(&mut screen, investigate.clone(), CommandMeta::NONE)
        .await?;
    println!("11:00. Ana starts the investigation from her screen.");
    match store
        .record(&mut tablet, investigate, CommandMeta::NONE)
        .await
    {
        Err(Error::Stream(StreamError::VersionConflict { expected, actual })) => println!(
            "  The tablet sends the same step from its older copy: refused, since it read {} and the table holds {} (X4).",
            events(expected),
            events(actual)
        ),
        Ok(_) => return Err("the stale tablet's command was stored".into()),
        Err(other) => return Err(other.into()),
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
    if !first || again {
        return Err("the till's retried offer was not stored exactly once".into());
    }
    println!("  The second copy was recognised and stored nothing (X4).");

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
    Ok(case)
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
