//! Staff: the top-down hierarchy and training records (ST1, ST2).
//!
//! Service flows from the top: the owner, then managers, supervisors and frontline
//! associates. A [`Directory`] holds everyone with their reporting line and refuses any
//! set of people whose lines do not lead up to an owner (a cycle, a missing superior, a
//! superior junior to the person). Each person carries [`TrainingRecord`]s, checked at an
//! instant the caller gives, because some authority depends on training that has not
//! expired ([`crate::empowerment`], EM4).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use customer_care::id::StaffId;
//! use customer_care::staff::{Directory, Position, StaffMember, TrainingKind, TrainingRecord};
//! use uuid::Uuid;
//!
//! let (ana, luis) = (StaffId::from_uuid(Uuid::from_u128(1)), StaffId::from_uuid(Uuid::from_u128(2)));
//! let course = TrainingRecord::try_new(
//!     TrainingKind::CustomerService,
//!     Utc.with_ymd_and_hms(2026, 1, 10, 9, 0, 0).unwrap(),
//!     Some(Utc.with_ymd_and_hms(2027, 1, 10, 9, 0, 0).unwrap()),
//! )?;
//! let staff = Directory::try_new([
//!     StaffMember::new(ana, "Ana", Position::Owner),
//!     StaffMember::new(luis, "Luis", Position::Frontline { reports_to: ana }).with_training(course),
//! ])?;
//!
//! assert_eq!(staff.line_above(luis).map(|m| m.name.as_str()).collect::<Vec<_>>(), ["Ana"]);
//! let june = Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap();
//! assert!(staff.get(luis).unwrap().is_trained(&TrainingKind::CustomerService, june));
//! # Ok::<(), customer_care::staff::StaffError>(())
//! ```
//!
//! # JSON
//! A directory is the array of its members, each
//! `{"id": "…", "name": "Luis", "position": {"role": "frontline", "reports_to": "…"},
//! "training": [{"kind": {"type": "customer_service"}, "completed_at": "…",
//! "expires_at": "…" | null}]}`. Loading runs the same checks as [`Directory::try_new`].

use crate::id::StaffId;
use chrono::{DateTime, Utc};
use core::cmp::Ordering;
use core::fmt;
use std::collections::BTreeMap;

/// Why a training record or a directory was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StaffError {
    /// A training record expires at or before its completion (ST2).
    #[error("training record expires at {expires_at}, not after its completion at {completed_at}")]
    ExpiresBeforeCompletion {
        /// When the training was completed.
        completed_at: DateTime<Utc>,
        /// The expiry given.
        expires_at: DateTime<Utc>,
    },
    /// Two members share one id.
    #[error("staff member {id} is listed twice")]
    DuplicateStaff {
        /// The repeated id.
        id: StaffId,
    },
    /// A member reports to someone who is not in the directory (ST1).
    #[error("staff member {member} reports to {superior}, who is not in the directory")]
    UnknownSuperior {
        /// The member.
        member: StaffId,
        /// The missing superior.
        superior: StaffId,
    },
    /// A member reports to someone of a junior role (ST1: service flows top-down).
    #[error(
        "staff member {member} ({role}) reports to {superior}, a {superior_role}: a superior must be at least as senior"
    )]
    JuniorSuperior {
        /// The member.
        member: StaffId,
        /// The member's role.
        role: Role,
        /// The superior named.
        superior: StaffId,
        /// The superior's role, junior to the member's.
        superior_role: Role,
    },
    /// Following a member's reporting line never reaches an owner (ST1).
    #[error("the reporting line above {member} is a cycle and never reaches an owner")]
    CyclicReportingLine {
        /// A member on the cycle or below it.
        member: StaffId,
    },
}

/// A role in the hierarchy, from the top: owner, manager, supervisor, frontline (ST1).
///
/// Roles are ordered by seniority: `Role::Owner > Role::Manager > Role::Supervisor >
/// Role::Frontline`. In JSON a role is its `snake_case` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Role {
    /// Owns the business; reports to nobody.
    Owner,
    /// Manages a unit; backs the frontline and decides beyond their authority (CU4).
    Manager,
    /// Supervises a team of associates.
    Supervisor,
    /// Serves customers directly.
    Frontline,
}

impl Role {
    /// Every role, most senior first.
    pub const ALL: [Role; 4] = [
        Role::Owner,
        Role::Manager,
        Role::Supervisor,
        Role::Frontline,
    ];

    /// 3 for the owner down to 0 for frontline.
    pub const fn seniority(self) -> u8 {
        match self {
            Role::Owner => 3,
            Role::Manager => 2,
            Role::Supervisor => 1,
            Role::Frontline => 0,
        }
    }

