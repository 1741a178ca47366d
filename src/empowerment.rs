//! Empowerment: who may grant which remedy, up to what value, and what happens above
//! that ([EM1]–[EM5]).
//!
//! Every employee may own a case and put it right within their own authority, without
//! asking anyone ([EM1]). Authority is a limit per remedy kind and per case, set per role
//! in the [`EmpowermentPolicy`] and per person by [`Delegation`] from someone above them; nobody
//! ever holds more than their superior ([EM2]). Above one's authority the grant needs an
//! [`Approval`] from someone up the line who holds enough, and the only way to get one
//! is [`Organisation::approve`], which runs that check ([EM3]). A remedy kind may require
//! valid training ([EM4]). Below the goodwill threshold none of this applies: the grant
//! goes through ([EM5]).
//!
//! | Rule | What it checks | Refusal |
//! |------|----------------|---------|
//! | [EM5] | case total of the kind ≤ goodwill threshold: granted, nothing else asked | — |
//! | [EM1], [EM2] | case total ≤ the actor's limit for the kind | [`EmpowermentError::AuthorityExceeded`], naming who to escalate to |
//! | [EM4] | the actor's training for the kind is valid at that instant | [`EmpowermentError::TrainingRequired`], naming who to escalate to |
//! | [EM3] | an approval given by this organisation (its policy and staff) | [`EmpowermentError::ApprovalFromAnotherOrganisation`] |
//! | [EM3] | for this case, actor and kind, covering the case total | [`EmpowermentError::ApprovalDoesNotMatch`], [`EmpowermentError::ApprovalTooSmall`] |
//! | [EM3] | for the grant that comes next: once the case has received more of the kind, it is spent | [`EmpowermentError::ApprovalSpent`] |
//! | [EM3] | given before the grant, and no longer ago than the policy's validity | [`EmpowermentError::ApprovalAfterGrant`], [`EmpowermentError::ApprovalExpired`] |
//! | [EM3] | the approver is on the staff, above the actor and passes [EM2] and [EM4], when approving and again at the grant | [`EmpowermentError::ApproverNotAbove`], or the approver's own refusal |
//! | [EM2] | a delegation comes from above and stays within the delegator's limit | [`EmpowermentError::DelegatorNotAbove`], [`EmpowermentError::DelegationExceedsAuthority`] |
//! | [EM2] | nobody's limit is above their superior's | [`EmpowermentError::AboveSuperior`], [`EmpowermentError::RoleLimitAboveSenior`] |
//!
//! "Case total" is what the case has already received of that kind plus the new grant,
//! so a large refund cannot pass as several small ones.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use customer_care::empowerment::{
//!     Authorization, EmpowermentError, GrantRequest, Organisation, EmpowermentPolicy, EmpowermentPolicySpec,
//! };
//! use customer_care::id::{ComplaintId, StaffId};
//! use customer_care::money::{Currency, Money};
//! use customer_care::remedy::{Remedy, RemedyKind};
//! use customer_care::staff::{Directory, Position, Role, StaffMember};
//! use uuid::Uuid;
//!
//! let eur = |cents| Money::minor(cents, Currency::EUR);
//! let id = |n| StaffId::from_uuid(Uuid::from_u128(n));
//! let (owner, clerk) = (id(1), id(2));
//!
//! let mut policy = EmpowermentPolicySpec::new(Currency::EUR, eur(1_000)); // €10 goodwill threshold
//! policy.set_limit(Role::Owner, RemedyKind::Refund, eur(100_000));
//! policy.set_limit(Role::Frontline, RemedyKind::Refund, eur(5_000));
//! let staff = Directory::try_new([
//!     StaffMember::new(owner, "Olga", Position::Owner),
//!     StaffMember::new(clerk, "Carl", Position::Frontline { reports_to: owner }),
//! ])?;
//! let org = Organisation::try_new(EmpowermentPolicy::try_from(policy)?, staff, [])?;
//!
//! let at = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
//! let case = ComplaintId::from_uuid(Uuid::from_u128(100));
//! let small = GrantRequest::new(case, clerk, Remedy::new(RemedyKind::Refund, eur(3_000)));
//! assert_eq!(org.authorize(&small, None, at)?, Authorization::OwnAuthority);
//!
//! let large = GrantRequest::new(case, clerk, Remedy::new(RemedyKind::Refund, eur(20_000)));
//! let Err(EmpowermentError::AuthorityExceeded { escalate_to, .. }) = org.authorize(&large, None, at) else {
//!     unreachable!("€200 is above Carl's €50")
//! };
//! assert_eq!(escalate_to, Some(owner));
//! let approval = org.approve(owner, &large, at)?;
//! assert_eq!(org.authorize(&large, Some(&approval), at)?, Authorization::Approved { approver: owner });
//! # Ok::<(), EmpowermentError>(())
//! ```
//!
//! # JSON
//! A [`EmpowermentPolicy`] is `{"currency": "EUR", "goodwill_threshold": {…money…},
//! "limits": {"frontline": {"refund": {…money…}}}, "training_required": {"refund":
//! [{"type": "customer_service"}]}, "approval_valid_minutes": 1440}`; a missing limit
//! is zero, and a missing validity a day. An [`Organisation`] is
//! `{"policy": {…}, "staff": [{…member…}], "delegations": [{"from": "…", "to": "…",
//! "kind": "refund", "limit": {…money…}}], "never_blamed": ["Rápido Couriers"]}`, the
//! last left out when empty. Loading either runs every check its
//! constructor runs: negative amounts, unknown currencies, limits above a superior's, a
//! delegation beyond the delegator's authority and a cyclic hierarchy are all refused.
//! An [`Approval`] serialises, for logs, but never deserialises: it can only be made by
//! [`Organisation::approve`].
//!
//! [EM1]: crate::requirements#EM1
//! [EM2]: crate::requirements#EM2
//! [EM3]: crate::requirements#EM3
//! [EM4]: crate::requirements#EM4
//! [EM5]: crate::requirements#EM5

