//! The published JSON Schemas (feature `schemars`, X3): the files in `schemas/` are
//! what the code generates, every snapshot of the stored shapes validates against its
//! schema, and the schemas refuse what loading refuses where a schema can say it.
#![cfg(feature = "schemars")]

mod common;

use customer_care::calendar::CalendarSpec;
use customer_care::complaint::{Complaint, ComplaintCommand, ComplaintEvent};
use customer_care::empowerment::Organisation;
use customer_care::feedback::improvement::{ImprovementCommand, ImprovementEvent};
use customer_care::promise::{PromiseCommand, PromiseEvent};
use customer_care::schema;
use customer_care::stream::{Envelope, EventStream};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// A compiled schema, to validate values against.
struct Validator {
    schemas: boon::Schemas,
    index: boon::SchemaIndex,
}

impl Validator {
    fn of<T: schemars::JsonSchema>() -> Self {
        let schema = serde_json::to_value(schema::of::<T>()).unwrap();
        let mut compiler = boon::Compiler::new();
        compiler.enable_format_assertions(); // uuid, date-time
        let mut schemas = boon::Schemas::new();
        compiler
            .add_resource("urn:customer-care:test", schema)
            .unwrap();
        let index = compiler
            .compile("urn:customer-care:test", &mut schemas)
            .unwrap();
        Self { schemas, index }
    }

    fn accepts(&self, value: &Value) -> bool {
        self.schemas.validate(value, self.index).is_ok()
    }
}

/// Every element of the snapshot at `path` loads as `T` and validates against `T`'s
/// schema; returns them.
fn snapshot_validates<T: schemars::JsonSchema + DeserializeOwned>(path: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap();
    let values: Vec<Value> = serde_json::from_str(&text).unwrap();
    let validator = Validator::of::<T>();
    for value in &values {
        serde_json::from_value::<T>(value.clone()).unwrap();
        if let Err(error) = validator.schemas.validate(value, validator.index) {
            panic!("{path}: the schema refuses what loads: {error}\n{value}");
        }
    }
    values
}

#[test]
fn x3_the_published_schema_files_are_what_the_code_generates() {
    for (file, schema) in schema::published() {
        let path = format!("schemas/{file}");
        let actual = serde_json::to_string_pretty(&schema).unwrap() + "\n";
        if std::env::var_os("UPDATE_SCHEMAS").is_some() {
            #[allow(clippy::disallowed_methods)] // a test may rewrite its own files
            std::fs::write(&path, &actual).unwrap();
        }
        let expected = std::fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{path} is missing: run with UPDATE_SCHEMAS=1"));
        assert!(
            expected == actual,
            "{path} differs from the schema the code generates; if intended, run with \
             UPDATE_SCHEMAS=1 and review its diff"
        );
    }
    // And every file in `schemas/` is one the code publishes, none left behind.
    let mut published: Vec<&str> = schema::published().iter().map(|(file, _)| *file).collect();
    published.sort_unstable();
    let mut files: Vec<String> = std::fs::read_dir("schemas")
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort_unstable();
    assert_eq!(published, files);
}

/// `value` with `edit` applied at the JSON pointer `at`.
fn edited(value: &Value, at: &str, edit: impl FnOnce(&mut Value)) -> Value {
    let mut edited = value.clone();
    match edited.pointer_mut(at) {
        Some(inner) => edit(inner),
        None => panic!("no {at} in {value}"),
    }
    edited
}

/// X3: loading refuses `value`, and so does `T`'s schema.
fn both_refuse<T: schemars::JsonSchema + DeserializeOwned>(validator: &Validator, value: &Value) {
    assert!(
        serde_json::from_value::<T>(value.clone()).is_err(),
        "loads: {value}"
    );
    assert!(!validator.accepts(value), "the schema accepts: {value}");
}

