//! Property tests of the empowerment rules over random organisations: random
//! hierarchies, role limits, trainings and delegation attempts (EM2–EM5, X2).

use chrono::{DateTime, Duration, TimeZone, Utc};
use customer_care::empowerment::{
    Authorization, Delegation, EmpowermentError, EmpowermentPolicy, EmpowermentPolicySpec,
    GrantRequest, Organisation,
};
use customer_care::id::{ComplaintId, StaffId};
use customer_care::money::{Currency, Money};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::staff::{Directory, Position, Role, StaffMember, TrainingKind, TrainingRecord};
use proptest::prelude::*;
use proptest::sample::Index;
use uuid::Uuid;

const KINDS: [RemedyKind; 3] = [
    RemedyKind::Refund,
    RemedyKind::Credit,
    RemedyKind::Replacement,
];
const CASE: ComplaintId = ComplaintId::from_uuid(Uuid::from_u128(7));

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 15, 12, 0, 0).unwrap()
}

fn eur(cents: u64) -> Money {
    Money::minor(cents, Currency::EUR)
}

/// One person beyond the owner: who they report to, a role seed, and a training window
/// in days around `now()` (`None`: never trained).
type PersonSeed = (Index, u8, Option<(i64, i64)>);

fn organisation() -> impl Strategy<Value = (Organisation, Vec<StaffId>)> {
    (
        prop::collection::vec(
            (
                any::<Index>(),
                0u8..3,
                prop::option::of((-30i64..10, 1i64..40)),
            ),
            0..10,
        ),
        prop::array::uniform3(prop::array::uniform4(0u64..100_000)),
        0u64..20_000,
        any::<bool>(),
    )
        .prop_map(|(people, limits, threshold, refunds_need_training)| {
            build(&people, limits, threshold, refunds_need_training)
        })
}

fn build(
    people: &[PersonSeed],
    limits: [[u64; 4]; 3],
    threshold: u64,
    refunds_need_training: bool,
) -> (Organisation, Vec<StaffId>) {
    let ids: Vec<StaffId> = (0..=people.len() as u128)
        .map(|n| StaffId::from_uuid(Uuid::from_u128(n + 1)))
        .collect();
    let mut members = vec![StaffMember::new(ids[0], "owner", Position::Owner)];
    for (i, (superior, role_seed, training)) in people.iter().enumerate() {
        let superior = &members[superior.index(i + 1)];
        let allowed: Vec<Role> = [Role::Manager, Role::Supervisor, Role::Frontline]
            .into_iter()
            .filter(|role| *role <= superior.role())
            .collect();
        let role = allowed[usize::from(*role_seed) % allowed.len()];
        let position = Position::try_new(role, Some(superior.id)).unwrap();
        let mut member = StaffMember::new(ids[i + 1], format!("p{i}"), position);
        if let Some((start, length)) = training {
            let completed = now() + Duration::days(*start);
            let expires = completed + Duration::days(*length);
            member = member.with_training(
                TrainingRecord::try_new(TrainingKind::CustomerService, completed, Some(expires))
                    .unwrap(),
            );
        }
        members.push(member);
    }
    let mut spec = EmpowermentPolicySpec::new(Currency::EUR, eur(threshold));
    for (kind, mut values) in KINDS.into_iter().zip(limits) {
        values.sort_unstable();
        let roles = [
            Role::Frontline,
            Role::Supervisor,
            Role::Manager,
            Role::Owner,
        ];
        for (role, limit) in roles.into_iter().zip(values) {
            spec.set_limit(role, kind, eur(limit));
        }
    }
    if refunds_need_training {
        spec.require_training(RemedyKind::Refund, TrainingKind::CustomerService);
    }
    let policy = EmpowermentPolicy::try_from(spec).unwrap();
    let org = Organisation::try_new(policy, Directory::try_new(members).unwrap(), []).unwrap();
    (org, ids)
}

/// The oracle: may `id` grant a case total of `needed` of `kind` on their own?
fn could_grant(org: &Organisation, id: StaffId, kind: RemedyKind, needed: Money) -> bool {
    let member = org.staff().get(id).unwrap();
    org.limit(id, kind).unwrap().minor_units() >= needed.minor_units()
        && org
            .policy()
            .training_required(kind)
            .all(|training| member.is_trained(training, now()))
}

