//! Staff: the top-down hierarchy and training records ([ST1], [ST2]).
//!
//! Service flows from the top: the owner, then managers, supervisors and frontline
//! associates. A [`Directory`] holds everyone with their reporting line and refuses any
//! set of people whose lines do not lead up to an owner (a cycle, a missing superior, a
//! superior junior to the person). Each person carries [`TrainingRecord`]s, checked at an
//! instant the caller gives, because some authority depends on training that has not
//! expired ([`crate::empowerment`], [EM4]).
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
//!
//! [ST1]: crate::requirements#ST1
//! [ST2]: crate::requirements#ST2
//! [EM4]: crate::requirements#EM4

use crate::id::StaffId;
use chrono::{DateTime, Utc};
use core::cmp::Ordering;
use core::fmt;
use std::collections::{BTreeMap, HashMap};

/// Why a training record or a directory was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StaffError {
    /// A directory with nobody in it: service flows from an owner, so there must be
    /// one ([ST1]).
    ///
    /// [ST1]: crate::requirements#ST1
    #[error("a directory needs an owner; it has nobody")]
    NoOwner,
    /// A training record expires at or before its completion ([ST2]).
    ///
    /// [ST2]: crate::requirements#ST2
    #[error("training record expires at {expires_at}, not after its completion at {completed_at}")]
    ExpiresBeforeCompletion {
        /// When the training was completed.
        completed_at: DateTime<Utc>,
        /// The expiry given.
        expires_at: DateTime<Utc>,
    },
    /// An owner was given a superior ([ST1]).
    ///
    /// [ST1]: crate::requirements#ST1
    #[error("an owner reports to nobody, but {superior} was named as superior")]
    OwnerReportsToNobody {
        /// The superior named.
        superior: StaffId,
    },
    /// Someone other than an owner was given no superior ([ST1]).
    ///
    /// [ST1]: crate::requirements#ST1
    #[error("a {role} must report to someone")]
    SuperiorRequired {
        /// The role given.
        role: Role,
    },
    /// Two members share one id.
    #[error("staff member {id} is listed twice")]
    DuplicateStaff {
        /// The repeated id.
        id: StaffId,
    },
    /// A member reports to someone who is not in the directory ([ST1]).
    ///
    /// [ST1]: crate::requirements#ST1
    #[error("staff member {member} reports to {superior}, who is not in the directory")]
    UnknownSuperior {
        /// The member.
        member: StaffId,
        /// The missing superior.
        superior: StaffId,
    },
    /// A member reports to someone of a junior role ([ST1]: service flows top-down).
    ///
    /// [ST1]: crate::requirements#ST1
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
    /// Following a member's reporting line never reaches an owner ([ST1]).
    ///
    /// [ST1]: crate::requirements#ST1
    #[error("the reporting line above {member} is a cycle and never reaches an owner")]
    CyclicReportingLine {
        /// A member on the cycle or below it.
        member: StaffId,
    },
}

crate::refusal::refusals! { StaffError {
    NoOwner {} => "no_owner", "ST1";
    ExpiresBeforeCompletion { completed_at, expires_at } => "expires_before_completion", "ST2";
    OwnerReportsToNobody { superior } => "owner_reports_to_nobody", "ST1";
    SuperiorRequired { role } => "superior_required", "ST1";
    DuplicateStaff { id } => "duplicate_staff", "ST1";
    UnknownSuperior { member, superior } => "unknown_superior", "ST1";
    JuniorSuperior { member, role, superior, superior_role } => "junior_superior", "ST1";
    CyclicReportingLine { member } => "cyclic_reporting_line", "ST1";
} wraps {  } }

/// A role in the hierarchy, from the top: owner, manager, supervisor, frontline (ST1).
///
/// Roles are ordered by seniority: `Role::Owner > Role::Manager > Role::Supervisor >
/// Role::Frontline`. In JSON a role is its `snake_case` name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(tag = "role", rename_all = "snake_case", try_from = "PositionFields")
)]
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

#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct PositionFields {
    role: Role,
    reports_to: Option<StaffId>,
}

#[cfg(feature = "serde")]
impl TryFrom<PositionFields> for Position {
    type Error = StaffError;

    fn try_from(fields: PositionFields) -> Result<Self, Self::Error> {
        Self::try_new(fields.role, fields.reports_to)
    }
}

