//! The crate's layers point one way (issue 21, item 1): read from the `use` lines and
//! `crate::` paths of `src/`, every module imports only modules of its own layer or
//! below, and no imports go round in a circle. The layers are the crate docs' own list.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first, as the crate docs state them.
const LAYERS: [(&str, &[&str]); 7] = [
    (
        "foundations",
        &["id", "text", "refusal", "diagram", "stream", "machine"],
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
        &["json", "schema", "prelude", "requirements"],
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

/// The module path of a source file: `src/feedback/review.rs` is `feedback::review`.
fn module_of(path: &str) -> Vec<String> {
    let relative = path.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = relative.split('/').map(str::to_owned).collect();
    if parts
        .last()
        .is_some_and(|last| last == "mod" || last == "lib")
    {
        parts.pop();
    }
    parts
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

/// Every path a `use` tree names: `a::{b::c, d}` gives `a::b::c` and `a::d`.
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        return vec![tree.to_owned()];
    };
    let (prefix, inner) = (&tree[..open], &tree[open + 1..tree.len().saturating_sub(1)]);
    let (mut depth, mut current, mut parts) = (0, String::new(), Vec::new());
    for c in inner.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts
        .into_iter()
        .filter(|part| !part.trim().is_empty())
        .flat_map(|part| expand(part.trim()))
        .map(|path| format!("{prefix}{path}"))
        .collect()
}

/// The code of a source text: comments, strings and characters blanked out.
fn code_of(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let (mut code, mut i) = (String::with_capacity(text.len()), 0);
    while i < chars.len() {
        let rest = &chars[i..];
        if rest.starts_with(&['/', '/']) {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if rest.starts_with(&['/', '*']) {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if rest.starts_with(&['r', '#']) || rest.starts_with(&['r', '"']) {
            let hashes = rest[1..].iter().take_while(|c| **c == '#').count();
            i += 2 + hashes;
            let close: Vec<char> = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            while i < chars.len() && !chars[i..].starts_with(&close) {
                i += 1;
            }
            i += close.len();
            code.push_str("\"\"");
        } else if chars[i] == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            code.push_str("\"\"");
        } else {
            code.push(chars[i]);
            i += 1;
        }
    }
    code
}

/// The units a source text imports. `module` is the file's module path (`feedback`,
/// `feedback::review`): `super::` and the modules the file declares are resolved
/// against it.
fn imports(text: &str, module: &[&str]) -> BTreeSet<String> {
    let code = code_of(text);
    let mut found = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("use ") {
        let after = &rest[at + "use ".len()..];
        let end = after.find(';').unwrap_or(after.len());
        let tree: String = after[..end].split_whitespace().collect();
        for path in expand(&tree) {
            if let Some(path) = path.strip_prefix("crate::") {
                found.insert(unit_named(path));
            }
        }
        rest = &after[end..];
    }
    let word_starts = |code: &str, needle: &str| -> Vec<String> {
        let mut paths = Vec::new();
        let mut rest = code;
        while let Some(at) = rest.find(needle) {
            let before = rest[..at].chars().last();
            let after = &rest[at + needle.len()..];
            let path: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':' || *c == '*')
                .collect();
            if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
                paths.push(path);
            }
            rest = after;
        }
        paths
    };
    for path in word_starts(&code, "crate::") {
        if path.contains("::") {
            found.insert(unit_named(&path));
        }
    }
    // `super::x`: the parent module's `x`; `super::*` or `super::{…}`: the parent.
    let parent = &module[..module.len().saturating_sub(1)];
    for path in word_starts(&code, "super::") {
        if parent.is_empty() {
            // A top module's inline `mod tests`: its `super` is the file itself.
            continue;
        }
        let mut full: Vec<&str> = parent.to_vec();
        full.extend(path.split("::").filter(|p| !p.is_empty() && *p != "*"));
        found.insert(unit_named(&full.join("::")));
    }
    // `child::x` for a module the file declares.
    for line in code.lines() {
        let line = line.trim();
        let declared = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("mod "))
            .and_then(|rest| rest.strip_suffix(';'));
        if let Some(child) = declared {
            let mut full: Vec<&str> = module.to_vec();
            full.push(child);
            let unit = unit_named(&full.join("::"));
            if !word_starts(&code, &format!("{child}::")).is_empty() {
                found.insert(unit);
            }
        }
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
        let path = module_of(&file);
        let module: Vec<&str> = path.iter().map(String::as_str).collect();
        let imported: Vec<String> = imports(&text, &module)
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
    let set = |units: &[&str]| {
        units
            .iter()
            .map(|u| (*u).to_owned())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(
        imports(
            "use crate::sla::{Priority, Clock};\nuse crate::{money::Money, id::StaffId};",
            &["complaint"]
        ),
        set(&["id", "money", "sla"])
    );
    assert_eq!(
        imports(
            "let x = crate::feedback::review::weekly_review(); // crate::decalogue::x\n\
             let url = \"https://crate::promise::x\"; /* crate::metrics::y */",
            &["decalogue"]
        ),
        set(&["feedback::review"])
    );
    assert_eq!(
        imports(
            "use crate::feedback::{improvement::Link, Theme};",
            &["conduct"]
        ),
        set(&["feedback", "feedback::improvement"])
    );
    assert_eq!(
        imports(
            "use super::improvement::Item;\nuse super::*;",
            &["feedback", "review"]
        ),
        set(&["feedback", "feedback::improvement"])
    );
    assert_eq!(
        imports(
            "pub mod improvement;\nfn f() -> improvement::Link {}",
            &["feedback"]
        ),
        set(&["feedback::improvement"])
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
        assert_eq!(
            line.matches('`').count() / 2,
            units.len(),
            "the {name} line of the crate docs lists modules this test does not"
        );
    }
}
