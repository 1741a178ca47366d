//! The requirement ids the docs cite resolve: each has an entry on the requirements
//! page (`customer_care::requirements`), and each one written as a link, `[PR1]`, has
//! its target in the same doc block, `[PR1]: crate::requirements#PR1`. The docs of the
//! types with a JSON schema cite theirs as plain text, since those docs are also the
//! schemas' descriptions.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const PREFIXES: [&str; 12] = [
    "X", "CU", "ST", "EM", "CO", "RE", "PR", "SL", "FB", "ME", "DE", "IN",
];

fn sources(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, into);
        } else if path.extension().is_some_and(|e| e == "rs") {
            into.push(path);
        }
    }
}

/// The requirement ids in `text`: a known prefix and digits, as a whole word.
fn ids(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_uppercase() && (i == 0 || !word(chars[i - 1])) {
            let mut j = i;
            while j < chars.len() && chars[j].is_ascii_uppercase() {
                j += 1;
            }
            let mut k = j;
            while k < chars.len() && chars[k].is_ascii_digit() {
                k += 1;
            }
            let prefix: String = chars[i..j].iter().collect();
            if k > j && (k == chars.len() || !word(chars[k])) && PREFIXES.contains(&&*prefix) {
                found.push(chars[i..k].iter().collect());
            }
            i = k.max(i + 1);
        } else {
            i += 1;
        }
    }
    found
}

/// The doc comments of a file, as blocks of consecutive lines with the same marker.
fn doc_blocks(source: &str) -> Vec<Vec<&str>> {
    let mut blocks: Vec<Vec<&str>> = Vec::new();
    let mut marker = "";
    for line in source.lines() {
        let trimmed = line.trim_start();
        let this = ["///", "//!"]
            .into_iter()
            .find(|m| trimmed.starts_with(m) && !trimmed.starts_with("////"));
        match this {
            Some(m) => {
                let text = trimmed[m.len()..]
                    .strip_prefix(' ')
                    .unwrap_or(&trimmed[m.len()..]);
                if m == marker {
                    blocks.last_mut().unwrap().push(text);
                } else {
                    blocks.push(vec![text]);
                }
                marker = m;
            }
            None => marker = "",
        }
    }
    blocks
}

#[test]
fn every_cited_requirement_id_resolves_on_the_requirements_page() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let page = std::fs::read_to_string(src.join("requirements.rs")).unwrap();
    let anchors: BTreeSet<String> = page
        .split("<span id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect();
    assert!(anchors.len() >= 40, "the page lists {} ids", anchors.len());

    let mut files = Vec::new();
    sources(&src, &mut files);
    let (mut linked, mut problems) = (0, Vec::new());
    // The page itself also names the ids it does not cover yet.
    files.retain(|file| !file.ends_with("requirements.rs"));
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(&src).unwrap().display().to_string();
        for block in doc_blocks(&source) {
            let mut fenced = false;
            let mut targets = BTreeSet::new();
            let mut links = BTreeSet::new();
            for line in &block {
                if line.trim_start().starts_with("```") {
                    fenced = !fenced;
                    continue;
                }
                if fenced {
                    continue;
                }
                if let Some(definition) = line.strip_prefix('[') {
                    if let Some((id, target)) = definition.split_once("]: crate::requirements#") {
                        if id != target.trim() {
                            problems.push(format!("{name}: [{id}] points at #{target}"));
                        }
                        targets.insert(id.to_owned());
                        continue;
                    }
                }
                for id in ids(line) {
                    if !anchors.contains(&id) {
                        problems.push(format!("{name}: {id} is not on the requirements page"));
                    }
                    if line.contains(&format!("[{id}]")) {
                        links.insert(id);
                    }
                }
            }
            for id in links.difference(&targets) {
                problems.push(format!("{name}: [{id}] has no target in its doc block"));
            }
            for id in &targets {
                if !anchors.contains(id) {
                    problems.push(format!("{name}: #{id} is not an anchor of the page"));
                }
            }
            linked += links.len();
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(linked > 300, "only {linked} ids are links");
}

#[test]
fn the_id_reader_finds_whole_ids_only() {
    assert_eq!(ids("kept (PR1, CO3) and [X4]"), ["PR1", "CO3", "X4"]);
    assert!(ids("ISO 10002, UTF8, CO2e, xPR1, PR").is_empty());
}
