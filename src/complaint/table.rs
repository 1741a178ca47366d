//! The complaint's transition table ([X5]), from which its diagram is drawn.
//!
//! [X5]: crate::requirements#X5

use super::command::ComplaintCommandKind;
use super::state::ComplaintStatus;
use crate::diagram::Transition;

/// Every transition the complaint decider allows: from a status, a kind of command, to
/// a status ([X5]). The commands that leave the status as it is (messages, reassignment,
/// root causes, abuse flags, the customer writing, new dates for a promise) are
/// accepted in exactly the statuses listed under `stays`.
///
/// [X5]: crate::requirements#X5
pub const TRANSITIONS: &[Transition<ComplaintStatus, ComplaintCommandKind>] = crate::machine::table! {
    ComplaintStatus, ComplaintCommandKind;
    moves {
        Receive: New => Received;
        Acknowledge: Received => Acknowledged;
        Investigate: Acknowledged | Reopened => Investigating;
        AskCustomer: Investigating => AwaitingCustomer;
        CustomerWrites: AwaitingCustomer => Investigating;
        OfferResolution: Investigating => ResolutionOffered;
        OfferResolution: Investigating => AwaitingApproval;
        Approve: AwaitingApproval => ResolutionOffered;
        DeclineApproval: AwaitingApproval => Investigating;
        RefuseDemand: Investigating => ResolutionOffered;
        Choose: ResolutionOffered => Resolving;
        DeclineOffer: ResolutionOffered => Investigating;
        CloseUnanswered: ResolutionOffered => Closed;
        Deliver: Resolving => Resolved;
        MarkPromiseBroken: Resolving => Investigating;
        Close: Resolved | Referred => Closed;
        Reopen: Resolved | Closed => Reopened;
        Withdraw: Received | Acknowledged | Investigating | AwaitingCustomer | AwaitingApproval | ResolutionOffered | Resolving | Reopened => Withdrawn;
        Refer: Investigating | ResolutionOffered | Reopened => Referred;
    }
    stays {
        RenegotiatePromise: Resolving;
        CustomerWrites: Received | Acknowledged | Investigating | AwaitingApproval | ResolutionOffered | Resolving | Resolved | Reopened | Referred;
        Reassign: Acknowledged | Investigating | AwaitingCustomer | AwaitingApproval | ResolutionOffered | Resolving | Resolved | Reopened | Referred;
        SendMessage: Acknowledged | Investigating | AwaitingCustomer | AwaitingApproval | ResolutionOffered | Resolving | Resolved | Reopened | Referred;
        FlagAbuse: Acknowledged | Investigating | AwaitingCustomer | AwaitingApproval | ResolutionOffered | Resolving | Resolved | Reopened | Referred;
        RecordRootCause: Acknowledged | Investigating | AwaitingCustomer | AwaitingApproval | ResolutionOffered | Resolving | Resolved | Reopened | Referred | Closed;
    }
};