/// Every object in `value`, by JSON pointer.
fn objects(value: &Value, at: String, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            found.push(at.clone());
            for (key, inner) in map {
                objects(inner, format!("{at}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (i, inner) in items.iter().enumerate() {
                objects(inner, format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// X3: a stray field in any object of any of `values`, an unknown `type` tag, or a
/// missing `at`/`type`: refused on load and by the schema alike.
fn refusals_agree<T: schemars::JsonSchema + DeserializeOwned>(values: &[Value]) -> usize {
    let validator = Validator::of::<T>();
    let mut tried = 0;
    for value in values {
        let mut pointers = Vec::new();
        objects(value, String::new(), &mut pointers);
        for pointer in pointers {
            both_refuse::<T>(
                &validator,
                &edited(value, &pointer, |o| o["unexpected"] = true.into()),
            );
            tried += 1;
        }
        both_refuse::<T>(
            &validator,
            &edited(value, "/type", |t| *t = "teleport".into()),
        );
        for required in ["type", "at"] {
            if value.get(required).is_some() {
                let mut missing = value.clone();
                missing.as_object_mut().unwrap().remove(required);
                both_refuse::<T>(&validator, &missing);
                tried += 1;
            }
        }
    }
    tried
}

const COMPLAINT_COMMANDS: &str = "tests/snapshots/complaint_commands.json";
const COMPLAINT_EVENTS: &str = "tests/snapshots/complaint_events.json";
const PROMISE_COMMANDS: &str = "tests/snapshots/promise_commands.json";
const PROMISE_EVENTS: &str = "tests/snapshots/promise_events.json";
const IMPROVEMENT_COMMANDS: &str = "tests/snapshots/improvement_commands.json";
const IMPROVEMENT_EVENTS: &str = "tests/snapshots/improvement_events.json";

#[test]
fn x3_every_command_and_event_of_the_snapshots_validates_against_its_schema() {
    assert_eq!(
        snapshot_validates::<ComplaintCommand>(COMPLAINT_COMMANDS).len(),
        23
    );
    assert_eq!(
        snapshot_validates::<ComplaintEvent>(COMPLAINT_EVENTS).len(),
        24
    );
    assert_eq!(
        snapshot_validates::<PromiseCommand>(PROMISE_COMMANDS).len(),
        4
    );
    assert_eq!(snapshot_validates::<PromiseEvent>(PROMISE_EVENTS).len(), 4);
    assert_eq!(
        snapshot_validates::<ImprovementCommand>(IMPROVEMENT_COMMANDS).len(),
        10
    );
    assert_eq!(
        snapshot_validates::<ImprovementEvent>(IMPROVEMENT_EVENTS).len(),
        10
    );
}

#[test]
fn x3_a_stray_field_an_unknown_tag_or_a_missing_field_is_refused_by_the_schema_as_on_load() {
    let read = |path| -> Vec<Value> {
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    };
    let tried = refusals_agree::<ComplaintCommand>(&read(COMPLAINT_COMMANDS))
        + refusals_agree::<ComplaintEvent>(&read(COMPLAINT_EVENTS))
        + refusals_agree::<PromiseCommand>(&read(PROMISE_COMMANDS))
        + refusals_agree::<PromiseEvent>(&read(PROMISE_EVENTS))
        + refusals_agree::<ImprovementCommand>(&read(IMPROVEMENT_COMMANDS))
        + refusals_agree::<ImprovementEvent>(&read(IMPROVEMENT_EVENTS));
    assert!(tried > 250, "only {tried} edits tried");
}

/// The first snapshot value whose `type` is `tag`.
fn of_type(path: &str, tag: &str) -> Value {
    let values: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    values.into_iter().find(|v| v["type"] == tag).unwrap()
}

#[test]
fn x3_co3_co8_sl3_x6_an_empty_offer_a_rating_or_warning_off_its_scale_or_an_unknown_currency_is_refused_by_the_schema()
 {
    let validator = Validator::of::<ComplaintCommand>();
    let offer = of_type(COMPLAINT_COMMANDS, "offer_resolution");
    assert!(validator.accepts(&offer));
    both_refuse::<ComplaintCommand>(&validator, &edited(&offer, "/options", |o| *o = json!([])));
    both_refuse::<ComplaintCommand>(
        &validator,
        &edited(&offer, "/options/0/remedy/value/currency", |c| {
            *c = "XYZ".into()
        }),
    );
    both_refuse::<ComplaintCommand>(
        &validator,
        &edited(&offer, "/options/0/remedy/value/minor_units", |m| {
            *m = json!(-1)
        }),
    );
    let receive = of_type(COMPLAINT_COMMANDS, "receive");
    for percent in [0, 100] {
        both_refuse::<ComplaintCommand>(
            &validator,
            &edited(&receive, "/sla/warning_percent", |p| *p = percent.into()),
        );
    }
    // X2: an SLA target above a year of business time is refused, by both.
    let most = customer_care::sla::Targets::MAX_MINUTES;
    let longest = edited(&receive, "/sla/targets/resolution_minutes", |m| {
        *m = most.into()
    });
    assert!(validator.accepts(&longest));
    serde_json::from_value::<ComplaintCommand>(longest).unwrap();
    both_refuse::<ComplaintCommand>(
        &validator,
        &edited(&receive, "/sla/targets/resolution_minutes", |m| {
            *m = (most + 1).into()
        }),
    );
    let close = of_type(COMPLAINT_COMMANDS, "close");
    for rating in [1, 5] {
        let rated = edited(&close, "/verdict/rating", |r| *r = rating.into());
        assert!(validator.accepts(&rated));
        serde_json::from_value::<ComplaintCommand>(rated).unwrap();
    }
    for rating in [0, 6] {
        both_refuse::<ComplaintCommand>(
            &validator,
            &edited(&close, "/verdict/rating", |r| *r = rating.into()),
        );
    }
}

#[test]
fn x3_x4_stored_envelopes_validate_and_another_schema_version_is_refused() {
    let world = common::World::given(common::resolved());
    let validator = Validator::of::<Envelope<ComplaintEvent>>();
    for envelope in world.stream.events() {
        assert!(validator.accepts(&serde_json::to_value(envelope).unwrap()));
    }
    let first = serde_json::to_value(&world.stream.events()[0]).unwrap();
    let with_id = edited(&first, "/command_id", |id| {
        *id = "0c3a7e10-0000-4000-8000-000000000001".into()
    });
    assert!(validator.accepts(&with_id));
    let mut without_id = first.clone();
    without_id.as_object_mut().unwrap().remove("command_id");
    assert!(validator.accepts(&without_id));
    serde_json::from_value::<Envelope<ComplaintEvent>>(without_id).unwrap();
    for refused in [
        edited(&first, "/schema_version", |v| *v = 2.into()),
        edited(&first, "/command_id", |id| *id = "not a uuid".into()),
        edited(&first, "/event/type", |t| *t = "teleport".into()),
        edited(&first, "", |e| e["unexpected"] = true.into()),
    ] {
        both_refuse::<Envelope<ComplaintEvent>>(&validator, &refused);
    }
    let mut unversioned = first;
    unversioned
        .as_object_mut()
        .unwrap()
        .remove("schema_version");
    both_refuse::<Envelope<ComplaintEvent>>(&validator, &unversioned);
}

#[test]
fn x3_x4_a_stored_stream_validates_as_the_array_of_its_envelopes() {
    let world = common::World::given(common::resolved());
    let validator = Validator::of::<EventStream<Complaint>>();
    let stream = serde_json::to_value(&world.stream).unwrap();
    assert!(validator.accepts(&stream));
    both_refuse::<EventStream<Complaint>>(&validator, &json!({"events": stream}));
}

#[test]
fn x3_configuration_a_host_stores_validates_against_its_schema() {
    fn validates<T: schemars::JsonSchema + DeserializeOwned>(path: &str) {
        let value: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        serde_json::from_value::<T>(value.clone()).unwrap();
        let validator = Validator::of::<T>();
        if let Err(error) = validator.schemas.validate(&value, validator.index) {
            panic!("{path}: {error}");
        }
        let stray = edited(&value, "", |o| o["unexpected"] = true.into());
        both_refuse::<T>(&validator, &stray);
    }
    validates::<Organisation>("examples/data/crm_organisation.json");
    validates::<CalendarSpec>("examples/data/bogota-2026.json");
    validates::<CalendarSpec>("examples/data/madrid-2026.json");
}
