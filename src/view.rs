//! One driver for every view of a complaint's events ([X4]).
//!
//! The SLA clocks ([`crate::clocks::SlaClocks`]), the case facts
//! ([`crate::metrics::CaseFacts`]) and the audit ([`crate::decalogue::CaseAudit`]) each
//! fold a complaint's events into something to read. They differ in what they keep; the
//! order the events must come in is the same for all, and it is checked here, once:
//! the receipt first, and only once; then events none earlier than the latest. A view
//! says how it starts from the receipt and how it folds one more event; the trait's
//! provided [`CaseView::apply`] and [`CaseView::from_events`] check the order and call
//! them. [`CaseView::fold`] takes an [`InOrder`], which only the crate's own order check
//! makes, so no event reaches a fold unchecked; a view that holds others (the audit
//! holds the facts and the clocks) passes its own on, and the order is not checked
//! again.
//!
//! Views read events, not states: they judge what happened, including histories a live
//! decider would refuse today (an import from a helpdesk, a policy changed since).
//!
//! [X4]: crate::requirements#X4

use crate::complaint::{ComplaintEvent, Receipt};
use chrono::{DateTime, Utc};

/// Why a complaint's events cannot be read as a case ([X4]); the view is unchanged.
///
/// [X4]: crate::requirements#X4
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ViewError {
    /// The first event of a complaint must be its receipt.
    #[error("a complaint's events start with its receipt")]
    NotReceived,
    /// A second receipt in one complaint's events.
    #[error("the complaint was already received")]
    AlreadyReceived,
    /// An event earlier than the latest one folded.
    #[error("an event at {at} comes after one at {latest}: a case's events are in time order")]
    OutOfOrder {
        /// The event's instant.
        at: DateTime<Utc>,
        /// The latest instant folded.
        latest: DateTime<Utc>,
    },
}

crate::refusal::refusals! { ViewError {
    NotReceived {} => "not_received", "X4";
    AlreadyReceived {} => "already_received", "X4";
    OutOfOrder { at, latest } => "out_of_order", "X4";
} wraps {} }

/// A fold over one complaint's events, started by its receipt ([X4]).
///
/// `C` is what the view needs besides the events: nothing (`()`) for the clocks and the
/// facts, the calendar, the staff and the period's records for the audit.
///
/// [X4]: crate::requirements#X4
pub trait CaseView<C: ?Sized = ()>: Sized {
    /// Why the view refuses an event; the order of events is one reason.
    type Error: From<ViewError>;

    /// The view of a case just received.
    ///
    /// # Errors
    /// The view's own, for a receipt it cannot start from.
    fn start(receipt: &Receipt, context: &C) -> Result<Self, Self::Error>;

    /// The instant of the latest event folded.
    fn latest(&self) -> DateTime<Utc>;

    /// Folds one event that comes in order, as `order` proves: not a receipt, none
    /// earlier than [`CaseView::latest`].
    ///
    /// # Errors
    /// The view's own; the view is unchanged on error.
    fn fold(
        &mut self,
        event: &ComplaintEvent,
        context: &C,
        order: InOrder,
    ) -> Result<(), Self::Error>;

    /// Checks that `event` comes in order, then folds it.
    ///
    /// # Errors
    /// [`ViewError::AlreadyReceived`] for a second receipt; [`ViewError::OutOfOrder`]
    /// for an event before the latest; the view's own from [`CaseView::fold`]. The view
    /// is unchanged on error.
    fn apply(&mut self, event: &ComplaintEvent, context: &C) -> Result<(), Self::Error> {
        let order = in_order(self.latest(), event)?;
        self.fold(event, context, order)
    }

    /// Folds a case's events, its receipt first.
    ///
    /// # Errors
    /// [`ViewError::NotReceived`] unless the first event is the receipt; as
    /// [`CaseView::apply`] for the rest.
    fn from_events<'a>(
        events: impl IntoIterator<Item = &'a ComplaintEvent>,
        context: &C,
    ) -> Result<Self, Self::Error> {
        let mut events = events.into_iter();
        let Some(ComplaintEvent::Received(receipt)) = events.next() else {
            return Err(ViewError::NotReceived.into());
        };
        let mut view = Self::start(receipt, context)?;
        for event in events {
            view.apply(event, context)?;
        }
        Ok(view)
    }
}

/// The proof that an event comes in order after the view's latest, which
/// [`CaseView::fold`] asks for: only the check inside [`CaseView::apply`] makes one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InOrder(());

/// Whether `event` may follow events whose latest was at `latest`: not a receipt, and
/// not earlier ([X4]).
///
/// # Errors
/// [`ViewError::AlreadyReceived`] or [`ViewError::OutOfOrder`].
///
/// [X4]: crate::requirements#X4
pub(crate) fn in_order(
    latest: DateTime<Utc>,
    event: &ComplaintEvent,
) -> Result<InOrder, ViewError> {
    if let ComplaintEvent::Received(_) = event {
        return Err(ViewError::AlreadyReceived);
    }
    let at = event.at();
    if at < latest {
        return Err(ViewError::OutOfOrder { at, latest });
    }
    Ok(InOrder(()))
}
