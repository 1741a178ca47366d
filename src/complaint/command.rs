//! What may be asked of a complaint.

use super::message::{CustomerMessage, RootCause};
use super::state::{ResolutionOption, Verdict};
use crate::customer::{Customer, Entitlement, Expectation};
use crate::id::{ComplaintId, StaffId};
use crate::money::{Currency, MoneyError};
use crate::sla::{Priority, SlaPolicy, SlaTerms};
use chrono::{DateTime, Utc};

/// One or more resolution options: an offer, or the alternatives given with a refusal,
/// is never empty (CO3, CO4).
///
/// In JSON, a non-empty array of options; an empty one is refused on load.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "Vec<ResolutionOption>", into = "Vec<ResolutionOption>")
)]
#[cfg_attr(feature = "schemars", schemars(extend("minItems" = 1)))]
pub struct Options(Vec<ResolutionOption>);

impl Options {
    /// The options, in the order offered.
    pub fn as_slice(&self) -> &[ResolutionOption] {
        &self.0
    }

    /// The options, by value.
    pub fn into_vec(self) -> Vec<ResolutionOption> {
        self.0
    }
}

impl TryFrom<Vec<ResolutionOption>> for Options {
    type Error = super::ComplaintError;

    /// # Errors
    /// [`super::ComplaintError::NoOptions`] for an empty list.
    fn try_from(options: Vec<ResolutionOption>) -> Result<Self, Self::Error> {
        if options.is_empty() {
            Err(super::ComplaintError::NoOptions)
        } else {
            Ok(Self(options))
        }
    }
}

impl From<Options> for Vec<ResolutionOption> {
    fn from(options: Options) -> Self {
        options.0
    }
}

/// A complaint as received: the [`ComplaintCommand::Receive`] command and the
/// [`super::ComplaintEvent::Received`] event both carry it (ISO 10002 receipt).
///
/// In JSON its fields stand beside the `type` tag:
/// `{"type": "receive", "id": "…", "customer": {…}, "summary": "…", …}`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Receipt {
    /// The id the host gives the case.
    pub id: ComplaintId,
    /// Who complains; may be anonymous (CU1).
    pub customer: Customer,
    /// The complaint in their terms.
    pub summary: String,
    /// What they ask for, and by when (CU2).
    pub expectation: Expectation,
    /// What their contract covers (CU3).
    pub entitlement: Entitlement,
    /// An earlier case this follows up, past its reopen window (CO7).
    pub follows: Option<ComplaintId>,
    /// The SLA terms in force at receipt, kept with the case (SL3).
    pub sla: SlaTerms,
    /// When.
    pub at: DateTime<Utc>,
}

impl Receipt {
    /// A complaint received `at`: `summary`, in the customer's terms. It asks for
    /// nothing in particular, the contract covers nothing, it follows no earlier case,
    /// and its SLA terms are [`SlaPolicy::default`]'s at [`Priority::Normal`]; the
    /// `with_` methods set each ([CU2], [CU3], [CO7], [SL3]).
    ///
    /// [CU2]: crate::requirements#CU2
    /// [CU3]: crate::requirements#CU3
    /// [CO7]: crate::requirements#CO7
    /// [SL3]: crate::requirements#SL3
    pub fn new(
        id: ComplaintId,
        customer: Customer,
        summary: impl Into<String>,
        at: DateTime<Utc>,
    ) -> Self {
        Self {
            id,
            customer,
            summary: summary.into(),
            expectation: Expectation::new(None, None),
            entitlement: Entitlement::default(),
            follows: None,
            sla: SlaPolicy::default().terms(Priority::Normal),
            at,
        }
    }

    /// What the customer asks for, and by when ([CU2]).
    ///
    /// [CU2]: crate::requirements#CU2
    pub fn with_expectation(mut self, expectation: Expectation) -> Self {
        self.expectation = expectation;
        self
    }

    /// What the customer's contract covers ([CU3]).
    ///
    /// [CU3]: crate::requirements#CU3
    pub fn with_entitlement(mut self, entitlement: Entitlement) -> Self {
        self.entitlement = entitlement;
        self
    }

    /// The earlier case this one follows up, past its reopen window ([CO7]).
    ///
    /// [CO7]: crate::requirements#CO7
    pub fn following(mut self, earlier: ComplaintId) -> Self {
        self.follows = Some(earlier);
        self
    }

    /// The SLA terms in force at receipt ([SL3]).
    ///
    /// [SL3]: crate::requirements#SL3
    pub fn with_sla(mut self, sla: SlaTerms) -> Self {
        self.sla = sla;
        self
    }

    /// The one currency of every amount the receipt names (its entitlement and the
    /// remedy asked for), or `None` when it names none ([X6]).
    ///
    /// # Errors
    /// [`MoneyError::CurrencyMismatch`] when two amounts are in different currencies.
    ///
    /// [X6]: crate::requirements#X6
    pub fn currency(&self) -> Result<Option<Currency>, MoneyError> {
        let mut amounts = self
            .entitlement
            .remedies()
            .chain(self.expectation.asked)
            .map(|remedy| remedy.value.currency());
        let first = amounts.next();
        if let (Some(left), Some(right)) = (first, amounts.find(|c| Some(*c) != first)) {
            return Err(MoneyError::CurrencyMismatch { left, right });
        }
        Ok(first)
    }
}