use crate::id::{ComplaintId, StaffId};
use crate::money::{Currency, Money, MoneyError};
use crate::remedy::{Remedy, RemedyKind};
use crate::staff::{Directory, Role, StaffError, StaffMember, TrainingKind};
use chrono::{DateTime, TimeDelta, Utc};
use core::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Why a policy, an organisation, a delegation, an approval or a grant was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EmpowermentError {
    /// The staff directory broke a hierarchy rule ([ST1], [ST2]).
    ///
    /// [ST1]: crate::requirements#ST1
    /// [ST2]: crate::requirements#ST2
    #[error(transparent)]
    Staff(#[from] StaffError),
    /// Amounts could not be combined ([X6]).
    ///
    /// [X6]: crate::requirements#X6
    #[error(transparent)]
    Money(#[from] MoneyError),
    /// An amount is not in the policy's currency.
    #[error("{found} is not in the policy currency {expected}")]
    WrongCurrency {
        /// The policy's currency.
        expected: Currency,
        /// The amount given.
        found: Money,
    },
    /// A person named is not on the staff.
    #[error("staff member {id} is not in the directory")]
    UnknownStaff {
        /// The id given.
        id: StaffId,
    },
    /// A role's limit is above the limit a more senior role sets for the kind ([EM2]).
    ///
    /// [EM2]: crate::requirements#EM2
    #[error("the {role} limit for {kind} ({limit}) is above the {senior} limit ({senior_limit})")]
    RoleLimitAboveSenior {
        /// The junior role.
        role: Role,
        /// The remedy kind.
        kind: RemedyKind,
        /// Its limit.
        limit: Money,
        /// The next more senior role.
        senior: Role,
        /// That role's lower limit.
        senior_limit: Money,
    },
    /// A person's limit is above their direct superior's ([EM2]).
    ///
    /// [EM2]: crate::requirements#EM2
    #[error(
        "{member} would hold {limit} for {kind}, above their superior {superior}'s {superior_limit}"
    )]
    AboveSuperior {
        /// The person.
        member: StaffId,
        /// Their superior.
        superior: StaffId,
        /// The remedy kind.
        kind: RemedyKind,
        /// The person's limit.
        limit: Money,
        /// The superior's lower limit.
        superior_limit: Money,
    },
    /// Only someone above a person in the reporting line may delegate to them ([EM2]).
    ///
    /// [EM2]: crate::requirements#EM2
    #[error("{from} may not delegate to {to}: only someone above them in the reporting line may")]
    DelegatorNotAbove {
        /// Who tried to delegate.
        from: StaffId,
        /// The intended delegate.
        to: StaffId,
    },
    /// Nobody can hand down more authority than they hold ([EM2]).
    ///
    /// [EM2]: crate::requirements#EM2
    #[error("{from} cannot delegate {limit} for {kind}: they hold only {held}")]
    DelegationExceedsAuthority {
        /// The delegator.
        from: StaffId,
        /// The remedy kind.
        kind: RemedyKind,
        /// The limit they tried to give.
        limit: Money,
        /// Their own limit.
        held: Money,
    },
    /// Two delegations name the same person and remedy kind.
    #[error("{to} has two delegations for {kind}")]
    DuplicateDelegation {
        /// The delegate.
        to: StaffId,
        /// The remedy kind.
        kind: RemedyKind,
    },
    /// The case total is above the person's limit: escalate ([EM2], [EM3]).
    ///
    /// [EM2]: crate::requirements#EM2
    /// [EM3]: crate::requirements#EM3
    #[error("{actor} may grant up to {held} of {kind} per case, and this needs {needed}; {}", escalation(*.escalate_to))]
    AuthorityExceeded {
        /// Who tried to grant.
        actor: StaffId,
        /// The remedy kind.
        kind: RemedyKind,
        /// The case total the grant would reach.
        needed: Money,
        /// The actor's limit.
        held: Money,
        /// The nearest person up the line who could grant it, if any.
        escalate_to: Option<StaffId>,
    },
    /// The remedy kind needs training the person lacks or let expire ([EM4]).
    ///
    /// [EM4]: crate::requirements#EM4
    #[error("{actor} needs valid {training} training to grant {kind}; {}", escalation(*.escalate_to))]
    TrainingRequired {
        /// Who tried to grant.
        actor: StaffId,
        /// The remedy kind.
        kind: RemedyKind,
        /// The training missing or expired.
        training: TrainingKind,
        /// The nearest person up the line who could grant it, if any.
        escalate_to: Option<StaffId>,
    },
    /// Only someone above the actor may approve their grant ([EM3]).
    ///
    /// [EM3]: crate::requirements#EM3
    #[error("{approver} is not above {actor} in the reporting line and cannot approve their grant")]
    ApproverNotAbove {
        /// Who tried to approve.
        approver: StaffId,
        /// Who asked.
        actor: StaffId,
    },
    /// The approval is for another case, actor or remedy kind ([EM3]).
    ///
    /// [EM3]: crate::requirements#EM3
    #[error("the approval was given for another case, person or remedy kind")]
    ApprovalDoesNotMatch,
    /// A party the customer must never be pointed at has no name ([CO2]).
    ///
    /// [CO2]: crate::requirements#CO2
    #[error("a party the customer must never be pointed at needs a name")]
    BlankParty,
    /// The approval was given by another organisation: another policy or another staff
    /// ([EM3]).
    ///
    /// [EM3]: crate::requirements#EM3
    #[error("the approval was given in another organisation; only the one that gave it accepts it")]
    ApprovalFromAnotherOrganisation,
    /// The case has received grants of the kind since the approval: it was used ([EM3]).
    ///
    /// [EM3]: crate::requirements#EM3
    #[error(
        "the approval was for a case that had received {approved_after} of {kind}; it has received {granted} since, so the approval is spent"
    )]
    ApprovalSpent {
        /// The remedy kind.
        kind: RemedyKind,
        /// What the case had received of the kind when approved.
        approved_after: Money,
        /// What it has received now.
        granted: Money,
    },
    /// The approval is dated after the grant it would let through ([EM3]).
    ///
    /// [EM3]: crate::requirements#EM3
    #[error("the approval was given at {approved_at}, after the grant at {at}")]
    ApprovalAfterGrant {
        /// When it was given.
        approved_at: DateTime<Utc>,
        /// When the grant is.
        at: DateTime<Utc>,
    },
    /// The approval is older than the policy allows ([EM3]).
    ///
    /// [EM3]: crate::requirements#EM3
    #[error("the approval given at {approved_at} was valid until {until}; ask again")]
    ApprovalExpired {
        /// When it was given.
        approved_at: DateTime<Utc>,
        /// The end of its validity.
        until: DateTime<Utc>,
    },
    /// The approval covers less than the grant needs ([EM3]).
    ///
    /// [EM3]: crate::requirements#EM3
    #[error("the approval covers {approved} but the grant needs {needed}")]
    ApprovalTooSmall {
        /// What was approved.
        approved: Money,
        /// What the case total would reach.
        needed: Money,
    },
}

crate::refusal::refusals! { EmpowermentError {
    WrongCurrency { expected, found } => "wrong_currency", "X6";
    UnknownStaff { id } => "unknown_staff", "EM1";
    RoleLimitAboveSenior { role, kind, limit, senior, senior_limit }
        => "role_limit_above_senior", "EM2";
    AboveSuperior { member, superior, kind, limit, superior_limit } => "above_superior", "EM2";
    DelegatorNotAbove { from, to } => "delegator_not_above", "EM2";
    DelegationExceedsAuthority { from, kind, limit, held } => "delegation_exceeds_authority", "EM2";
    DuplicateDelegation { to, kind } => "duplicate_delegation", "EM2";
    AuthorityExceeded { actor, kind, needed, held, escalate_to } => "authority_exceeded", "EM2";
    TrainingRequired { actor, kind, training, escalate_to } => "training_required", "EM4";
    ApproverNotAbove { approver, actor } => "approver_not_above", "EM3";
    ApprovalDoesNotMatch {} => "approval_does_not_match", "EM3";
    BlankParty {} => "blank_party", "CO2";
    ApprovalFromAnotherOrganisation {} => "approval_from_another_organisation", "EM3";
    ApprovalSpent { kind, approved_after, granted } => "approval_spent", "EM3";
    ApprovalAfterGrant { approved_at, at } => "approval_after_grant", "EM3";
    ApprovalExpired { approved_at, until } => "approval_expired", "EM3";
    ApprovalTooSmall { approved, needed } => "approval_too_small", "EM3";
} wraps { Staff, Money } }

fn escalation(to: Option<StaffId>) -> String {
    match to {
        Some(to) => format!("escalate to {to}"),
        None => "nobody in the reporting line holds enough".to_owned(),
    }
}

/// The unchecked parts of a [`EmpowermentPolicy`]: fill it in, then `EmpowermentPolicy::try_from` checks it.
///
/// This is also the policy's JSON shape.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct EmpowermentPolicySpec {
    /// The currency of every amount in the policy.
    pub currency: Currency,
    /// Case totals up to and including this need no approval, limit or training (EM5).
    pub goodwill_threshold: Money,
    /// Per role, per remedy kind, the most one person may grant in one case. Missing
    /// entries are zero. In JSON, a role or a kind given twice is refused.
    #[cfg_attr(feature = "serde", serde(default, deserialize_with = "unique_limits"))]
    #[cfg_attr(
        feature = "schemars",
        schemars(with = "BTreeMap<Role, BTreeMap<RemedyKind, Money>>")
    )]
    pub limits: BTreeMap<Role, BTreeMap<RemedyKind, Money>>,
    /// Trainings that must be valid to grant a remedy kind above the threshold (EM4).
    #[cfg_attr(
        feature = "serde",
        serde(default, deserialize_with = "crate::unique_keys")
    )]
    #[cfg_attr(
        feature = "schemars",
        schemars(with = "BTreeMap<RemedyKind, BTreeSet<TrainingKind>>")
    )]
    pub training_required: BTreeMap<RemedyKind, BTreeSet<TrainingKind>>,
    /// How long an [`Approval`] stays valid after it is given, in minutes (EM3); a
    /// missing value is [`EmpowermentPolicySpec::DEFAULT_APPROVAL_VALID_MINUTES`].
    #[cfg_attr(feature = "serde", serde(default = "default_approval_valid_minutes"))]
    pub approval_valid_minutes: u32,
}

/// The role limits of a policy, each role and each kind once ([X3]).
///
/// [X3]: crate::requirements#X3
#[cfg(feature = "serde")]
fn unique_limits<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<Role, BTreeMap<RemedyKind, Money>>, D::Error> {
    let crate::UniqueKeys(roles): crate::UniqueKeys<Role, crate::UniqueKeys<RemedyKind, Money>> =
        serde::Deserialize::deserialize(deserializer)?;
    Ok(roles
        .into_iter()
        .map(|(role, crate::UniqueKeys(kinds))| (role, kinds))
        .collect())
}

