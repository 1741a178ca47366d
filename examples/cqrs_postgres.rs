//! A shop keeps its complaints in PostgreSQL through cqrs-es and postgres-es. The story
//! is in `postgres/mod.rs`, and the other framework's example tells it too. The store
//! crate (`stores/`) builds this example, so the other examples never build a database
//! driver.
//!
//! Run it against a database you may write to; it creates the `events` and `snapshots`
//! tables of postgres-es when they are missing (`stores/sql/cqrs-es.sql`):
//!
//! ```text
//! DATABASE_URL=postgres://localhost/shop cargo run -p customer-care-stores --example cqrs_postgres
//! ```
#![allow(clippy::disallowed_macros)] // an example prints; the library never does (X1)

mod postgres;

use customer_care::complaint::Complaint;
use customer_care_stores::cqrs::{Store, create_tables};
use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    postgres::against_database(run).await
}

async fn run(url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let pool = sqlx::PgPool::connect(url).await?;
    create_tables(&pool).await?;
    let store = Store::<Complaint>::new(pool.clone(), postgres::services());
    let case = postgres::tell(&store).await?;
    let kinds: Vec<String> = sqlx::query_scalar(
        "SELECT event_type FROM events WHERE aggregate_type = 'complaint' \
         AND aggregate_id = $1 ORDER BY sequence",
    )
    .bind(case.to_string())
    .fetch_all(&pool)
    .await?;
    println!(
        "postgres-es's event_type column names each row: {}.",
        kinds.join(", ").replace('_', " ")
    );
    Ok(())
}