impl Position {
    /// The position of `role` reporting to `reports_to`.
    ///
    /// # Errors
    /// [`StaffError::OwnerReportsToNobody`] for an owner with a superior;
    /// [`StaffError::SuperiorRequired`] for anyone else without one ([ST1]).
    ///
    /// [ST1]: crate::requirements#ST1
    pub fn try_new(role: Role, reports_to: Option<StaffId>) -> Result<Self, StaffError> {
        match (role, reports_to) {
            (Role::Owner, None) => Ok(Position::Owner),
            (Role::Owner, Some(superior)) => Err(StaffError::OwnerReportsToNobody { superior }),
            (role, None) => Err(StaffError::SuperiorRequired { role }),
            (Role::Manager, Some(reports_to)) => Ok(Position::Manager { reports_to }),
            (Role::Supervisor, Some(reports_to)) => Ok(Position::Supervisor { reports_to }),
            (Role::Frontline, Some(reports_to)) => Ok(Position::Frontline { reports_to }),
        }
    }

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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum TrainingKind {
    /// The basic duties of the job.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::no_fields"))]
    BasicDuties,
    /// The products or services the business offers.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::no_fields"))]
    ProductKnowledge,
    /// The software the job uses.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::no_fields"))]
    Software,
    /// Customer service itself: listening, owning problems, remedies.
    #[cfg_attr(feature = "serde", serde(deserialize_with = "crate::no_fields"))]
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
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(try_from = "TrainingRecordFields"))]
pub struct TrainingRecord {
    kind: TrainingKind,
    completed_at: DateTime<Utc>,
    expires_at: Option<DateTime<Utc>>,
}

#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
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

    /// Whether the training counts at `at`: completed by then and not yet expired ([ST2]).
    ///
    /// [ST2]: crate::requirements#ST2
    pub fn is_valid_at(&self, at: DateTime<Utc>) -> bool {
        self.completed_at <= at && self.expires_at.is_none_or(|expiry| at < expiry)
    }
}

/// A person on the staff.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
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

    /// Whether some record of `kind` is valid at `at` ([ST2]).
    ///
    /// [ST2]: crate::requirements#ST2
    pub fn is_trained(&self, kind: &TrainingKind, at: DateTime<Utc>) -> bool {
        self.training
            .iter()
            .any(|record| &record.kind == kind && record.is_valid_at(at))
    }
}

/// Everyone on the staff, with reporting lines that always lead up to an owner (ST1).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "schemars", derive(schemars::JsonSchema))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "Vec<StaffMember>", into = "Vec<StaffMember>")
)]
pub struct Directory {
    members: BTreeMap<StaffId, StaffMember>,
}

impl Directory {
    /// A directory of one: its owner, `name`, with no training recorded ([ST1]).
    ///
    /// [ST1]: crate::requirements#ST1
    pub fn of_owner(id: StaffId, name: impl Into<String>) -> Self {
        let owner = StaffMember::new(id, name, Position::Owner);
        Self {
            members: BTreeMap::from([(id, owner)]),
        }
    }

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
        if map.is_empty() {
            return Err(StaffError::NoOwner);
        }
        let directory = Self { members: map };
        directory.check_lines()?;
        Ok(directory)
    }

    /// [ST1]: every reporting line leads up to an owner, with no cycle. Each member is
    /// walked once: a walk stops at an owner or at someone already known to lead to
    /// one, so the check is linear in the members (times the map's log), however deep
    /// the hierarchy ([X2]).
    ///
    /// [X2]: crate::requirements#X2
    /// [ST1]: crate::requirements#ST1
    fn check_lines(&self) -> Result<(), StaffError> {
        // Which walk first reached each member: a member reached again by the same walk
        // closes a cycle; one reached by an earlier walk is known to lead to an owner.
        let mut reached: HashMap<StaffId, usize> = HashMap::with_capacity(self.members.len());
        for (walk, start) in self.members.keys().enumerate() {
            let mut at = Some(*start);
            while let Some(id) = at {
                match reached.insert(id, walk) {
                    Some(earlier) if earlier == walk => {
                        return Err(StaffError::CyclicReportingLine { member: *start });
                    }
                    Some(earlier) => {
                        reached.insert(id, earlier);
                        break;
                    }
                    None => {}
                }
                at = self
                    .members
                    .get(&id)
                    .and_then(|member| member.position.reports_to());
            }
        }
        Ok(())
    }

    /// The member with this id.
    pub fn get(&self, id: StaffId) -> Option<&StaffMember> {
        self.members.get(&id)
    }

    /// Every member, in id order.
    pub fn members(&self) -> impl Iterator<Item = &StaffMember> {
        self.members.values()
    }

    /// How many members there are: one at least, the owner ([ST1]).
    ///
    /// [ST1]: crate::requirements#ST1
    #[allow(clippy::len_without_is_empty)] // never empty, so no is_empty to answer
    pub fn len(&self) -> usize {
        self.members.len()
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

    /// The team `id` belongs to, named by its lead ([ST5]): a team is one person and
    /// everyone who reports directly to them, so a member belongs to their superior's
    /// team and an owner to their own. `None` for an unknown id.
    ///
    /// [ST5]: crate::requirements#ST5
    pub fn team_of(&self, id: StaffId) -> Option<StaffId> {
        let member = self.get(id)?;
        Some(member.position.reports_to().unwrap_or(id))
    }

    /// Prints `id` as the member's name when `directory` has them, as the id otherwise:
    /// how reports name people.
    pub(crate) fn name_or_id(directory: Option<&Directory>, id: StaffId) -> impl fmt::Display + '_ {
        NameOrId { directory, id }
    }

    /// The people who report directly to `id`, in id order.
    pub fn direct_reports(&self, id: StaffId) -> impl Iterator<Item = &StaffMember> {
        self.members
            .values()
            .filter(move |member| member.position.reports_to() == Some(id))
    }
}