#[cfg(feature = "serde")]
fn default_approval_valid_minutes() -> u32 {
    EmpowermentPolicySpec::DEFAULT_APPROVAL_VALID_MINUTES
}

impl EmpowermentPolicySpec {
    /// How long an approval stays valid unless the policy says otherwise: a day.
    pub const DEFAULT_APPROVAL_VALID_MINUTES: u32 = 24 * 60;

    /// A policy in `currency` with a goodwill threshold and no limits yet; approvals
    /// stay valid for a day.
    pub fn new(currency: Currency, goodwill_threshold: Money) -> Self {
        Self {
            currency,
            goodwill_threshold,
            limits: BTreeMap::new(),
            training_required: BTreeMap::new(),
            approval_valid_minutes: Self::DEFAULT_APPROVAL_VALID_MINUTES,
        }
    }

    /// Sets one role's limit for one remedy kind.
    pub fn set_limit(&mut self, role: Role, kind: RemedyKind, limit: Money) -> &mut Self {
        self.limits.entry(role).or_default().insert(kind, limit);
        self
    }

    /// Adds a training that granting `kind` requires.
    pub fn require_training(&mut self, kind: RemedyKind, training: TrainingKind) -> &mut Self {
        self.training_required
            .entry(kind)
            .or_default()
            .insert(training);
        self
    }
}

/// The empowerment rules that do not depend on who works here: currency, goodwill
/// threshold, role limits and training prerequisites (EM2, EM4, EM5).
///
/// Every amount is in the policy's currency, and no role's limit for a kind is above
/// the limit a more senior role sets for it, nor above the owner's (a kind the owner
/// sets no limit for, nobody may grant above the goodwill threshold) (EM2). A role that sets no limit for a kind may
/// grant none of it above the goodwill threshold; whether that leaves someone above
/// their own superior is checked with the people, by [`Organisation`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "EmpowermentPolicySpec", into = "EmpowermentPolicySpec")
)]
pub struct EmpowermentPolicy {
    spec: EmpowermentPolicySpec,
}

impl TryFrom<EmpowermentPolicySpec> for EmpowermentPolicy {
    type Error = EmpowermentError;

    /// # Errors
    /// [`EmpowermentError::WrongCurrency`] for an amount in another currency;
    /// [`EmpowermentError::RoleLimitAboveSenior`] when a role's limit for a kind is above
    /// the one a more senior role sets ([EM2]).
    ///
    /// [EM2]: crate::requirements#EM2
    fn try_from(spec: EmpowermentPolicySpec) -> Result<Self, Self::Error> {
        let amounts = core::iter::once(&spec.goodwill_threshold)
            .chain(spec.limits.values().flat_map(BTreeMap::values));
        for amount in amounts {
            if amount.currency() != spec.currency {
                return Err(EmpowermentError::WrongCurrency {
                    expected: spec.currency,
                    found: *amount,
                });
            }
        }
        for kind in RemedyKind::ALL {
            // Roles that set a limit for this kind, most senior first, and the owner
            // always: service flows from the top, so what the owner lacks (a missing
            // limit is zero) nobody holds.
            let set: Vec<(Role, Money)> = Role::ALL
                .into_iter()
                .filter_map(|role| {
                    match spec.limits.get(&role).and_then(|limits| limits.get(&kind)) {
                        Some(limit) => Some((role, *limit)),
                        None if role == Role::Owner => Some((role, Money::zero(spec.currency))),
                        None => None,
                    }
                })
                .collect();
            for (i, &(role, limit)) in set.iter().enumerate() {
                let nearest_lower_senior = set[..i]
                    .iter()
                    .rev()
                    .find(|(_, senior_limit)| senior_limit.minor_units() < limit.minor_units());
                if let Some(&(senior, senior_limit)) = nearest_lower_senior {
                    return Err(EmpowermentError::RoleLimitAboveSenior {
                        role,
                        kind,
                        limit,
                        senior,
                        senior_limit,
                    });
                }
            }
        }
        Ok(EmpowermentPolicy { spec })
    }
}

impl From<EmpowermentPolicy> for EmpowermentPolicySpec {
    fn from(policy: EmpowermentPolicy) -> Self {
        policy.spec
    }
}

impl EmpowermentPolicy {
    /// The currency of every amount in the policy.
    pub fn currency(&self) -> Currency {
        self.spec.currency
    }

    /// Case totals up to and including this go through without approval ([EM5]).
    ///
    /// [EM5]: crate::requirements#EM5
    pub fn goodwill_threshold(&self) -> Money {
        self.spec.goodwill_threshold
    }

    /// The role's limit for `kind` per case; zero when the policy sets none.
    pub fn limit(&self, role: Role, kind: RemedyKind) -> Money {
        self.spec
            .limits
            .get(&role)
            .and_then(|limits| limits.get(&kind))
            .copied()
            .unwrap_or(Money::zero(self.spec.currency))
    }

    /// How long an approval stays valid after it is given ([EM3]).
    ///
    /// [EM3]: crate::requirements#EM3
    pub fn approval_validity(&self) -> TimeDelta {
        TimeDelta::minutes(i64::from(self.spec.approval_valid_minutes))
    }

    /// The trainings that granting `kind` above the threshold requires ([EM4]).
    ///
    /// [EM4]: crate::requirements#EM4
    pub fn training_required(&self, kind: RemedyKind) -> impl Iterator<Item = &TrainingKind> {
        self.spec.training_required.get(&kind).into_iter().flatten()
    }

    fn check_currency(&self, amount: Money) -> Result<Money, EmpowermentError> {
        if amount.currency() == self.spec.currency {
            Ok(amount)
        } else {
            Err(EmpowermentError::WrongCurrency {
                expected: self.spec.currency,
                found: amount,
            })
        }
    }
}

/// A person's own limit for one remedy kind, handed down by someone above them (EM2).
///
/// It replaces the role's limit for that person and kind; it may be higher or lower, but
/// never above the delegator's own limit nor above the person's superior's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Delegation {
    /// Who delegates; must stand above `to`.
    pub from: StaffId,
    /// Who receives the limit.
    pub to: StaffId,
    /// The remedy kind.
    pub kind: RemedyKind,
    /// The limit per case.
    pub limit: Money,
}

/// A request to grant one remedy in one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct GrantRequest {
    /// The case.
    pub case: ComplaintId,
    /// Who grants it.
    pub actor: StaffId,
    /// What is granted.
    pub remedy: Remedy,
    /// What the case has already received of the same kind, so limits apply per case
    /// (EM2). `None` means nothing yet.
    pub already_granted: Option<Money>,
}

impl GrantRequest {
    /// A request in a case that has received nothing of this kind yet.
    pub const fn new(case: ComplaintId, actor: StaffId, remedy: Remedy) -> Self {
        Self {
            case,
            actor,
            remedy,
            already_granted: None,
        }
    }

    /// The same request in a case that has already received `amount` of this kind.
    #[must_use]
    pub const fn after(self, amount: Money) -> Self {
        Self {
            already_granted: Some(amount),
            ..self
        }
    }
}

/// Permission to grant one remedy kind in one case up to an amount, given by someone up
/// the line who holds enough authority ([EM3]).
///
/// There is no public constructor and no `Deserialize`: the only way to get one is
/// [`Organisation::approve`], so a grant above the actor's authority cannot skip the
/// check. It is valid only in the organisation that gave it (one with the same policy
/// and staff), only for the grant it was asked for (its case, actor and kind, with
/// what the case had received of the kind then: once the case has received more, it
/// is spent), only from its instant until the policy's validity runs out, and only
/// while its approver still stands above the actor and holds enough at the grant's
/// instant. A host that records each grant in [`GrantRequest::after`] cannot use one
/// approval twice in a case.
///
/// ```compile_fail
/// use customer_care::empowerment::Approval;
/// let forged = Approval::default(); // no Default
/// ```
///
/// ```compile_fail
/// # use customer_care::{empowerment::Approval, id::*, money::*, remedy::RemedyKind};
/// # let id = StaffId::from_uuid(uuid::Uuid::nil());
/// let forged = Approval { // private fields
///     case: ComplaintId::from_uuid(uuid::Uuid::nil()), actor: id, approver: id,
///     kind: RemedyKind::Refund, up_to: Money::minor(1, Currency::EUR), approved_at: chrono::DateTime::UNIX_EPOCH,
/// };
/// ```
///
/// ```compile_fail
/// use customer_care::empowerment::Approval;
/// let forged: Approval = serde_json::from_str("{}").unwrap(); // no Deserialize
/// ```
///
/// [EM3]: crate::requirements#EM3
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Approval {
    case: ComplaintId,
    actor: StaffId,
    approver: StaffId,
    kind: RemedyKind,
    up_to: Money,
    /// What the case had received of the kind when approved: the approval is for the
    /// grant that comes next, and is spent once the case has received more.
    after: Money,
    approved_at: DateTime<Utc>,
    /// The fingerprint of the policy and staff that issued it.
    #[cfg_attr(feature = "serde", serde(skip))]
    issuer: u64,
}

