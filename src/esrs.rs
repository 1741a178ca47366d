//! The complaint as an [`esrs`] aggregate (feature `esrs`).
//!
//! [esrs] (Prima's `event_sourcing.rs`) persists aggregates to PostgreSQL and other
//! stores. Its [`Aggregate`] is synchronous and pure, the same shape as this crate's
//! [`Decider`]: with this feature [`Complaint`] implements it, so an esrs
//! `AggregateManager` over any esrs store (`PgStore<Complaint>`, or one of the host's
//! own) runs complaints with no glue code. `examples/esrs_store.rs` runs one over an
//! in-memory store.
//!
//! | esrs                | here                                                         |
//! |---------------------|--------------------------------------------------------------|
//! | `NAME`              | `"complaint"`: esrs keys the stored events by it; never change it |
//! | `State`             | [`ComplaintState`], [`ComplaintState::New`] by default        |
//! | `Command`           | [`ComplaintRequest`]: the command with the context it is decided in |
//! | `Event`             | [`ComplaintEvent`], stored as the JSON of [`crate::json`]     |
//! | `Error`             | [`ComplaintError`], the rule that refused ([X2])                |
//! | `handle_command`    | [`Complaint::decide`]: one event, or the error                |
//! | `apply_event`       | [`Complaint::evolve`]: never fails, never panics ([X4])       |
//!
//! esrs's `handle_command` sees only the state and the command, so the context a
//! complaint is decided in ([`ComplaintContext`]: the organisation and the complaint
//! policy) travels inside the command, as esrs advises for anything the rules need. The
//! organisation is shared behind an [`Arc`], so a host that keeps one per tenant hands
//! each command a pointer, not a copy.
//!
//! esrs numbers the events of an aggregate and refuses a second writer of the same
//! sequence number at the store, which takes the place of
//! [`CommandMeta::expected_version`](crate::stream::CommandMeta); it has no command
//! ids, so a host that needs retries recognised keeps them itself, or uses
//! [`EventStream`](crate::stream::EventStream).
//!
//! ```
//! use customer_care::complaint::{Complaint, ComplaintCommand, ComplaintPolicy, ComplaintState};
//! use customer_care::customer::{Customer, CustomerKind, Entitlement, Expectation};
//! use customer_care::empowerment::{Organisation, EmpowermentPolicy, EmpowermentPolicySpec};
//! use customer_care::esrs::ComplaintRequest;
//! use customer_care::id::{ComplaintId, StaffId};
//! use customer_care::money::{Currency, Money};
//! use customer_care::complaint::Receipt;
//! use customer_care::sla::{Priority, SlaPolicy};
//! use customer_care::staff::{Directory, Position, StaffMember};
//! use chrono::{TimeZone, Utc};
//! use esrs::Aggregate;
//! use std::sync::Arc;
//! use uuid::Uuid;
//!
//! let olga = StaffId::from_uuid(Uuid::from_u128(1));
//! let policy = EmpowermentPolicy::try_from(EmpowermentPolicySpec::new(Currency::EUR, Money::minor(500, Currency::EUR)))?;
//! let directory = Directory::try_new([StaffMember::new(olga, "Olga", Position::Owner)])?;
//! let org = Arc::new(Organisation::try_new(policy, directory, [])?);
//!
//! let receive = ComplaintCommand::Receive(Receipt {
//!     id: ComplaintId::from_uuid(Uuid::from_u128(10)),
//!     customer: Customer::anonymous(CustomerKind::External),
//!     summary: "the invoice is wrong".into(),
//!     expectation: Expectation::new(None, None),
//!     entitlement: Entitlement::new([]),
//!     follows: None,
//!     sla: SlaPolicy::default().terms(Priority::Normal),
//!     at: Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap(),
//! });
//! let request = ComplaintRequest::new(receive, org, ComplaintPolicy::default());
//! let events = Complaint::handle_command(&ComplaintState::default(), request)?;
//! assert_eq!(events.len(), 1); // one command, one event
//! let state = events.into_iter().fold(ComplaintState::default(), Complaint::apply_event);
//! assert_eq!(state.status().to_string(), "received");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [esrs]: https://docs.rs/esrs
//! [`Aggregate`]: ::esrs::Aggregate
//!
//! [X2]: crate::requirements#X2
//! [X4]: crate::requirements#X4

use crate::complaint::{
    Complaint, ComplaintCommand, ComplaintContext, ComplaintError, ComplaintEvent, ComplaintPolicy,
    ComplaintState,
};
use crate::empowerment::Organisation;
use crate::stream::Decider;
use std::sync::Arc;

/// A complaint command with the context it is decided in: esrs's
/// [`Command`](::esrs::Aggregate::Command) for [`Complaint`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRequest {
    /// What the caller asks for.
    pub command: ComplaintCommand,
    /// Staff, limits, delegations and training ([EM1]–[EM5]), shared.
    ///
    /// [EM1]: crate::requirements#EM1
    /// [EM5]: crate::requirements#EM5
    pub org: Arc<Organisation>,
    /// The promise buffer and the windows ([PR2], [CO3], [CO7]).
    ///
    /// [CO3]: crate::requirements#CO3
    /// [CO7]: crate::requirements#CO7
    /// [PR2]: crate::requirements#PR2
    pub policy: ComplaintPolicy,
}

impl ComplaintRequest {
    /// The command, to be decided against `org` and `policy`.
    pub fn new(command: ComplaintCommand, org: Arc<Organisation>, policy: ComplaintPolicy) -> Self {
        Self {
            command,
            org,
            policy,
        }
    }
}

impl ::esrs::Aggregate for Complaint {
    const NAME: &'static str = "complaint";
    type State = ComplaintState;
    type Command = ComplaintRequest;
    type Event = ComplaintEvent;
    type Error = ComplaintError;

    /// [`Complaint::decide`] in the request's context: exactly one event, or the error
    /// naming the rule that refused ([X2]).
    ///
    /// [X2]: crate::requirements#X2
    fn handle_command(
        state: &ComplaintState,
        request: ComplaintRequest,
    ) -> Result<Vec<ComplaintEvent>, ComplaintError> {
        let context = ComplaintContext {
            org: &request.org,
            policy: &request.policy,
        };
        Complaint::decide(state, request.command, &context).map(|event| vec![event])
    }

    /// [`Complaint::evolve`]: runs no rule and never fails, so a history the store
    /// holds always loads ([X4]).
    ///
    /// [X4]: crate::requirements#X4
    fn apply_event(state: ComplaintState, event: ComplaintEvent) -> ComplaintState {
        Complaint::evolve(state, &event)
    }
}