/// See [`Directory::name_or_id`].
struct NameOrId<'a> {
    directory: Option<&'a Directory>,
    id: StaffId,
}

impl fmt::Display for NameOrId<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.directory.and_then(|directory| directory.get(self.id)) {
            Some(member) => f.write_str(&member.name),
            None => write!(f, "{}", self.id),
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use uuid::Uuid;

    fn id(n: u128) -> StaffId {
        StaffId::from_uuid(Uuid::from_u128(n))
    }

    #[test]
    fn st1_a_directory_lists_its_members_in_id_order() {
        let directory = Directory::try_new(shop()).unwrap();
        assert_eq!(Directory::try_new([]), Err(StaffError::NoOwner));
        let ids: Vec<_> = directory.members().map(|member| member.id).collect();
        assert_eq!(ids.len(), directory.len());
        assert!(ids.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(ids.first(), Some(&id(1)));
    }

    #[test]
    fn st2_a_training_record_keeps_when_it_was_completed_and_when_it_expires() {
        let record = TrainingRecord::try_new(TrainingKind::Software, at(2), Some(at(20))).unwrap();
        assert_eq!(
            (record.completed_at(), record.expires_at()),
            (at(2), Some(at(20)))
        );
    }

    #[test]
    fn st2_each_training_reads_as_its_kind() {
        let kinds = [
            TrainingKind::BasicDuties,
            TrainingKind::ProductKnowledge,
            TrainingKind::Software,
            TrainingKind::CustomerService,
            TrainingKind::CrossTraining {
                area: "the warehouse".into(),
            },
        ];
        assert_eq!(
            kinds.map(|kind| kind.to_string()),
            [
                "basic duties",
                "product knowledge",
                "software",
                "customer service",
                "cross-training in the warehouse"
            ]
        );
    }

    fn at(day: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, day, 9, 0, 0).unwrap()
    }

    fn shop() -> Vec<StaffMember> {
        vec![
            StaffMember::new(id(1), "Olga", Position::Owner),
            StaffMember::new(id(2), "Marta", Position::Manager { reports_to: id(1) }),
            StaffMember::new(id(3), "Sofía", Position::Supervisor { reports_to: id(2) }),
            StaffMember::new(id(4), "Ana", Position::Frontline { reports_to: id(3) }),
        ]
    }

    #[test]
    fn st1_line_above_runs_nearest_first_up_to_the_owner() {
        let staff = Directory::try_new(shop()).unwrap();
        let names: Vec<_> = staff.line_above(id(4)).map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Sofía", "Marta", "Olga"]);
        assert!(staff.is_above(id(1), id(4)));
        assert!(!staff.is_above(id(4), id(1)));
        assert!(!staff.is_above(id(4), id(4)));
        assert_eq!(staff.line_above(id(1)).count(), 0);
        let reports: Vec<_> = staff.direct_reports(id(2)).map(|m| m.id).collect();
        assert_eq!(reports, [id(3)]);
    }

    #[test]
    fn st1_roles_are_ordered_by_seniority() {
        assert!(Role::Owner > Role::Manager);
        assert!(Role::Manager > Role::Supervisor);
        assert!(Role::Supervisor > Role::Frontline);
    }

    #[test]
    fn st1_unknown_superior_is_refused() {
        let mut members = shop();
        members.push(StaffMember::new(
            id(5),
            "Luis",
            Position::Frontline { reports_to: id(9) },
        ));
        assert_eq!(
            Directory::try_new(members),
            Err(StaffError::UnknownSuperior {
                member: id(5),
                superior: id(9)
            })
        );
    }