impl Approval {
    /// The case it is for.
    pub fn case(&self) -> ComplaintId {
        self.case
    }

    /// The person whose grant it approves.
    pub fn actor(&self) -> StaffId {
        self.actor
    }

    /// Who approved.
    pub fn approver(&self) -> StaffId {
        self.approver
    }

    /// The remedy kind.
    pub fn kind(&self) -> RemedyKind {
        self.kind
    }

    /// The case total of that kind it allows.
    pub fn up_to(&self) -> Money {
        self.up_to
    }

    /// What the case had received of that kind when it was approved.
    pub fn after(&self) -> Money {
        self.after
    }

    /// When it was given.
    pub fn approved_at(&self) -> DateTime<Utc> {
        self.approved_at
    }
}

/// Why a grant may go through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Authorization {
    /// The case total is within the goodwill threshold (EM5).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::no_fields"))]
    Goodwill,
    /// Within the actor's own authority and training (EM1, EM2, EM4).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::no_fields"))]
    OwnAuthority,
    /// Above the actor's authority, with an approval from `approver` (EM3).
    Approved {
        /// Who approved.
        approver: StaffId,
    },
}

impl core::fmt::Display for Authorization {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Authorization::Goodwill => f.write_str("within the goodwill threshold"),
            Authorization::OwnAuthority => f.write_str("within their own authority"),
            Authorization::Approved { approver } => write!(f, "approved by {approver}"),
        }
    }
}

/// An [`Organisation`]'s JSON shape, before the checks.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct OrganisationFields {
    policy: EmpowermentPolicy,
    staff: Directory,
    #[cfg_attr(feature = "serde", serde(default))]
    delegations: Vec<Delegation>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    never_blamed: Vec<String>,
}

/// Who works here and who may grant what: the policy, the staff directory and the
/// delegations, checked together (EM1–EM5).
///
/// For every person, remedy kind and superior, the person's limit is at most the
/// superior's, and every delegation comes from above and within the delegator's limit.
/// Every query is pure and takes the instant at which training is judged.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "OrganisationFields", into = "OrganisationFields")
)]
pub struct Organisation {
    policy: EmpowermentPolicy,
    staff: Directory,
    delegations: BTreeMap<(StaffId, RemedyKind), Delegation>,
    /// The fingerprint of the policy and the staff, which every [`Approval`] it gives
    /// carries (EM3).
    issuer: u64,
    /// The parties a customer must never be pointed at (CO2), in order, each once.
    never_blamed: Vec<String>,
}

#[cfg(feature = "serde")]
impl TryFrom<OrganisationFields> for Organisation {
    type Error = EmpowermentError;

    fn try_from(fields: OrganisationFields) -> Result<Self, Self::Error> {
        Self::try_new(fields.policy, fields.staff, fields.delegations)?
            .with_never_blamed(fields.never_blamed)
    }
}

#[cfg(feature = "serde")]
impl From<Organisation> for OrganisationFields {
    fn from(org: Organisation) -> Self {
        Self {
            policy: org.policy,
            staff: org.staff,
            delegations: org.delegations.into_values().collect(),
            never_blamed: org.never_blamed,
        }
    }
}

impl Organisation {
    /// A one-person business: its owner, `name`, who decides everything ([ST1]). The
    /// owner may grant any remedy of any value in `currency` ([EM2]), there is no
    /// goodwill threshold, no training is required and nobody is never-blamed yet
    /// ([`Organisation::with_never_blamed`] adds them). Hire with
    /// [`Organisation::try_new`].
    ///
    /// [ST1]: crate::requirements#ST1
    /// [EM2]: crate::requirements#EM2
    pub fn run_by(owner: StaffId, name: impl Into<String>, currency: Currency) -> Self {
        let mut spec = EmpowermentPolicySpec::new(currency, Money::zero(currency));
        for kind in RemedyKind::ALL {
            spec.set_limit(Role::Owner, kind, Money::minor(u64::MAX, currency));
        }
        // One currency, and only the owner sets limits: nothing for EM2 to refuse.
        let policy = EmpowermentPolicy { spec };
        let staff = Directory::of_owner(owner, name);
        let issuer = fingerprint(&policy, &staff);
        Self {
            policy,
            staff,
            delegations: BTreeMap::new(),
            issuer,
            never_blamed: Vec::new(),
        }
    }

    /// Checks the policy, the staff and the delegations together.
    ///
    /// The delegations may come in any order: each is checked against the limits they
    /// all produce together.
    ///
    /// # Errors
    /// [`EmpowermentError::UnknownStaff`], [`EmpowermentError::WrongCurrency`],
    /// [`EmpowermentError::DuplicateDelegation`], [`EmpowermentError::DelegatorNotAbove`],
    /// [`EmpowermentError::DelegationExceedsAuthority`] or
    /// [`EmpowermentError::AboveSuperior`].
    pub fn try_new(
        policy: EmpowermentPolicy,
        staff: Directory,
        delegations: impl IntoIterator<Item = Delegation>,
    ) -> Result<Self, EmpowermentError> {
        let issuer = fingerprint(&policy, &staff);
        let mut org = Self {
            policy,
            staff,
            delegations: BTreeMap::new(),
            issuer,
            never_blamed: Vec::new(),
        };
        for delegation in delegations {
            let key = (delegation.to, delegation.kind);
            if org.delegations.insert(key, delegation).is_some() {
                return Err(EmpowermentError::DuplicateDelegation {
                    to: delegation.to,
                    kind: delegation.kind,
                });
            }
        }
        for delegation in org.delegations.values() {
            org.check_delegation(delegation)?;
        }
        for member in org.staff.members() {
            for kind in RemedyKind::ALL {
                org.check_below_superior(member.id, kind)?;
            }
        }
        Ok(org)
    }

    /// The policy.
    pub fn policy(&self) -> &EmpowermentPolicy {
        &self.policy
    }

    /// The staff directory.
    pub fn staff(&self) -> &Directory {
        &self.staff
    }

    /// The same organisation, with the parties a customer must never be pointed at:
    /// suppliers, carriers, partners, departments ([CO2]). A customer-facing text of a
    /// complaint that names one of them is refused
    /// ([`crate::complaint::ComplaintError::BlamesThirdParty`]). Names are matched as
    /// whole words in any letter case; each is kept once, trimmed.
    ///
    /// In JSON, `"never_blamed": ["Rápido Couriers", "the warehouse"]`, left out when
    /// empty.
    ///
    /// # Errors
    /// [`EmpowermentError::BlankParty`] for a name with nothing visible in it.
    ///
    /// [CO2]: crate::requirements#CO2
    pub fn with_never_blamed(
        mut self,
        parties: impl IntoIterator<Item = String>,
    ) -> Result<Self, EmpowermentError> {
        let mut names = BTreeSet::new();
        for party in parties {
            if crate::text::is_blank(&party) {
                return Err(EmpowermentError::BlankParty);
            }
            names.insert(party.trim().to_owned());
        }
        self.never_blamed = names.into_iter().collect();
        Ok(self)
    }

    /// The parties a customer must never be pointed at ([CO2]).
    ///
    /// [CO2]: crate::requirements#CO2
    pub fn never_blamed(&self) -> &[String] {
        &self.never_blamed
    }

    /// The delegations in force, by delegate and kind.
    pub fn delegations(&self) -> impl Iterator<Item = &Delegation> {
        self.delegations.values()
    }

    fn member(&self, id: StaffId) -> Result<&StaffMember, EmpowermentError> {
        self.staff
            .get(id)
            .ok_or(EmpowermentError::UnknownStaff { id })
    }

    /// The most `id` may grant of `kind` in one case: their delegation if they have one,
    /// else their role's limit ([EM2]).
    ///
    /// # Errors
    /// [`EmpowermentError::UnknownStaff`].
    ///
    /// [EM2]: crate::requirements#EM2
    pub fn limit(&self, id: StaffId, kind: RemedyKind) -> Result<Money, EmpowermentError> {
        let member = self.member(id)?;
        Ok(self.limit_of(member, kind))
    }

