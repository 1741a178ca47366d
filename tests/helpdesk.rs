//! The helpdesk status mapping: the way in is exactly the way out read backwards, the
//! table in the module docs is the mapping, and the text forms round-trip.

use customer_care::complaint::ComplaintStatus;
use customer_care::helpdesk::{HelpdeskStatus, UnknownStatus};

#[test]
fn every_complaint_status_has_one_place_and_the_way_in_lists_exactly_those() {
    for helpdesk in HelpdeskStatus::ALL {
        let preimage: Vec<_> = ComplaintStatus::ALL
            .into_iter()
            .filter(|&status| HelpdeskStatus::of(status) == Some(helpdesk))
            .collect();
        assert_eq!(helpdesk.statuses(), preimage, "{helpdesk}");
    }
    let unmapped: Vec<_> = ComplaintStatus::ALL
        .into_iter()
        .filter(|&status| HelpdeskStatus::of(status).is_none())
        .collect();
    assert_eq!(unmapped, [ComplaintStatus::New]);
}

#[test]
fn only_new_and_solved_come_back_as_one_complaint_status() {
    let exact: Vec<_> = HelpdeskStatus::ALL
        .into_iter()
        .filter(|status| status.statuses().len() == 1)
        .collect();
    assert_eq!(exact, [HelpdeskStatus::New, HelpdeskStatus::Solved]);
}

#[test]
fn the_docs_table_is_the_mapping() {
    let docs = include_str!("../src/helpdesk.rs");
    let mut rows = 0;
    for line in docs.lines().filter(|l| l.starts_with("//! | ")) {
        let cells: Vec<_> = line
            .trim_start_matches("//!")
            .split('|')
            .map(str::trim)
            .filter(|cell| !cell.is_empty())
            .collect();
        let [complaint, helpdesk, _lost] = cells[..] else {
            panic!("a row of three cells: {line}");
        };
        if complaint == "complaint status" {
            continue;
        }
        rows += 1;
        let expected = (helpdesk != "(none)").then(|| helpdesk.parse::<HelpdeskStatus>().unwrap());
        for name in complaint.split(", ") {
            let status = ComplaintStatus::ALL
                .into_iter()
                .find(|status| status.name() == name)
                .unwrap_or_else(|| panic!("no complaint status {name}"));
            assert_eq!(HelpdeskStatus::of(status), expected, "{name}");
        }
        let listed = complaint.split(", ").count();
        let mapped = expected.map_or(1, |status| status.statuses().len());
        assert_eq!(listed, mapped, "the row for {helpdesk} lists every status");
    }
    assert_eq!(
        rows,
        HelpdeskStatus::ALL.len() + 1,
        "a row per status and one for none"
    );
}

#[test]
fn c_good_err_statuses_read_as_helpdesks_write_them() {
    for status in HelpdeskStatus::ALL {
        assert_eq!(status.to_string().parse(), Ok(status));
    }
    assert_eq!(
        "hold".parse::<HelpdeskStatus>(),
        Err(UnknownStatus("hold".into()))
    );
    assert_eq!(
        UnknownStatus("Open".into()).to_string(),
        "unknown helpdesk status `Open`: expected new, open, pending, on-hold, solved or closed"
    );
}

#[cfg(feature = "serde")]
#[test]
fn x3_statuses_are_kebab_case_in_json() {
    assert_eq!(
        serde_json::to_string(&HelpdeskStatus::ALL).unwrap(),
        r#"["new","open","pending","on-hold","solved","closed"]"#
    );
    assert_eq!(
        serde_json::from_str::<HelpdeskStatus>(r#""on-hold""#).unwrap(),
        HelpdeskStatus::OnHold
    );
    assert!(serde_json::from_str::<HelpdeskStatus>(r#""on_hold""#).is_err());
}
