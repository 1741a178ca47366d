//! The crate's layers point one way (issue 21, item 1): read from the `use` lines and
//! `crate::` paths of `src/`, every module imports only modules of its own layer or
//! below, and no imports go round in a circle. The layers are the crate docs' own list.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first, as the crate docs state them.
const LAYERS: [(&str, &[&str]); 7] = [
    (
        "foundations",
        &["id", "text", "refusal", "diagram", "stream"],
    ),
    (
        "values",
        &[
            "money", "remedy", "customer", "staff", "calendar", "sla", "feedback",
        ],
    ),
    ("rules", &["empowerment", "conduct"]),
    (
        "deciders",
        &["promise", "feedback::improvement", "complaint"],
    ),
    ("views", &["view", "clocks", "metrics"]),
    ("reports", &["feedback::review", "decalogue", "helpdesk"]),
    (
        "adapters and pages",
        &["esrs", "json", "schema", "prelude", "requirements"],
    ),
];

/// The unit a source file belongs to: its top module, but the improvement cycle and the
/// weekly review, which sit in layers of their own, apart from the feedback values.
fn unit_of(path: &str) -> Option<String> {
    let relative = path.strip_prefix("src/")?.strip_suffix(".rs")?;
    let mut parts: Vec<&str> = relative.split('/').collect();
    if parts.last() == Some(&"mod") {
        parts.pop();
    }
    match parts.as_slice() {
        ["lib"] => None,
        ["feedback", sub, ..] if *sub == "improvement" || *sub == "review" => {
            Some(format!("feedback::{sub}"))
        }
        [top, ..] => Some((*top).to_owned()),
        [] => None,
    }
}

/// The unit a `crate::` path names.
fn unit_named(path: &str) -> String {
    let mut parts = path.split("::").map(str::trim);
    let top = parts.next().unwrap_or_default();
    match (top, parts.next()) {
        ("feedback", Some(sub)) if sub == "improvement" || sub == "review" => {
            format!("feedback::{sub}")
        }
        _ => top.to_owned(),
    }
}

/// The top-level paths of a `use` tree's braces: `{a::b, c::{d, e}}` gives `a::b`, `c`.
fn tops(tree: &str) -> Vec<String> {
    let Some(inner) = tree.strip_prefix('{').and_then(|t| t.strip_suffix('}')) else {
        return vec![tree.to_owned()];
    };
    let (mut depth, mut current, mut found) = (0, String::new(), Vec::new());
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                found.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        if depth == 0 {
            current.push(c);
        }
    }
    found.push(current);
    found
        .into_iter()
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The units a source text imports, comments left out.
fn imports(text: &str) -> BTreeSet<String> {
    let code: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("use crate::") {
        let after = &rest[at + "use crate::".len()..];
        let end = after.find(';').unwrap_or(after.len());
        let tree: String = after[..end].split_whitespace().collect();
        for top in tops(&tree) {
            found.insert(unit_named(&top));
        }
        rest = &after[end..];
    }
    let mut rest = code.as_str();
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let path: String = after
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_' || *c == ':')
            .collect();
        if path.contains("::") {
            found.insert(unit_named(&path));
        }
        rest = after;
    }
    found
}

fn sources(dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// Each unit and the units it imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    sources(Path::new("src"), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let Some(unit) = unit_of(&file) else { continue };
        let text = std::fs::read_to_string(&file).unwrap();
        let imported: Vec<String> = imports(&text)
            .into_iter()
            .filter(|to| *to != unit)
            .collect();
        graph.entry(unit).or_default().extend(imported);
    }
    graph
}

fn layer_of(unit: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, units)| units.contains(&unit))
}

#[test]
fn every_module_imports_only_its_own_layer_or_below() {
    let graph = graph();
    for (from, imported) in &graph {
        let from_layer = layer_of(from)
            .unwrap_or_else(|| panic!("`{from}` is in no layer: add it to the crate docs' list"));
        for to in imported {
            let to_layer = layer_of(to).unwrap_or_else(|| panic!("`{to}` is in no layer"));
            assert!(
                to_layer <= from_layer,
                "`{from}` ({}) imports `{to}` ({}), a layer above it",
                LAYERS[from_layer].0,
                LAYERS[to_layer].0
            );
        }
    }
    // Every unit of the list is a module of the crate, so the list cannot go stale.
    for (_, units) in LAYERS {
        for unit in units {
            assert!(
                graph.contains_key(*unit),
                "`{unit}` is listed but not in src/"
            );
        }
    }
}

#[test]
fn no_imports_go_round_in_a_circle() {
    let graph = graph();
    // Depth-first, colouring each unit while it is on the path.
    fn visit<'a>(
        unit: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        on_path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) {
        if done.contains(unit) {
            return;
        }
        if let Some(start) = on_path.iter().position(|u| *u == unit) {
            panic!(
                "imports go round: {} → {unit}",
                on_path[start..].join(" → ")
            );
        }
        on_path.push(unit);
        for next in graph.get(unit).into_iter().flatten() {
            visit(next, graph, on_path, done);
        }
        on_path.pop();
        done.insert(unit);
    }
    let mut done = BTreeSet::new();
    for unit in graph.keys() {
        visit(unit, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn the_reader_finds_a_use_tree_s_modules() {
    assert_eq!(
        imports("use crate::sla::{Priority, Target};\nuse crate::{money::Money, id::StaffId};"),
        BTreeSet::from(["id".to_owned(), "money".to_owned(), "sla".to_owned()])
    );
    assert_eq!(
        imports("let x = crate::feedback::review::weekly_review(); // crate::decalogue::x"),
        BTreeSet::from(["feedback::review".to_owned()])
    );
    assert_eq!(
        unit_of("src/complaint/table.rs").as_deref(),
        Some("complaint")
    );
    assert_eq!(
        unit_of("src/feedback/improvement.rs").as_deref(),
        Some("feedback::improvement")
    );
}

#[test]
fn the_crate_docs_state_the_same_layers() {
    let lib = std::fs::read_to_string("src/lib.rs").unwrap();
    for (name, units) in LAYERS {
        let line = lib
            .lines()
            .find(|line| line.starts_with(&format!("//! - **{name}**")))
            .unwrap_or_else(|| panic!("the crate docs do not list the {name} layer"));
        for unit in units {
            assert!(
                line.contains(&format!("`{unit}`")),
                "the {name} line of the crate docs leaves out `{unit}`"
            );
        }
    }
}