    fn limit_of(&self, member: &StaffMember, kind: RemedyKind) -> Money {
        self.delegations
            .get(&(member.id, kind))
            .map(|delegation| delegation.limit)
            .unwrap_or_else(|| self.policy.limit(member.role(), kind))
    }

    /// Hands `delegation.to` their own limit for one remedy kind, replacing any earlier
    /// delegation for that person and kind ([EM2]).
    ///
    /// # Errors
    /// [`EmpowermentError::DelegatorNotAbove`] unless the delegator stands above the
    /// delegate; [`EmpowermentError::DelegationExceedsAuthority`] when the limit is above
    /// the delegator's own; [`EmpowermentError::AboveSuperior`] when it would put the
    /// delegate above their direct superior, or leave someone reporting to them above
    /// them. The organisation is unchanged on error.
    ///
    /// [EM2]: crate::requirements#EM2
    pub fn delegate(&mut self, delegation: Delegation) -> Result<(), EmpowermentError> {
        self.check_delegation(&delegation)?;
        let Delegation {
            to, kind, limit, ..
        } = delegation;
        if let Some(superior) = self.staff.superior(to) {
            not_above(
                kind,
                (to, limit),
                (superior.id, self.limit_of(superior, kind)),
            )?;
        }
        for report in self.staff.direct_reports(to) {
            not_above(kind, (report.id, self.limit_of(report, kind)), (to, limit))?;
        }
        self.delegations.insert((to, kind), delegation);
        Ok(())
    }

    fn check_delegation(&self, delegation: &Delegation) -> Result<(), EmpowermentError> {
        let limit = self.policy.check_currency(delegation.limit)?;
        let from = self.member(delegation.from)?;
        self.member(delegation.to)?;
        if !self.staff.is_above(delegation.from, delegation.to) {
            return Err(EmpowermentError::DelegatorNotAbove {
                from: delegation.from,
                to: delegation.to,
            });
        }
        let held = self.limit_of(from, delegation.kind);
        if limit.minor_units() > held.minor_units() {
            return Err(EmpowermentError::DelegationExceedsAuthority {
                from: delegation.from,
                kind: delegation.kind,
                limit,
                held,
            });
        }
        Ok(())
    }

    /// [EM2]: `id`'s limit for `kind` is not above their direct superior's.
    ///
    /// [EM2]: crate::requirements#EM2
    fn check_below_superior(&self, id: StaffId, kind: RemedyKind) -> Result<(), EmpowermentError> {
        let member = self.member(id)?;
        match self.staff.superior(id) {
            Some(superior) => not_above(
                kind,
                (id, self.limit_of(member, kind)),
                (superior.id, self.limit_of(superior, kind)),
            ),
            None => Ok(()),
        }
    }

    /// Why `member` may not grant a case total of `needed` of `kind` at `at` on their
    /// own, if they may not ([EM2], [EM4]).
    ///
    /// [EM2]: crate::requirements#EM2
    /// [EM4]: crate::requirements#EM4
    fn shortfall(
        &self,
        member: &StaffMember,
        kind: RemedyKind,
        needed: Money,
        at: DateTime<Utc>,
    ) -> Option<Shortfall<'_>> {
        let held = self.limit_of(member, kind);
        if needed.minor_units() > held.minor_units() {
            return Some(Shortfall::Limit { held });
        }
        self.policy
            .training_required(kind)
            .find(|training| !member.is_trained(training, at))
            .map(Shortfall::Training)
    }

    /// The refusal for `member`'s shortfall, naming who to escalate to.
    fn refuse(
        &self,
        member: StaffId,
        shortfall: Shortfall<'_>,
        kind: RemedyKind,
        needed: Money,
        at: DateTime<Utc>,
    ) -> EmpowermentError {
        let escalate_to = self.nearest_able(member, kind, needed, at);
        match shortfall {
            Shortfall::Limit { held } => EmpowermentError::AuthorityExceeded {
                actor: member,
                kind,
                needed,
                held,
                escalate_to,
            },
            Shortfall::Training(training) => EmpowermentError::TrainingRequired {
                actor: member,
                kind,
                training: training.clone(),
                escalate_to,
            },
        }
    }

    /// The nearest person above `id` who could grant a case total of `needed` of `kind`
    /// at `at` on their own: the one to escalate to ([EM3]).
    ///
    /// # Errors
    /// [`EmpowermentError::UnknownStaff`].
    ///
    /// [EM3]: crate::requirements#EM3
    pub fn escalation_target(
        &self,
        id: StaffId,
        kind: RemedyKind,
        needed: Money,
        at: DateTime<Utc>,
    ) -> Result<Option<StaffId>, EmpowermentError> {
        self.member(id)?;
        Ok(self.nearest_able(id, kind, needed, at))
    }

    fn nearest_able(
        &self,
        id: StaffId,
        kind: RemedyKind,
        needed: Money,
        at: DateTime<Utc>,
    ) -> Option<StaffId> {
        self.staff
            .line_above(id)
            .find(|above| self.shortfall(above, kind, needed, at).is_none())
            .map(|above| above.id)
    }

    /// The case total the request would reach, in the policy currency.
    fn needed(&self, request: &GrantRequest) -> Result<Money, EmpowermentError> {
        let value = self.policy.check_currency(request.remedy.value)?;
        match request.already_granted {
            None => Ok(value),
            Some(before) => Ok(self.policy.check_currency(before)?.checked_add(value)?),
        }
    }

    /// Whether `request.actor` may grant `request.remedy` at `at`, and why.
    ///
    /// In order: a case total within the goodwill threshold goes through ([EM5]); so does
    /// one within the actor's limit when they hold the required training ([EM1], [EM2],
    /// [EM4]); above that, only a matching `approval` lets it through ([EM3]).
    ///
    /// # Errors
    /// [`EmpowermentError::AuthorityExceeded`] or [`EmpowermentError::TrainingRequired`]
    /// without an approval, each naming the nearest person up the line to escalate to;
    /// with an approval that does not let this grant through,
    /// [`EmpowermentError::ApprovalFromAnotherOrganisation`],
    /// [`EmpowermentError::ApprovalDoesNotMatch`], [`EmpowermentError::ApprovalSpent`],
    /// [`EmpowermentError::ApprovalTooSmall`], [`EmpowermentError::ApprovalAfterGrant`],
    /// [`EmpowermentError::ApprovalExpired`], or the approver's own refusal as
    /// [`Organisation::approve`] gives it (they left the line, lost authority or let
    /// their training lapse); [`EmpowermentError::UnknownStaff`],
    /// [`EmpowermentError::WrongCurrency`] or [`EmpowermentError::Money`] for bad input.
    ///
    /// [EM1]: crate::requirements#EM1
    /// [EM2]: crate::requirements#EM2
    /// [EM3]: crate::requirements#EM3
    /// [EM4]: crate::requirements#EM4
    /// [EM5]: crate::requirements#EM5
    pub fn authorize(
        &self,
        request: &GrantRequest,
        approval: Option<&Approval>,
        at: DateTime<Utc>,
    ) -> Result<Authorization, EmpowermentError> {
        let actor = self.member(request.actor)?;
        let needed = self.needed(request)?;
        let kind = request.remedy.kind;
        if needed.minor_units() <= self.policy.goodwill_threshold().minor_units() {
            return Ok(Authorization::Goodwill);
        }
        let Some(shortfall) = self.shortfall(actor, kind, needed, at) else {
            return Ok(Authorization::OwnAuthority);
        };
        match approval {
            Some(approval) => {
                self.check_approval(approval, request, needed, at)?;
                Ok(Authorization::Approved {
                    approver: approval.approver,
                })
            }
            None => Err(self.refuse(actor.id, shortfall, kind, needed, at)),
        }
    }

    /// [EM3]: `approval` lets `request`, reaching a case total of `needed`, through at
    /// `at`: it is this organisation's, for this case, actor and kind, for the grant
    /// that comes next and large enough, given before the grant and still valid, and
    /// its approver still stands above the actor and holds enough at `at`.
    ///
    /// [EM3]: crate::requirements#EM3
    fn check_approval(
        &self,
        approval: &Approval,
        request: &GrantRequest,
        needed: Money,
        at: DateTime<Utc>,
    ) -> Result<(), EmpowermentError> {
        if approval.issuer != self.issuer {
            return Err(EmpowermentError::ApprovalFromAnotherOrganisation);
        }
        let kind = request.remedy.kind;
        if (approval.case, approval.actor, approval.kind) != (request.case, request.actor, kind) {
            return Err(EmpowermentError::ApprovalDoesNotMatch);
        }
        let granted = self.granted_before(request)?;
        match granted.checked_cmp(&approval.after)? {
            Ordering::Equal => {}
            Ordering::Greater => {
                return Err(EmpowermentError::ApprovalSpent {
                    kind,
                    approved_after: approval.after,
                    granted,
                });
            }
            Ordering::Less => return Err(EmpowermentError::ApprovalDoesNotMatch),
        }
        if approval.up_to.checked_cmp(&needed)? == Ordering::Less {
            return Err(EmpowermentError::ApprovalTooSmall {
                approved: approval.up_to,
                needed,
            });
        }
        if approval.approved_at > at {
            return Err(EmpowermentError::ApprovalAfterGrant {
                approved_at: approval.approved_at,
                at,
            });
        }
        let until = approval
            .approved_at
            .checked_add_signed(self.policy.approval_validity())
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        if at > until {
            return Err(EmpowermentError::ApprovalExpired {
                approved_at: approval.approved_at,
                until,
            });
        }
        self.check_approver(approval.approver, request, needed, at)
    }

    /// [EM3]: `approver` is on the staff, above the actor, and could grant a case total
    /// of `needed` themselves at `at`.
    ///
    /// [EM3]: crate::requirements#EM3
    fn check_approver(
        &self,
        approver: StaffId,
        request: &GrantRequest,
        needed: Money,
        at: DateTime<Utc>,
    ) -> Result<(), EmpowermentError> {
        let approving = self.member(approver)?;
        if !self.staff.is_above(approver, request.actor) {
            return Err(EmpowermentError::ApproverNotAbove {
                approver,
                actor: request.actor,
            });
        }
        let kind = request.remedy.kind;
        match self.shortfall(approving, kind, needed, at) {
            Some(shortfall) => Err(self.refuse(approver, shortfall, kind, needed, at)),
            None => Ok(()),
        }
    }

    /// What the case had received of the request's kind, in the policy currency.
    fn granted_before(&self, request: &GrantRequest) -> Result<Money, EmpowermentError> {
        match request.already_granted {
            Some(before) => self.policy.check_currency(before),
            None => Ok(Money::zero(self.policy.currency())),
        }
    }

    /// `approver` approves `request` at `at`, if they stand above the actor and could
    /// grant its case total themselves ([EM3]). The approval is the only proof of that
    /// check that [`Organisation::authorize`] accepts.
    ///
    /// # Errors
    /// [`EmpowermentError::ApproverNotAbove`] when the approver is not above the actor;
    /// the approver's own [`EmpowermentError::AuthorityExceeded`] or
    /// [`EmpowermentError::TrainingRequired`], naming who to escalate to next; or the
    /// errors of bad input as for [`Organisation::authorize`].
    ///
    /// [EM3]: crate::requirements#EM3
    pub fn approve(
        &self,
        approver: StaffId,
        request: &GrantRequest,
        at: DateTime<Utc>,
    ) -> Result<Approval, EmpowermentError> {
        self.member(approver)?;
        self.member(request.actor)?;
        let needed = self.needed(request)?;
        self.check_approver(approver, request, needed, at)?;
        Ok(Approval {
            case: request.case,
            actor: request.actor,
            approver,
            kind: request.remedy.kind,
            up_to: needed,
            after: self.granted_before(request)?,
            approved_at: at,
            issuer: self.issuer,
        })
    }
}