    /// The role's name in lower case.
    pub const fn name(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Manager => "manager",
            Role::Supervisor => "supervisor",
            Role::Frontline => "frontline associate",
        }
    }
}

impl PartialOrd for Role {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Role {
    fn cmp(&self, other: &Self) -> Ordering {
        self.seniority().cmp(&other.seniority())
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A role together with its reporting line (ST1).
///
/// An owner reports to nobody; everyone else reports to exactly one person. The type
/// cannot say otherwise. In JSON: `{"role": "owner"}` or
/// `{"role": "supervisor", "reports_to": "…"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "role", rename_all = "snake_case"))]
pub enum Position {
    /// An owner, at the top.
    Owner,
    /// A manager reporting to `reports_to`.
    Manager {
        /// The direct superior.
        reports_to: StaffId,
    },
    /// A supervisor reporting to `reports_to`.
    Supervisor {
        /// The direct superior.
        reports_to: StaffId,
    },
    /// A frontline associate reporting to `reports_to`.
    Frontline {
        /// The direct superior.
        reports_to: StaffId,
    },
}

impl Position {
    /// The role held.
    pub const fn role(&self) -> Role {
        match self {
            Position::Owner => Role::Owner,
            Position::Manager { .. } => Role::Manager,
            Position::Supervisor { .. } => Role::Supervisor,
            Position::Frontline { .. } => Role::Frontline,
        }
    }

    /// The direct superior; `None` for an owner.
    pub const fn reports_to(&self) -> Option<StaffId> {
        match self {
            Position::Owner => None,
            Position::Manager { reports_to }
            | Position::Supervisor { reports_to }
            | Position::Frontline { reports_to } => Some(*reports_to),
        }
    }
}

/// What a person has been trained in (ST2).
///
/// In JSON: `{"type": "customer_service"}` or `{"type": "cross_training", "area": "…"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum TrainingKind {
    /// The basic duties of the job.
    BasicDuties,
    /// The products or services the business offers.
    ProductKnowledge,
    /// The software the job uses.
    Software,
    /// Customer service itself: listening, owning problems, remedies.
    CustomerService,
    /// Training in a related position, so the person can cover it.
    CrossTraining {
        /// The area or position trained for.
        area: String,
    },
}

impl fmt::Display for TrainingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TrainingKind::BasicDuties => f.write_str("basic duties"),
            TrainingKind::ProductKnowledge => f.write_str("product knowledge"),
            TrainingKind::Software => f.write_str("software"),
            TrainingKind::CustomerService => f.write_str("customer service"),
            TrainingKind::CrossTraining { area } => write!(f, "cross-training in {area}"),
        }
    }
}

/// One completed training, with an optional expiry (ST2).
///
/// It is valid from its completion (inclusive) until its expiry (exclusive).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "TrainingRecordFields"))]
pub struct TrainingRecord {
    kind: TrainingKind,
    completed_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
}

#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct TrainingRecordFields {
    kind: TrainingKind,
    completed_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
}

#[cfg(feature = "serde")]
impl TryFrom<TrainingRecordFields> for TrainingRecord {
    type Error = StaffError;

    fn try_from(f: TrainingRecordFields) -> Result<Self, Self::Error> {
        Self::try_new(f.kind, f.completed_at, f.expires_at)
    }
}

impl TrainingRecord {
    /// A training of `kind` completed at `completed_at`, valid until `expires_at` if
    /// given.
    ///
    /// # Errors
    /// [`StaffError::ExpiresBeforeCompletion`] when the expiry is not after completion.
    pub fn try_new(
        kind: TrainingKind,
        completed_at: DateTime<Utc>,
        expires_at: Option<DateTime<Utc>>,
    ) -> Result<Self, StaffError> {
        match expires_at {
            Some(expires_at) if expires_at <= completed_at => {
                Err(StaffError::ExpiresBeforeCompletion {
                    completed_at,
                    expires_at,
                })
            }
            _ => Ok(Self {
                kind,
                completed_at,
                expires_at,
            }),
        }
    }

    /// What was trained.
    pub fn kind(&self) -> &TrainingKind {
        &self.kind
    }

    /// When it was completed.
    pub fn completed_at(&self) -> DateTime<Utc> {
        self.completed_at
    }

    /// When it stops being valid, if ever.
    pub fn expires_at(&self) -> Option<DateTime<Utc>> {
        self.expires_at
    }