    #[test]
    fn st1_reporting_to_a_junior_is_refused() {
        let mut members = shop();
        members.push(StaffMember::new(
            id(5),
            "Max",
            Position::Manager { reports_to: id(4) },
        ));
        assert_eq!(
            Directory::try_new(members),
            Err(StaffError::JuniorSuperior {
                member: id(5),
                role: Role::Manager,
                superior: id(4),
                superior_role: Role::Frontline
            })
        );
    }

    #[test]
    fn st1_cyclic_reporting_lines_are_refused() {
        let mut members = shop();
        members.push(StaffMember::new(
            id(5),
            "Eva",
            Position::Manager { reports_to: id(6) },
        ));
        members.push(StaffMember::new(
            id(6),
            "Raúl",
            Position::Manager { reports_to: id(5) },
        ));
        assert_eq!(
            Directory::try_new(members),
            Err(StaffError::CyclicReportingLine { member: id(5) })
        );
        let alone = StaffMember::new(id(7), "Ivo", Position::Supervisor { reports_to: id(7) });
        assert_eq!(
            Directory::try_new([alone]),
            Err(StaffError::CyclicReportingLine { member: id(7) })
        );
    }

    #[test]
    fn st1_only_an_owner_reports_to_nobody() {
        assert_eq!(Position::try_new(Role::Owner, None), Ok(Position::Owner));
        assert_eq!(
            Position::try_new(Role::Owner, Some(id(1))),
            Err(StaffError::OwnerReportsToNobody { superior: id(1) })
        );
        for role in [Role::Manager, Role::Supervisor, Role::Frontline] {
            assert_eq!(
                Position::try_new(role, None),
                Err(StaffError::SuperiorRequired { role })
            );
            let position = Position::try_new(role, Some(id(1))).unwrap();
            assert_eq!(
                (position.role(), position.reports_to()),
                (role, Some(id(1)))
            );
        }
    }

    #[test]
    fn st1_duplicate_ids_are_refused() {
        let mut members = shop();
        members.push(StaffMember::new(id(2), "Otra", Position::Owner));
        assert_eq!(
            Directory::try_new(members),
            Err(StaffError::DuplicateStaff { id: id(2) })
        );
    }

    #[test]
    fn st5_a_team_is_a_lead_and_their_direct_reports() {
        let directory = Directory::try_new(shop()).unwrap();
        // Ana is in Sofía's team, Sofía in Marta's, Marta in Olga's; Olga leads her own.
        let teams: Vec<_> = [4, 3, 2, 1]
            .map(|n| directory.team_of(id(n)))
            .into_iter()
            .collect();
        assert_eq!(teams, [Some(id(3)), Some(id(2)), Some(id(1)), Some(id(1))]);
        assert_eq!(directory.team_of(id(99)), None);
    }

    #[test]
    fn st2_training_is_valid_from_completion_until_expiry() {
        let record =
            TrainingRecord::try_new(TrainingKind::CustomerService, at(2), Some(at(10))).unwrap();
        assert!(!record.is_valid_at(at(1)));
        assert!(record.is_valid_at(at(2)));
        assert!(record.is_valid_at(at(9)));
        assert!(!record.is_valid_at(at(10)));
        let forever = TrainingRecord::try_new(TrainingKind::Software, at(2), None).unwrap();
        assert!(forever.is_valid_at(at(31)));
    }

    #[test]
    fn st2_expiry_must_come_after_completion() {
        for expiry in [at(2), at(1)] {
            assert_eq!(
                TrainingRecord::try_new(TrainingKind::Software, at(2), Some(expiry)),
                Err(StaffError::ExpiresBeforeCompletion {
                    completed_at: at(2),
                    expires_at: expiry
                })
            );
        }
    }

    #[test]
    fn st2_a_member_is_trained_when_any_record_of_the_kind_is_valid() {
        let lapsed =
            TrainingRecord::try_new(TrainingKind::CustomerService, at(1), Some(at(3))).unwrap();
        let renewed = TrainingRecord::try_new(TrainingKind::CustomerService, at(5), None).unwrap();
        let ana = StaffMember::new(id(4), "Ana", Position::Owner)
            .with_training(lapsed)
            .with_training(renewed);
        assert!(ana.is_trained(&TrainingKind::CustomerService, at(2)));
        assert!(!ana.is_trained(&TrainingKind::CustomerService, at(4)));
        assert!(ana.is_trained(&TrainingKind::CustomerService, at(6)));
        assert!(!ana.is_trained(&TrainingKind::Software, at(6)));
    }
}