/// What tells one organisation's approvals from another's: a hash of its policy and
/// staff. Hashers made by `DefaultHasher::new` agree within a build, and an approval
/// lives no longer than the program that made it (it never deserialises).
fn fingerprint(policy: &EmpowermentPolicy, staff: &Directory) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::hash::DefaultHasher::new();
    policy.hash(&mut hasher);
    staff.hash(&mut hasher);
    hasher.finish()
}

/// [EM2]: a member's limit (`member`: id and limit) is not above their superior's.
///
/// [EM2]: crate::requirements#EM2
fn not_above(
    kind: RemedyKind,
    (member, limit): (StaffId, Money),
    (superior, superior_limit): (StaffId, Money),
) -> Result<(), EmpowermentError> {
    if limit.minor_units() > superior_limit.minor_units() {
        return Err(EmpowermentError::AboveSuperior {
            member,
            superior,
            kind,
            limit,
            superior_limit,
        });
    }
    Ok(())
}

/// What keeps a person from granting on their own.
enum Shortfall<'a> {
    /// The case total is above their limit.
    Limit { held: Money },
    /// A required training is missing or expired.
    Training(&'a TrainingKind),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::staff::{Position, TrainingRecord};
    use chrono::TimeZone;
    use uuid::Uuid;

    const OLGA: StaffId = staff(1);
    const MARTA: StaffId = staff(2);
    const SOFIA: StaffId = staff(3);
    const ANA: StaffId = staff(4);
    const LUIS: StaffId = staff(5);
    const CASE: ComplaintId = ComplaintId::from_uuid(Uuid::from_u128(100));

    const fn staff(n: u128) -> StaffId {
        StaffId::from_uuid(Uuid::from_u128(n))
    }

    fn eur(cents: u64) -> Money {
        Money::minor(cents, Currency::EUR)
    }

    fn day(d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, d, 10, 0, 0).unwrap()
    }

    fn trained_until(d: u32) -> TrainingRecord {
        TrainingRecord::try_new(TrainingKind::CustomerService, day(1), Some(day(d))).unwrap()
    }

    /// Refunds: threshold €10, frontline €50, supervisor €100, manager €500, owner
    /// €5,000, all needing customer-service training. Luis's training lapses on day 10;
    /// Sofía was never trained.
    fn shop() -> Organisation {
        let mut spec = EmpowermentPolicySpec::new(Currency::EUR, eur(1_000));
        for (role, limit) in [
            (Role::Owner, 500_000),
            (Role::Manager, 50_000),
            (Role::Supervisor, 10_000),
            (Role::Frontline, 5_000),
        ] {
            spec.set_limit(role, RemedyKind::Refund, eur(limit));
        }
        spec.require_training(RemedyKind::Refund, TrainingKind::CustomerService);
        let staff = Directory::try_new([
            StaffMember::new(OLGA, "Olga", Position::Owner).with_training(trained_until(28)),
            StaffMember::new(MARTA, "Marta", Position::Manager { reports_to: OLGA })
                .with_training(trained_until(28)),
            StaffMember::new(SOFIA, "Sofía", Position::Supervisor { reports_to: MARTA }),
            StaffMember::new(ANA, "Ana", Position::Frontline { reports_to: SOFIA })
                .with_training(trained_until(28)),
            StaffMember::new(LUIS, "Luis", Position::Frontline { reports_to: SOFIA })
                .with_training(trained_until(10)),
        ])
        .unwrap();
        Organisation::try_new(EmpowermentPolicy::try_from(spec).unwrap(), staff, []).unwrap()
    }

    fn refund(actor: StaffId, cents: u64) -> GrantRequest {
        GrantRequest::new(CASE, actor, Remedy::new(RemedyKind::Refund, eur(cents)))
    }

    #[test]
    fn em1_anyone_grants_within_their_own_authority_without_asking() {
        let org = shop();
        assert_eq!(
            org.authorize(&refund(ANA, 5_000), None, day(5)),
            Ok(Authorization::OwnAuthority)
        );
        let apology = GrantRequest::new(CASE, LUIS, Remedy::apology(Currency::EUR));
        assert_eq!(
            org.authorize(&apology, None, day(20)),
            Ok(Authorization::Goodwill)
        );
    }

    #[test]
    fn em2_role_limit_above_the_senior_role_is_refused() {
        let mut spec = EmpowermentPolicySpec::new(Currency::EUR, eur(0));
        spec.set_limit(Role::Owner, RemedyKind::Credit, eur(300));
        spec.set_limit(Role::Manager, RemedyKind::Credit, eur(100));
        spec.set_limit(Role::Supervisor, RemedyKind::Credit, eur(200));
        assert_eq!(
            EmpowermentPolicy::try_from(spec),
            Err(EmpowermentError::RoleLimitAboveSenior {
                role: Role::Supervisor,
                kind: RemedyKind::Credit,
                limit: eur(200),
                senior: Role::Manager,
                senior_limit: eur(100),
            })
        );
        // As much as the senior role is not above it.
        let mut equal = EmpowermentPolicySpec::new(Currency::EUR, eur(0));
        equal.set_limit(Role::Owner, RemedyKind::Credit, eur(100));
        equal.set_limit(Role::Manager, RemedyKind::Credit, eur(100));
        equal.set_limit(Role::Supervisor, RemedyKind::Credit, eur(100));
        assert!(EmpowermentPolicy::try_from(equal).is_ok());
    }

    #[test]
    fn em2_no_role_holds_what_the_owner_lacks() {
        // The owner sets no credit limit: nobody may grant credit above the threshold,
        // so a frontline limit for it is refused, not loaded as a silent exception.
        let mut spec = EmpowermentPolicySpec::new(Currency::EUR, eur(0));
        spec.set_limit(Role::Owner, RemedyKind::Refund, eur(300));
        spec.set_limit(Role::Frontline, RemedyKind::Credit, eur(50));
        assert_eq!(
            EmpowermentPolicy::try_from(spec.clone()),
            Err(EmpowermentError::RoleLimitAboveSenior {
                role: Role::Frontline,
                kind: RemedyKind::Credit,
                limit: eur(50),
                senior: Role::Owner,
                senior_limit: eur(0),
            })
        );
        // A zero limit below an owner who sets none is no exception.
        spec.set_limit(Role::Frontline, RemedyKind::Credit, eur(0));
        assert!(EmpowermentPolicy::try_from(spec).is_ok());
    }

    #[test]
    fn x6_policy_amounts_in_another_currency_are_refused() {
        let mut spec = EmpowermentPolicySpec::new(Currency::EUR, eur(0));
        spec.set_limit(
            Role::Owner,
            RemedyKind::Refund,
            Money::minor(5, Currency::USD),
        );
        assert_eq!(
            EmpowermentPolicy::try_from(spec),
            Err(EmpowermentError::WrongCurrency {
                expected: Currency::EUR,
                found: Money::minor(5, Currency::USD)
            })
        );
        let usd = GrantRequest::new(
            CASE,
            ANA,
            Remedy::new(RemedyKind::Refund, Money::minor(1, Currency::USD)),
        );
        assert!(matches!(
            shop().authorize(&usd, None, day(5)),
            Err(EmpowermentError::WrongCurrency { .. })
        ));
    }

    #[test]
    fn em2_limits_apply_per_case_counting_earlier_grants() {
        let org = shop();
        let second = refund(ANA, 3_000).after(eur(3_000));
        assert!(matches!(
            org.authorize(&second, None, day(5)),
            Err(EmpowermentError::AuthorityExceeded { needed, held, .. })
                if needed == eur(6_000) && held == eur(5_000)
        ));
    }

    #[test]
    fn em2_delegation_beyond_the_delegators_authority_is_refused() {
        let mut org = shop();
        let before = org.clone();
        let too_much = Delegation {
            from: SOFIA,
            to: ANA,
            kind: RemedyKind::Refund,
            limit: eur(20_000),
        };
        assert_eq!(
            org.delegate(too_much),
            Err(EmpowermentError::DelegationExceedsAuthority {
                from: SOFIA,
                kind: RemedyKind::Refund,
                limit: eur(20_000),
                held: eur(10_000)
            })
        );
        assert_eq!(org, before);
        let all_she_holds = Delegation {
            limit: eur(10_000),
            ..too_much
        };
        org.delegate(all_she_holds).unwrap();
        assert_eq!(org.limit(ANA, RemedyKind::Refund), Ok(eur(10_000)));
        let fair = Delegation {
            limit: eur(8_000),
            ..too_much
        };
        org.delegate(fair).unwrap();
        assert_eq!(org.limit(ANA, RemedyKind::Refund), Ok(eur(8_000)));
        assert_eq!(org.limit(LUIS, RemedyKind::Refund), Ok(eur(5_000)));
    }

    #[test]
    fn em2_only_someone_above_may_delegate() {
        let mut org = shop();
        for (from, to) in [(ANA, LUIS), (ANA, SOFIA), (LUIS, LUIS)] {
            let delegation = Delegation {
                from,
                to,
                kind: RemedyKind::Refund,
                limit: eur(1),
            };
            assert_eq!(
                org.delegate(delegation),
                Err(EmpowermentError::DelegatorNotAbove { from, to })
            );
        }
    }

    #[test]
    fn em2_nobody_is_left_above_their_superior() {
        let mut org = shop();
        let before = org.clone();
        // Skip-level: Olga may hold €5,000 but Ana's supervisor holds only €100.
        let skip = Delegation {
            from: OLGA,
            to: ANA,
            kind: RemedyKind::Refund,
            limit: eur(20_000),
        };
        let above_sofia = EmpowermentError::AboveSuperior {
            member: ANA,
            superior: SOFIA,
            kind: RemedyKind::Refund,
            limit: eur(20_000),
            superior_limit: eur(10_000),
        };
        assert_eq!(org.delegate(skip), Err(above_sofia.clone()));
        // Stored, the same delegation is refused on load.
        assert_eq!(
            Organisation::try_new(org.policy().clone(), org.staff().clone(), [skip]),
            Err(above_sofia)
        );
        // Lowering Sofía below the €50 her associates hold.
        let lower = Delegation {
            from: MARTA,
            to: SOFIA,
            kind: RemedyKind::Refund,
            limit: eur(2_000),
        };
        assert_eq!(
            org.delegate(lower),
            Err(EmpowermentError::AboveSuperior {
                member: ANA,
                superior: SOFIA,
                kind: RemedyKind::Refund,
                limit: eur(5_000),
                superior_limit: eur(2_000)
            })
        );
        assert_eq!(org, before);
    }

    #[test]
    fn em2_a_replaced_delegation_is_restored_when_the_new_one_is_refused() {
        let mut org = shop();
        let first = Delegation {
            from: MARTA,
            to: SOFIA,
            kind: RemedyKind::Refund,
            limit: eur(20_000),
        };
        org.delegate(first).unwrap();
        let before = org.clone();
        let lower = Delegation {
            limit: eur(1_000),
            ..first
        };
        assert!(org.delegate(lower).is_err());
        assert_eq!(org, before);
        assert_eq!(org.delegations().collect::<Vec<_>>(), [&first]);
    }

    #[test]
    fn em2_stored_delegations_are_checked_together_in_any_order() {
        let shop = shop();
        let chain = [
            Delegation {
                from: SOFIA,
                to: ANA,
                kind: RemedyKind::Refund,
                limit: eur(15_000),
            },
            Delegation {
                from: MARTA,
                to: SOFIA,
                kind: RemedyKind::Refund,
                limit: eur(20_000),
            },
        ];
        let org =
            Organisation::try_new(shop.policy().clone(), shop.staff().clone(), chain).unwrap();
        assert_eq!(org.limit(ANA, RemedyKind::Refund), Ok(eur(15_000)));
        let twice = [chain[1], chain[1]];
        assert_eq!(
            Organisation::try_new(shop.policy().clone(), shop.staff().clone(), twice),
            Err(EmpowermentError::DuplicateDelegation {
                to: SOFIA,
                kind: RemedyKind::Refund
            })
        );
    }

    #[test]
    fn em3_above_authority_names_the_nearest_superior_who_holds_enough() {
        let org = shop();
        // Sofía holds €100 but no training; Marta holds €500 and is trained.
        assert_eq!(
            org.authorize(&refund(ANA, 8_000), None, day(5)),
            Err(EmpowermentError::AuthorityExceeded {
                actor: ANA,
                kind: RemedyKind::Refund,
                needed: eur(8_000),
                held: eur(5_000),
                escalate_to: Some(MARTA)
            })
        );
        assert_eq!(
            org.escalation_target(ANA, RemedyKind::Refund, eur(60_000), day(5)),
            Ok(Some(OLGA))
        );
        assert_eq!(
            org.escalation_target(ANA, RemedyKind::Refund, eur(600_000), day(5)),
            Ok(None)
        );
        // The message says what to do next (C-GOOD-ERR).
        let exceeded = |escalate_to| EmpowermentError::AuthorityExceeded {
            actor: ANA,
            kind: RemedyKind::Refund,
            needed: eur(8_000),
            held: eur(5_000),
            escalate_to,
        };
        assert!(
            exceeded(Some(MARTA))
                .to_string()
                .ends_with(&format!("; escalate to {MARTA}"))
        );
        assert!(
            exceeded(None)
                .to_string()
                .ends_with("; nobody in the reporting line holds enough")
        );
    }

    #[test]
    fn em3_only_an_approval_from_someone_above_who_holds_enough_lets_it_through() {
        let org = shop();
        let request = refund(ANA, 8_000);
        let approval = org.approve(MARTA, &request, day(5)).unwrap();
        assert_eq!(
            (approval.approver(), approval.actor(), approval.up_to()),
            (MARTA, ANA, eur(8_000))
        );
        assert_eq!(
            org.authorize(&request, Some(&approval), day(5)),
            Ok(Authorization::Approved { approver: MARTA })
        );
        assert_eq!(
            Authorization::Approved { approver: MARTA }.to_string(),
            format!("approved by {MARTA}")
        );
        // Sofía is above Ana but untrained.
        assert!(matches!(
            org.approve(SOFIA, &request, day(5)),
            Err(EmpowermentError::TrainingRequired {
                actor: SOFIA,
                escalate_to: Some(MARTA),
                ..
            })
        ));
        // Luis is a peer.
        assert_eq!(
            org.approve(LUIS, &request, day(5)),
            Err(EmpowermentError::ApproverNotAbove {
                approver: LUIS,
                actor: ANA
            })
        );
    }

    #[test]
    fn em3_an_approval_covers_only_its_case_actor_kind_and_amount() {
        let org = shop();
        let approval = org.approve(MARTA, &refund(ANA, 8_000), day(5)).unwrap();
        let other_case = GrantRequest {
            case: ComplaintId::from_uuid(Uuid::from_u128(101)),
            ..refund(ANA, 8_000)
        };
        let other_actor = refund(LUIS, 8_000);
        let other_kind = GrantRequest {
            remedy: Remedy::new(RemedyKind::Credit, eur(8_000)),
            ..refund(ANA, 8_000)
        };
        for request in [other_case, other_actor, other_kind] {
            assert_eq!(
                org.authorize(&request, Some(&approval), day(5)),
                Err(EmpowermentError::ApprovalDoesNotMatch)
            );
        }
        assert_eq!(
            org.authorize(&refund(ANA, 9_000), Some(&approval), day(5)),
            Err(EmpowermentError::ApprovalTooSmall {
                approved: eur(8_000),
                needed: eur(9_000)
            })
        );
    }

    #[test]
    fn em3_an_approval_is_valid_only_in_the_organisation_that_gave_it() {
        let ours = shop();
        let request = refund(ANA, 8_000);
        // Another shop: the same people under another policy, or another staff.
        let mut spec = EmpowermentPolicySpec::from(ours.policy().clone());
        spec.goodwill_threshold = eur(500);
        let other_policy = Organisation::try_new(
            EmpowermentPolicy::try_from(spec).unwrap(),
            ours.staff().clone(),
            [],
        )
        .unwrap();
        let fewer =
            Directory::try_new(ours.staff().members().filter(|m| m.id != LUIS).cloned()).unwrap();
        let other_staff = Organisation::try_new(ours.policy().clone(), fewer, []).unwrap();
        for other in [other_policy, other_staff] {
            let foreign = other.approve(MARTA, &request, day(5)).unwrap();
            assert_eq!(
                ours.authorize(&request, Some(&foreign), day(5)),
                Err(EmpowermentError::ApprovalFromAnotherOrganisation)
            );
        }
        // The same organisation, loaded again, is the same issuer.
        let approval = ours.approve(MARTA, &request, day(5)).unwrap();
        assert!(
            ours.clone()
                .authorize(&request, Some(&approval), day(5))
                .is_ok()
        );
    }

    #[test]
    fn em3_an_approval_is_spent_once_the_case_has_received_its_grant() {
        let org = shop();
        let approval = org.approve(MARTA, &refund(ANA, 8_000), day(5)).unwrap();
        assert_eq!(approval.after(), eur(0));
        assert!(
            org.authorize(&refund(ANA, 8_000), Some(&approval), day(5))
                .is_ok()
        );
        // Granted once, the case has received €80: the same approval again is spent.
        let again = refund(ANA, 8_000).after(eur(8_000));
        assert_eq!(
            org.authorize(&again, Some(&approval), day(5)),
            Err(EmpowermentError::ApprovalSpent {
                kind: RemedyKind::Refund,
                approved_after: eur(0),
                granted: eur(8_000)
            })
        );
        // Approved after €20, it does not cover a grant claimed to come first.
        let later = org
            .approve(MARTA, &refund(ANA, 6_000).after(eur(2_000)), day(5))
            .unwrap();
        assert_eq!(
            org.authorize(&refund(ANA, 6_000), Some(&later), day(5)),
            Err(EmpowermentError::ApprovalDoesNotMatch)
        );
    }

    #[test]
    fn em3_an_approval_is_valid_from_its_instant_for_the_policys_validity() {
        let org = shop();
        let request = refund(ANA, 8_000);
        let given = day(5);
        let approval = org.approve(MARTA, &request, given).unwrap();
        assert_eq!(
            org.authorize(
                &request,
                Some(&approval),
                given - chrono::Duration::minutes(1)
            ),
            Err(EmpowermentError::ApprovalAfterGrant {
                approved_at: given,
                at: given - chrono::Duration::minutes(1)
            })
        );
        let until = given + chrono::Duration::days(1);
        assert!(org.authorize(&request, Some(&approval), until).is_ok());
        let late = until + chrono::Duration::minutes(1);
        assert_eq!(
            org.authorize(&request, Some(&approval), late),
            Err(EmpowermentError::ApprovalExpired {
                approved_at: given,
                until
            })
        );
    }

    #[test]
    fn em3_the_approver_must_still_hold_enough_at_the_grant() {
        let mut spec = EmpowermentPolicySpec::from(shop().policy().clone());
        spec.approval_valid_minutes = 60 * 24 * 60;
        let org = Organisation::try_new(
            EmpowermentPolicy::try_from(spec).unwrap(),
            shop().staff().clone(),
            [],
        )
        .unwrap();
        let request = refund(ANA, 20_000);
        let approval = org.approve(MARTA, &request, day(5)).unwrap();
        // Marta's training lapses on the 28th: her approval lapses with it.
        assert!(matches!(
            org.authorize(&request, Some(&approval), day(28)),
            Err(EmpowermentError::TrainingRequired { actor: MARTA, .. })
        ));
        // Her limit cut below the grant by the owner: the approval no longer holds.
        let mut cut = org.clone();
        cut.delegate(Delegation {
            from: OLGA,
            to: MARTA,
            kind: RemedyKind::Refund,
            limit: eur(15_000),
        })
        .unwrap();
        assert!(matches!(
            cut.authorize(&request, Some(&approval), day(6)),
            Err(EmpowermentError::AuthorityExceeded { actor: MARTA, .. })
        ));
        assert!(org.authorize(&request, Some(&approval), day(6)).is_ok());
    }

    #[test]
    fn em4_expired_training_blocks_the_remedies_that_require_it() {
        let org = shop();
        assert_eq!(
            org.authorize(&refund(LUIS, 4_000), None, day(9)),
            Ok(Authorization::OwnAuthority)
        );
        assert_eq!(
            org.authorize(&refund(LUIS, 4_000), None, day(10)),
            Err(EmpowermentError::TrainingRequired {
                actor: LUIS,
                kind: RemedyKind::Refund,
                training: TrainingKind::CustomerService,
                escalate_to: Some(MARTA)
            })
        );
        // Kinds without a prerequisite are not blocked.
        let credit = GrantRequest::new(CASE, LUIS, Remedy::new(RemedyKind::Credit, eur(0)));
        assert!(org.authorize(&credit, None, day(10)).is_ok());
    }

    #[test]
    fn em5_below_the_goodwill_threshold_nothing_is_asked() {
        let org = shop();
        // Sofía has no training; Luis's has expired; the threshold is €10.
        for actor in [SOFIA, LUIS, ANA, OLGA] {
            assert_eq!(
                org.authorize(&refund(actor, 1_000), None, day(20)),
                Ok(Authorization::Goodwill)
            );
        }
        assert!(org.authorize(&refund(SOFIA, 1_001), None, day(20)).is_err());
    }

    #[test]
    fn unknown_staff_is_a_typed_error() {
        let org = shop();
        let ghost = staff(99);
        assert_eq!(
            org.authorize(&refund(ghost, 1), None, day(5)),
            Err(EmpowermentError::UnknownStaff { id: ghost })
        );
        assert_eq!(
            org.approve(ghost, &refund(ANA, 1), day(5)),
            Err(EmpowermentError::UnknownStaff { id: ghost })
        );
        assert_eq!(
            org.limit(ghost, RemedyKind::Refund),
            Err(EmpowermentError::UnknownStaff { id: ghost })
        );
    }
}