fn delegations() -> impl Strategy<Value = Vec<(Index, Index, usize, u64)>> {
    prop::collection::vec(
        (
            any::<Index>(),
            any::<Index>(),
            0..KINDS.len(),
            0u64..120_000,
        ),
        0..25,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// EM2 and X2: whatever delegations are tried, nobody ever holds more than their
    /// superior, every delegation in force is within its delegator's authority, and a
    /// refused delegation changes nothing.
    #[test]
    fn em2_nobody_ever_holds_authority_above_their_superior(
        (mut org, ids) in organisation(),
        attempts in delegations(),
    ) {
        for (from, to, kind, limit) in attempts {
            let delegation = Delegation {
                from: ids[from.index(ids.len())],
                to: ids[to.index(ids.len())],
                kind: KINDS[kind],
                limit: eur(limit),
            };
            let before = org.clone();
            match org.delegate(delegation) {
                Ok(()) => prop_assert_eq!(org.limit(delegation.to, delegation.kind), Ok(eur(limit))),
                Err(_) => prop_assert_eq!(&org, &before),
            }
        }
        for member in org.staff().members() {
            if let Some(superior) = org.staff().superior(member.id) {
                for kind in KINDS {
                    let (mine, theirs) = (org.limit(member.id, kind)?, org.limit(superior.id, kind)?);
                    prop_assert!(mine.minor_units() <= theirs.minor_units());
                }
            }
        }
        for delegation in org.delegations() {
            prop_assert!(org.staff().is_above(delegation.from, delegation.to));
            prop_assert!(
                delegation.limit.minor_units() <= org.limit(delegation.from, delegation.kind)?.minor_units()
            );
        }
        // What the delegations built passes the constructor's checks again.
        let rebuilt = Organisation::try_new(
            org.policy().clone(),
            org.staff().clone(),
            org.delegations().copied(),
        );
        prop_assert_eq!(rebuilt, Ok(org));
    }

    /// EM3, EM4, EM5: a grant goes through on its own only within the goodwill threshold
    /// or within the actor's limit and training; above that only an approval from
    /// someone above who could grant it themselves lets it through, and the refusal
    /// names the nearest such person.
    #[test]
    fn em3_a_grant_above_authority_needs_an_approval_from_someone_holding_enough(
        (org, ids) in organisation(),
        actor in any::<Index>(),
        kind in 0..KINDS.len(),
        value in 0u64..150_000,
        before in prop::option::of(0u64..50_000),
    ) {
        let actor = ids[actor.index(ids.len())];
        let kind = KINDS[kind];
        let mut request = GrantRequest::new(CASE, actor, Remedy::new(kind, eur(value)));
        if let Some(before) = before {
            request = request.after(eur(before));
        }
        let needed = eur(value + before.unwrap_or(0));
        let within_threshold = needed.minor_units() <= org.policy().goodwill_threshold().minor_units();
        let answer = org.authorize(&request, None, now());
        if within_threshold {
            prop_assert_eq!(answer, Ok(Authorization::Goodwill));
            return Ok(());
        }
        if could_grant(&org, actor, kind, needed) {
            prop_assert_eq!(answer, Ok(Authorization::OwnAuthority));
            return Ok(());
        }
        let nearest = org
            .staff()
            .line_above(actor)
            .find(|above| could_grant(&org, above.id, kind, needed))
            .map(|above| above.id);
        match answer {
            Err(EmpowermentError::AuthorityExceeded { escalate_to, .. })
            | Err(EmpowermentError::TrainingRequired { escalate_to, .. }) => {
                prop_assert_eq!(escalate_to, nearest);
            }
            other => prop_assert!(false, "expected a refusal, got {:?}", other),
        }
        for &approver in &ids {
            let may_approve =
                org.staff().is_above(approver, actor) && could_grant(&org, approver, kind, needed);
            match org.approve(approver, &request, now()) {
                Ok(approval) => {
                    prop_assert!(may_approve);
                    prop_assert_eq!(
                        org.authorize(&request, Some(&approval), now()),
                        Ok(Authorization::Approved { approver })
                    );
                }
                Err(_) => prop_assert!(!may_approve),
            }
        }
    }

    /// EM5: within the goodwill threshold, nobody ever needs approval, limit or training.
    #[test]
    fn em5_below_the_goodwill_threshold_a_grant_never_needs_approval(
        (org, ids) in organisation(),
        actor in any::<Index>(),
        kind in 0..KINDS.len(),
        share in 0u64..=100,
    ) {
        let threshold = org.policy().goodwill_threshold().minor_units();
        let value = threshold * share / 100;
        let request = GrantRequest::new(CASE, ids[actor.index(ids.len())], Remedy::new(KINDS[kind], eur(value)));
        prop_assert_eq!(org.authorize(&request, None, now()), Ok(Authorization::Goodwill));
    }

    /// EM4: for someone whose limit suffices, a refund above the threshold goes through
    /// exactly when their customer-service training is valid at that instant.
    #[test]
    fn em4_expired_training_blocks_the_remedies_that_require_it(
        (org, ids) in organisation(),
        actor in any::<Index>(),
        share in 0u64..=100,
    ) {
        let actor = ids[actor.index(ids.len())];
        let threshold = org.policy().goodwill_threshold().minor_units();
        let limit = org.limit(actor, RemedyKind::Refund)?.minor_units();
        prop_assume!(limit > threshold);
        let value = threshold + 1 + (limit - threshold - 1) * share / 100;
        let request = GrantRequest::new(CASE, actor, Remedy::new(RemedyKind::Refund, eur(value)));
        let required = org.policy().training_required(RemedyKind::Refund).count() > 0;
        let trained = org.staff().get(actor).unwrap().is_trained(&TrainingKind::CustomerService, now());
        match org.authorize(&request, None, now()) {
            Ok(Authorization::OwnAuthority) => prop_assert!(trained || !required),
            Err(EmpowermentError::TrainingRequired { training, .. }) => {
                prop_assert!(required && !trained);
                prop_assert_eq!(training, TrainingKind::CustomerService);
            }
            other => prop_assert!(false, "unexpected {:?}", other),
        }
    }
}
