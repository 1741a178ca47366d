//! customer-care's deciders in real event stores ([IN6]).
//!
//! The core crate stays pure; what needs a database lives here, in a crate of its own,
//! so the core's dependency tree and its test time do not grow.
//!
//! One adapter per framework, each over the crate's [`Decider`] trait, so the complaint
//! ([`Complaint`]), the promise ([`Lifecycle`]) and the improvement cycle
//! ([`Improvement`]) are stored the same way:
//!
//! - **esrs** (feature `esrs`, on by default): [`esrs::Aggregate`] makes any [`Stored`]
//!   decider an esrs aggregate, and [`esrs::Store`] runs it over esrs's PostgreSQL
//!   store (`PgStore`), with the crate's checks on load, its command ids and its
//!   conflict error.
//!
//! # What a row holds
//! Each row's payload is the crate's stored [`Envelope`]: `{"schema_version": 1,
//! "sequence": …, "command_id": … | null, "event": {…}}`, the same JSON as
//! [`EventStream`]'s. The event's own instant is in the event (`"at"`), and that is the
//! one the crate reads. esrs's `occurred_on` column holds the moment the row was
//! written (esrs sets it to the clock's time), and nothing here reads it.
//!
//! # Text PostgreSQL cannot hold
//! PostgreSQL's `jsonb` holds any Unicode text but the character U+0000 (NUL). A
//! command whose text holds one is refused with [`esrs::Error::Unstorable`] and
//! nothing is written.
//!
//! [IN6]: customer_care::requirements#IN6

#![forbid(unsafe_code)]

use customer_care::complaint::{Complaint, ComplaintContext, ComplaintPolicy};
use customer_care::empowerment::Organisation;
use customer_care::feedback::improvement::Improvement;
use customer_care::promise::{Lifecycle, PromisePolicy};
use customer_care::stream::Decider;
#[cfg(doc)]
use customer_care::stream::{Envelope, EventStream};

#[cfg(feature = "esrs")]
pub mod esrs;

/// A decider a store can hold: its name, and the context its rules need, owned.
///
/// Implemented here for the crate's three deciders. A framework's aggregate sees only
/// its state and a command, so the context (the organisation, the policies) is handed
/// to it as [`Stored::Services`], and borrowed from there for each command.
pub trait Stored: Decider + Sized + 'static {
    /// The aggregate's name: esrs names the table of its events after it
    /// (`complaint_events`). Never change it once events are stored.
    const NAME: &'static str;
    /// The context, owned: what a store keeps for every command it decides.
    type Services: Send + Sync + 'static;
    /// The context borrowed from the services, for one command.
    fn context(services: &Self::Services) -> Self::Context<'_>;
}

/// What a complaint's rules need: the organisation and the complaint policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintServices {
    /// Staff, limits, delegations and training.
    pub org: Organisation,
    /// The promise buffer and the windows.
    pub policy: ComplaintPolicy,
}

impl Stored for Complaint {
    const NAME: &'static str = "complaint";
    type Services = ComplaintServices;

    fn context(services: &ComplaintServices) -> ComplaintContext<'_> {
        ComplaintContext::new(&services.org, &services.policy)
    }
}

impl Stored for Lifecycle {
    const NAME: &'static str = "promise";
    type Services = PromisePolicy;

    fn context(services: &PromisePolicy) -> PromisePolicy {
        *services
    }
}

impl Stored for Improvement {
    const NAME: &'static str = "improvement";
    type Services = ();

    fn context(_: &()) {}
}
