//! Quickstart: the first thing a CRM does with this crate.
//!
//! Load the organisation (staff, limits, training) from the JSON the CRM stores, then
//! ask the rules before anyone gives a customer money back: may this person grant this
//! now? If not, who should? The approval that comes back is the only thing that lets
//! the grant through, and it serialises for the audit log.
//! Run it with `cargo run --example quickstart`.
#![allow(clippy::disallowed_macros)] // an example prints; the library never does (X1)

use chrono::{TimeZone, Utc};
use customer_care::empowerment::{EmpowermentError, GrantRequest, Organisation};
use customer_care::id::{ComplaintId, StaffId};
use customer_care::money::{Currency, Money};
use customer_care::remedy::{Remedy, RemedyKind};
use std::error::Error;

/// What the CRM keeps in its database: a policy, the staff, any delegations.
const ORGANISATION: &str = r#"{
  "policy": {
    "currency": "COP",
    "goodwill_threshold": {"minor_units": 2000000, "currency": "COP"},
    "limits": {
      "owner":     {"credit": {"minor_units": 500000000, "currency": "COP"}},
      "manager":   {"credit": {"minor_units": 100000000, "currency": "COP"}},
      "frontline": {"credit": {"minor_units": 10000000, "currency": "COP"}}
    }
  },
  "staff": [
    {"id": "6f1c1a62-0000-4000-8000-000000000001", "name": "Valentina", "position": {"role": "owner"}, "training": []},
    {"id": "6f1c1a62-0000-4000-8000-000000000002", "name": "Andrés",
     "position": {"role": "manager", "reports_to": "6f1c1a62-0000-4000-8000-000000000001"}, "training": []},
    {"id": "6f1c1a62-0000-4000-8000-000000000003", "name": "Camila",
     "position": {"role": "frontline", "reports_to": "6f1c1a62-0000-4000-8000-000000000002"}, "training": []}
  ]
}"#;

fn main() -> Result<(), Box<dyn Error>> {
    // 1. Load and check the organisation: a broken hierarchy or a limit above a
    //    superior's is refused here, with a message that says which rule.
    let org: Organisation = serde_json::from_str(ORGANISATION)?;
    let camila: StaffId = "6f1c1a62-0000-4000-8000-000000000003".parse()?;
    let name = |id: StaffId| org.staff().get(id).map_or("?", |m| m.name.as_str());
    println!(
        "Loaded {} people; policy in {}.",
        org.staff().len(),
        org.policy().currency()
    );

    // 2. The host passes the instant and the ids; the crate reads no clock (X1).
    let now = Utc
        .with_ymd_and_hms(2026, 11, 20, 15, 45, 0)
        .single()
        .ok_or("bad date")?;
    let case: ComplaintId = "0b6e2f4c-0000-4000-8000-0000000000aa".parse()?;
    let pesos = |cop: u64| Money::new(cop * 100, Currency::COP);

    // 3. Camila credits 60,000 pesos: within her own authority, nobody is asked.
    let credit = GrantRequest::new(case, camila, Remedy::new(RemedyKind::Credit, pesos(60_000)));
    println!(
        "{} grants a {}: {}.",
        name(camila),
        credit.remedy,
        org.authorize(&credit, None, now)?
    );

    // 4. Another 90,000 in the same case: the case total (150,000) is above her limit.
    let more = GrantRequest::new(case, camila, Remedy::new(RemedyKind::Credit, pesos(90_000)))
        .after(pesos(60_000));
    let Err(EmpowermentError::AuthorityExceeded {
        escalate_to: Some(manager),
        needed,
        ..
    }) = org.authorize(&more, None, now)
    else {
        return Err("expected an escalation".into());
    };
    println!(
        "Case total {needed} is above her limit: escalate to {}.",
        name(manager)
    );

    // 5. The manager approves; only this call can make an Approval.
    let approval = org.approve(manager, &more, now)?;
    println!(
        "{} approves. Audit log: {}",
        name(manager),
        serde_json::to_string(&approval)?
    );
    println!(
        "{} grants it: {}.",
        name(camila),
        org.authorize(&more, Some(&approval), now)?
    );
    Ok(())
}
