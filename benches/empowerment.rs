//! What the empowerment check costs next to the plainest code that could answer "may
//! this person grant this much?": one hash lookup of their limit and a comparison.
//!
//! The organisation is a chain of 1 owner, 4 managers, 20 supervisors and 200 associates,
//! refunds need customer-service training. Run: `cargo bench --bench empowerment`.

use chrono::{TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use customer_care::empowerment::{
    EmpowermentPolicy, EmpowermentPolicySpec, GrantRequest, Organisation,
};
use customer_care::id::{ComplaintId, StaffId};
use customer_care::money::{Currency, Money};
use customer_care::remedy::{Remedy, RemedyKind};
use customer_care::staff::{Directory, Position, Role, StaffMember, TrainingKind, TrainingRecord};
use std::collections::HashMap;
use std::hint::black_box;
use uuid::Uuid;

fn eur(euros: u64) -> Money {
    Money::minor(euros * 100, Currency::EUR)
}

fn organisation() -> (Organisation, StaffId) {
    let id = |n: u128| StaffId::from_uuid(Uuid::from_u128(n));
    let since = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let trained = |m: StaffMember| {
        m.with_training(
            TrainingRecord::try_new(TrainingKind::CustomerService, since, None).unwrap(),
        )
    };
    let mut members = vec![trained(StaffMember::new(id(1), "owner", Position::Owner))];
    // (role, first id, how many, first superior id, how many superiors)
    let levels = [
        (Role::Manager, 10, 4, 1, 1),
        (Role::Supervisor, 100, 20, 10, 4),
        (Role::Frontline, 1_000, 200, 100, 20),
    ];
    for (role, first, count, first_superior, superiors) in levels {
        for n in 0..count {
            let position =
                Position::try_new(role, Some(id(first_superior + n % superiors))).unwrap();
            members.push(trained(StaffMember::new(
                id(first + n),
                role.name(),
                position,
            )));
        }
    }
    let mut policy = EmpowermentPolicySpec::new(Currency::EUR, eur(10));
    for (role, limit) in [
        (Role::Owner, 5_000),
        (Role::Manager, 500),
        (Role::Supervisor, 100),
        (Role::Frontline, 50),
    ] {
        policy.set_limit(role, RemedyKind::Refund, eur(limit));
    }
    policy.require_training(RemedyKind::Refund, TrainingKind::CustomerService);
    let org = Organisation::try_new(
        EmpowermentPolicy::try_from(policy).unwrap(),
        Directory::try_new(members).unwrap(),
        [],
    )
    .unwrap();
    (org, id(1_117))
}

fn authorize(c: &mut Criterion) {
    let (org, associate) = organisation();
    let at = Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap();
    let case = ComplaintId::from_uuid(Uuid::from_u128(1));
    let within = GrantRequest::new(case, associate, Remedy::new(RemedyKind::Refund, eur(40)));
    let above = GrantRequest::new(case, associate, Remedy::new(RemedyKind::Refund, eur(400)));
    // Each person's refund limit, as a host would first write it.
    let refund_limits: HashMap<StaffId, u64> = org
        .staff()
        .members()
        .map(|m| {
            (
                m.id,
                org.limit(m.id, RemedyKind::Refund).unwrap().minor_units(),
            )
        })
        .collect();

    let mut group = c.benchmark_group("authorize");
    group.bench_function("baseline: hash lookup and compare", |b| {
        b.iter(|| {
            let request = black_box(&within);
            refund_limits
                .get(&request.actor)
                .is_some_and(|limit| request.remedy.value.minor_units() <= *limit)
        })
    });
    group.bench_function("within own authority", |b| {
        b.iter(|| org.authorize(black_box(&within), None, at))
    });
    group.bench_function("above authority, escalation found two levels up", |b| {
        b.iter(|| org.authorize(black_box(&above), None, at))
    });
    group.finish();
}

criterion_group!(benches, authorize);
criterion_main!(benches);