    /// Whether the training counts at `at`: completed by then and not yet expired (ST2).
    pub fn is_valid_at(&self, at: DateTime<Utc>) -> bool {
        self.completed_at <= at && self.expires_at.is_none_or(|expiry| at < expiry)
    }
}

/// A person on the staff.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct StaffMember {
    /// The person's id.
    pub id: StaffId,
    /// The name used in narrations and reports.
    pub name: String,
    /// Role and reporting line.
    pub position: Position,
    /// Completed trainings, in any order.
    pub training: Vec<TrainingRecord>,
}

impl StaffMember {
    /// A member with no training recorded yet.
    pub fn new(id: StaffId, name: impl Into<String>, position: Position) -> Self {
        Self {
            id,
            name: name.into(),
            position,
            training: Vec::new(),
        }
    }

    /// The same member with one more training record.
    #[must_use]
    pub fn with_training(mut self, record: TrainingRecord) -> Self {
        self.training.push(record);
        self
    }

    /// The role held.
    pub fn role(&self) -> Role {
        self.position.role()
    }

    /// Whether some record of `kind` is valid at `at` (ST2).
    pub fn is_trained(&self, kind: &TrainingKind, at: DateTime<Utc>) -> bool {
        self.training
            .iter()
            .any(|record| &record.kind == kind && record.is_valid_at(at))
    }
}

/// Everyone on the staff, with reporting lines that always lead up to an owner (ST1).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "Vec<StaffMember>", into = "Vec<StaffMember>")
)]
pub struct Directory {
    members: BTreeMap<StaffId, StaffMember>,
}

impl Directory {
    /// Checks and collects the members.
    ///
    /// # Errors
    /// [`StaffError::DuplicateStaff`], [`StaffError::UnknownSuperior`],
    /// [`StaffError::JuniorSuperior`] or [`StaffError::CyclicReportingLine`]: the first
    /// broken rule found, checking members in id order.
    pub fn try_new(members: impl IntoIterator<Item = StaffMember>) -> Result<Self, StaffError> {
        let mut map = BTreeMap::new();
        for member in members {
            let id = member.id;
            if map.insert(id, member).is_some() {
                return Err(StaffError::DuplicateStaff { id });
            }
        }
        for member in map.values() {
            let Some(superior) = member.position.reports_to() else {
                continue;
            };
            let boss = map.get(&superior).ok_or(StaffError::UnknownSuperior {
                member: member.id,
                superior,
            })?;
            if boss.role() < member.role() {
                return Err(StaffError::JuniorSuperior {
                    member: member.id,
                    role: member.role(),
                    superior,
                    superior_role: boss.role(),
                });
            }
        }
        let directory = Self { members: map };
        for id in directory.members.keys() {
            // Every superior exists, so a line that has not reached an owner after as
            // many steps as there are members goes round in a cycle.
            if directory.line_above(*id).nth(directory.len()).is_some() {
                return Err(StaffError::CyclicReportingLine { member: *id });
            }
        }
        Ok(directory)
    }

    /// The member with this id.
    pub fn get(&self, id: StaffId) -> Option<&StaffMember> {
        self.members.get(&id)
    }

    /// Every member, in id order.
    pub fn members(&self) -> impl Iterator<Item = &StaffMember> {
        self.members.values()
    }

    /// How many members there are.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Whether the directory has nobody in it.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The member's direct superior; `None` for an owner or an unknown id.
    pub fn superior(&self, id: StaffId) -> Option<&StaffMember> {
        self.get(id)
            .and_then(|member| member.position.reports_to())
            .and_then(|superior| self.get(superior))
    }

    /// The people above `id`, nearest first, up to an owner. Empty for an owner or an
    /// unknown id.
    pub fn line_above(&self, id: StaffId) -> impl Iterator<Item = &StaffMember> {
        core::iter::successors(self.superior(id), |member| self.superior(member.id))
    }

    /// Whether `superior` stands anywhere above `member` in the reporting line.
    pub fn is_above(&self, superior: StaffId, member: StaffId) -> bool {
        self.line_above(member).any(|above| above.id == superior)
    }

    /// The people who report directly to `id`, in id order.
    pub fn direct_reports(&self, id: StaffId) -> impl Iterator<Item = &StaffMember> {
        self.members
            .values()
            .filter(move |member| member.position.reports_to() == Some(id))
    }
}

impl TryFrom<Vec<StaffMember>> for Directory {
    type Error = StaffError;

    fn try_from(members: Vec<StaffMember>) -> Result<Self, Self::Error> {
        Self::try_new(members)
    }
}

impl From<Directory> for Vec<StaffMember> {
    fn from(directory: Directory) -> Self {
        directory.members.into_values().collect()
    }
}
