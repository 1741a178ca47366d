//! A shop keeps its complaints in PostgreSQL through the esrs framework. The story is
//! in `postgres/mod.rs`, and the other framework's example tells it too. The store
//! crate (`stores/`) builds this example, so the other examples never build a database
//! driver.
//!
//! Run it against a database you may write to; it creates the `complaint_events` table
//! when it is missing:
//!
//! ```text
//! DATABASE_URL=postgres://localhost/shop cargo run -p customer-care-stores --example esrs_postgres
//! ```
#![allow(clippy::disallowed_macros)] // an example prints; the library never does (X1)

mod postgres;

use chrono::{DateTime, Utc};
use customer_care::complaint::Complaint;
use customer_care_stores::esrs::Store;
use esrs::store::postgres::PgStoreBuilder;
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    postgres::against_database(run).await
}

async fn run(url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let pool = sqlx::PgPool::connect(url).await?;
    let events = PgStoreBuilder::new(pool.clone()).try_build().await?;
    let store = Store::<Complaint>::new(events, postgres::services());
    let case = postgres::tell(&store).await?;
    let written: DateTime<Utc> = sqlx::query_scalar(&format!(
        "SELECT max(occurred_on) FROM {} WHERE aggregate_id = $1",
        store.events().table_name()
    ))
    .bind(case)
    .fetch_one(&pool)
    .await?;
    println!(
        "esrs's occurred_on column says only when each row was written (the last on {}).",
        written.format("%Y-%m-%d")
    );
    Ok(())
}
