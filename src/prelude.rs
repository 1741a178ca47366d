//! The names a host needs for the plainest complaint, in one `use`: a one-person shop
//! takes a complaint from receipt to closing.
//!
//! ```
//! use customer_care::prelude::*;
//!
//! let ana = StaffId::from_u128(1);
//! let org = Organisation::run_by(ana, "Ana", Currency::EUR);
//! let policy = ComplaintPolicy::default();
//! let context = ComplaintContext::new(&org, &policy);
//! let monday: DateTime<Utc> = "2026-03-02T09:00:00Z".parse()?;
//! let at = |hours| monday + TimeDelta::hours(hours);
//! let customer = Customer::anonymous(CustomerKind::External);
//! let receipt = Receipt::new(ComplaintId::from_u128(7), customer, "The jug arrived cracked", at(0));
//! let sorry = CustomerMessage::new("I am sorry; I will put this right.", "I send you options", at(3));
//! let refund = Remedy::new(RemedyKind::Refund, "40.00 EUR".parse()?);
//! let options = vec![ResolutionOption::new(refund, "Your money back", at(24), at(48))].try_into()?;
//!
//! let mut case = EventStream::<Complaint>::new();
//! case.execute(ComplaintCommand::Receive(receipt), &context)?;
//! case.execute(ComplaintCommand::Acknowledge { owner: ana, message: sorry, at: at(1) }, &context)?;
//! case.execute(ComplaintCommand::Investigate { by: ana, at: at(2) }, &context)?;
//! case.execute(ComplaintCommand::OfferResolution { by: ana, options, at: at(3) }, &context)?;
//! case.execute(ComplaintCommand::Choose { option: 0, at: at(4) }, &context)?;
//! case.execute(ComplaintCommand::Deliver { by: ana, at: at(24) }, &context)?;
//! case.execute(ComplaintCommand::Close { verdict: Verdict::default(), at: at(25) }, &context)?;
//! assert_eq!(case.state().status(), ComplaintStatus::Closed);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! It holds the complaint's decider with its commands, events, context and policy; the
//! values a receipt and an offer are made of (customers, remedies, money, ids); the
//! organisation; the event stream; the [`Refusal`] trait, so every error answers
//! `code()` and `rule()`; and chrono's [`DateTime`], [`Utc`] and [`TimeDelta`], the
//! instants and durations every command carries. Everything else stays in its module.

pub use crate::complaint::{
    Complaint, ComplaintCommand, ComplaintContext, ComplaintError, ComplaintEvent, ComplaintPolicy,
    ComplaintStatus, CustomerMessage, Receipt, ResolutionOption, Verdict,
};
pub use crate::customer::{Customer, CustomerKind, Entitlement, Expectation};
pub use crate::empowerment::Organisation;
pub use crate::id::{CommandId, ComplaintId, CustomerId, StaffId};
pub use crate::money::{Currency, Money};
pub use crate::refusal::Refusal;
pub use crate::remedy::{Remedy, RemedyKind};
pub use crate::stream::{CommandMeta, Decider, EventStream, StreamError};
pub use chrono::{DateTime, TimeDelta, Utc};
