//! The status vocabulary helpdesks share, and how a complaint's status maps to it.
//!
//! Most helpdesks (Zendesk, Freshdesk, Zammad and others) show a ticket as new, open,
//! pending (waiting on the customer), on hold (waiting on someone else), solved or
//! closed. A complaint has thirteen statuses, so the way out loses detail; the way in
//! gives the complaint statuses a helpdesk status can stand for, exactly one where
//! nothing is lost.
//!
//! | complaint status                                         | helpdesk  | lost on the way out                          |
//! |----------------------------------------------------------|-----------|----------------------------------------------|
//! | new                                                      | (none)    | nothing was received: there is no ticket     |
//! | received                                                 | new       | nothing                                      |
//! | acknowledged, investigating, resolving, reopened         | open      | which step the owner is at                   |
//! | awaiting_customer, resolution_offered                    | pending   | a question asked or options offered          |
//! | awaiting_approval, referred                              | on-hold   | an approver inside, or an outside body       |
//! | resolved                                                 | solved    | nothing                                      |
//! | closed, withdrawn                                        | closed    | closed by the business, or withdrawn         |
//!
//! The way in ([`HelpdeskStatus::statuses`]) is the same table read from the right:
//! `new` and `solved` name one complaint status, the others two to four.
//!
//! ```
//! use customer_care::complaint::ComplaintStatus;
//! use customer_care::helpdesk::HelpdeskStatus;
//!
//! let pending = HelpdeskStatus::of(ComplaintStatus::ResolutionOffered);
//! assert_eq!(pending, Some(HelpdeskStatus::Pending));
//! assert_eq!(pending.map(|status| status.to_string()).as_deref(), Some("pending"));
//! assert_eq!(
//!     HelpdeskStatus::Pending.statuses(),
//!     [ComplaintStatus::AwaitingCustomer, ComplaintStatus::ResolutionOffered]
//! );
//! assert_eq!("on-hold".parse(), Ok(HelpdeskStatus::OnHold));
//! ```

use crate::complaint::ComplaintStatus;
use core::fmt;
use core::str::FromStr;

/// A ticket's status in the vocabulary helpdesks share.
///
/// In JSON and text: `"new"`, `"open"`, `"pending"`, `"on-hold"`, `"solved"`, `"closed"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(rename_all = "kebab-case"))]
pub enum HelpdeskStatus {
    /// Received, nobody has taken it yet.
    New,
    /// Someone in the business is working on it.
    Open,
    /// Waiting on the customer.
    Pending,
    /// Waiting on someone else: an approver, or an outside body.
    OnHold,
    /// Put right; the customer may still reopen it.
    Solved,
    /// Finished.
    Closed,
}

impl HelpdeskStatus {
    /// Every status, in the order a ticket usually moves.
    pub const ALL: [HelpdeskStatus; 6] = [
        HelpdeskStatus::New,
        HelpdeskStatus::Open,
        HelpdeskStatus::Pending,
        HelpdeskStatus::OnHold,
        HelpdeskStatus::Solved,
        HelpdeskStatus::Closed,
    ];

    /// The helpdesk status a complaint in `status` shows; `None` before anything is
    /// received, when there is no ticket to show.
    pub const fn of(status: ComplaintStatus) -> Option<Self> {
        use ComplaintStatus as C;
        Some(match status {
            C::New => return None,
            C::Received => HelpdeskStatus::New,
            C::Acknowledged | C::Investigating | C::Resolving | C::Reopened => HelpdeskStatus::Open,
            C::AwaitingCustomer | C::ResolutionOffered => HelpdeskStatus::Pending,
            C::AwaitingApproval | C::Referred => HelpdeskStatus::OnHold,
            C::Resolved => HelpdeskStatus::Solved,
            C::Closed | C::Withdrawn => HelpdeskStatus::Closed,
        })
    }

    /// The complaint statuses this helpdesk status can stand for: exactly those that
    /// [`HelpdeskStatus::of`] maps to it, in the order of [`ComplaintStatus::ALL`].
    pub const fn statuses(self) -> &'static [ComplaintStatus] {
        use ComplaintStatus as C;
        match self {
            HelpdeskStatus::New => &[C::Received],
            HelpdeskStatus::Open => &[C::Acknowledged, C::Investigating, C::Resolving, C::Reopened],
            HelpdeskStatus::Pending => &[C::AwaitingCustomer, C::ResolutionOffered],
            HelpdeskStatus::OnHold => &[C::AwaitingApproval, C::Referred],
            HelpdeskStatus::Solved => &[C::Resolved],
            HelpdeskStatus::Closed => &[C::Closed, C::Withdrawn],
        }
    }

    /// The status as helpdesks write it.
    pub const fn name(self) -> &'static str {
        match self {
            HelpdeskStatus::New => "new",
            HelpdeskStatus::Open => "open",
            HelpdeskStatus::Pending => "pending",
            HelpdeskStatus::OnHold => "on-hold",
            HelpdeskStatus::Solved => "solved",
            HelpdeskStatus::Closed => "closed",
        }
    }
}

impl fmt::Display for HelpdeskStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A text that names no helpdesk status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown helpdesk status `{0}`: expected new, open, pending, on-hold, solved or closed")]
pub struct UnknownStatus(pub String);

impl UnknownStatus {
    /// Its one code ([X7]).
    ///
    /// [X7]: crate::requirements#X7
    pub const CODES: &'static [&'static str] = &["unknown_helpdesk_status"];
}

impl crate::refusal::Refusal for UnknownStatus {
    fn code(&self) -> &'static str {
        Self::CODES[0]
    }

    fn rule(&self) -> &'static str {
        "IN1"
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for UnknownStatus {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        crate::refusal::serialize(self, serializer)
    }
}

#[cfg(feature = "serde")]
impl crate::refusal::SerializeDetails for UnknownStatus {
    fn serialize_details<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("status", &self.0)?;
        map.end()
    }
}

impl FromStr for HelpdeskStatus {
    type Err = UnknownStatus;

    /// Reads the status as [`HelpdeskStatus::name`] writes it.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        HelpdeskStatus::ALL
            .into_iter()
            .find(|status| status.name() == text)
            .ok_or_else(|| UnknownStatus(text.to_owned()))
    }
}