/// A command to a complaint. Every command carries the instant it happened (X1).
///
/// In JSON, internally tagged: `{"type": "choose", "option": 0, "at": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ComplaintCommand {
    /// Record a complaint (ISO 10002 receipt), with what the customer expects (CU2).
    Receive(Receipt),
    /// A named owner takes the case and tells the customer so (CO1).
    Acknowledge {
        /// Who owns it from now on.
        owner: StaffId,
        /// The acknowledgement, with its next step (CO5).
        message: CustomerMessage,
        /// When.
        at: DateTime<Utc>,
    },
    /// Start (or resume) looking into it.
    Investigate {
        /// Who.
        by: StaffId,
        /// When.
        at: DateTime<Utc>,
    },
    /// Ask the customer something and wait for the answer.
    AskCustomer {
        /// Who asks.
        by: StaffId,
        /// The question, with its next step (CO5).
        message: CustomerMessage,
        /// When.
        at: DateTime<Utc>,
    },
    /// The customer wrote; answers a question if one was open.
    CustomerWrites {
        /// What they said.
        text: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Offer one or more options for the customer to choose from (CO3). Options above
    /// the offerer's authority, or beyond the entitlement for someone below a manager,
    /// wait for approval (EM3, CU4).
    OfferResolution {
        /// Who offers.
        by: StaffId,
        /// The options.
        options: Options,
        /// When.
        at: DateTime<Utc>,
    },
    /// Someone above approves the offer waiting for approval (EM3, CU4).
    Approve {
        /// Who approves.
        approver: StaffId,
        /// When.
        at: DateTime<Utc>,
    },
    /// Someone above declines the offer waiting for approval, with a reason; the owner,
    /// backed either way, looks for another way (CU4).
    DeclineApproval {
        /// Who declines.
        approver: StaffId,
        /// Why.
        reason: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// A manager refuses the customer's demand, with a reason and at least one
    /// alternative (CO4).
    RefuseDemand {
        /// Who refuses; a manager or the owner.
        by: StaffId,
        /// Why.
        reason: String,
        /// What is offered instead.
        alternatives: Options,
        /// When.
        at: DateTime<Utc>,
    },
    /// The customer chooses one of the options offered (CO3).
    Choose {
        /// Its position in the offer, from 0.
        option: usize,
        /// When.
        at: DateTime<Utc>,
    },
    /// The customer turns all the options down; the case stays open (ISO 10002).
    DeclineOffer {
        /// Why.
        reason: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Close an offer the customer left unanswered past the confirmation window (CO3).
    CloseUnanswered {
        /// Who closes.
        by: StaffId,
        /// When.
        at: DateTime<Utc>,
    },
    /// The chosen remedy was delivered, settling its promise (PR1).
    Deliver {
        /// Who delivered.
        by: StaffId,
        /// When.
        at: DateTime<Utc>,
    },
    /// Record, after its date, that the promise was not kept; the case goes back to
    /// investigation to find another way (PR1).
    MarkPromiseBroken {
        /// Who records it.
        by: StaffId,
        /// When.
        at: DateTime<Utc>,
    },
    /// New dates for the promise, agreed with the customer before it fell due (PR1,
    /// PR2).
    RenegotiatePromise {
        /// The new internal estimate.
        estimate: DateTime<Utc>,
        /// The new date promised.
        due: DateTime<Utc>,
        /// When the customer agreed.
        consented_at: DateTime<Utc>,
    },
    /// Close a resolved or referred case with the customer's verdict, if given (CO8).
    Close {
        /// The verdict; empty when the customer gave none.
        verdict: Verdict,
        /// When.
        at: DateTime<Utc>,
    },
    /// Reopen a resolved or closed case within the window (CO7).
    Reopen {
        /// Why.
        reason: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// The customer withdraws the complaint.
    Withdraw {
        /// Why, in their words.
        reason: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Refer the case to external dispute resolution (ISO 10003).
    Refer {
        /// The body it goes to.
        body: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Hand the case to someone else, saying why (CO6).
    Reassign {
        /// The new owner.
        to: StaffId,
        /// Why.
        reason: String,
        /// When.
        at: DateTime<Utc>,
    },
    /// Send the customer a message (CO5).
    SendMessage {
        /// Who sends it.
        by: StaffId,
        /// The message, with its next step.
        message: CustomerMessage,
        /// When.
        at: DateTime<Utc>,
    },
    /// Record the internal root cause (CO2).
    RecordRootCause {
        /// Who records it.
        by: StaffId,
        /// The cause.
        cause: RootCause,
        /// When.
        at: DateTime<Utc>,
    },
    /// Record evidence that the customer is abusive (CU4).
    FlagAbuse {
        /// Who records it.
        by: StaffId,
        /// The evidence; at least one item.
        evidence: Vec<String>,
        /// When.
        at: DateTime<Utc>,
    },
}

crate::machine::tags! {
    /// The kind of a [`ComplaintCommand`], as used in the transition table.
    #[non_exhaustive]
    pub enum ComplaintCommandKind for ComplaintCommand::kind {
        Receive = "receive",
        Acknowledge = "acknowledge",
        Investigate = "investigate",
        AskCustomer = "ask_customer",
        CustomerWrites = "customer_writes",
        OfferResolution = "offer_resolution",
        Approve = "approve",
        DeclineApproval = "decline_approval",
        RefuseDemand = "refuse_demand",
        Choose = "choose",
        DeclineOffer = "decline_offer",
        CloseUnanswered = "close_unanswered",
        Deliver = "deliver",
        MarkPromiseBroken = "mark_promise_broken",
        RenegotiatePromise = "renegotiate_promise",
        Close = "close",
        Reopen = "reopen",
        Withdraw = "withdraw",
        Refer = "refer",
        Reassign = "reassign",
        SendMessage = "send_message",
        RecordRootCause = "record_root_cause",
        FlagAbuse = "flag_abuse",
    }
}
