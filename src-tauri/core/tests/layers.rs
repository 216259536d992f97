//! The core's modules depend on each other in one direction: no module imports, through
//! any chain, a module that imports it (issue 16: `queries` once imported each other in a
//! loop, and rules sat inside the queries). Read from the source: every `crate::a::b` path
//! outside comments and `#[cfg(test)]` modules is an edge from the file's module to `a::b`
//! (or to `a` when `a::b` is not a module).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path ("queries::tasks") → source text without comments and test modules.
fn modules() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = BTreeMap::new();
    let mut dirs = vec![root.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let rel = path.strip_prefix(&root).unwrap().with_extension("");
            let mut name = rel.to_string_lossy().replace('/', "::");
            if name == "lib" {
                continue;
            }
            if let Some(parent) = name.strip_suffix("::mod") {
                name = parent.to_string();
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap();
            let code: String = code.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n");
            out.insert(name, code);
        }
    }
    out
}

/// The module a `crate::` path names: the longest known prefix.
fn target(path: &str, known: &BTreeMap<String, String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len()).rev().map(|n| parts[..n].join("::")).find(|p| known.contains_key(p))
}

/// The paths a `crate::` reference names, `{…}` groups expanded: `queries::{audit, tasks}`
/// names `queries::audit` and `queries::tasks`.
fn paths(rest: &str) -> Vec<String> {
    let head: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':').collect();
    let after = &rest[head.len()..];
    let head = head.trim_end_matches(':').to_string();
    if !after.starts_with('{') {
        return vec![head];
    }
    let mut depth = 0;
    let mut items = vec![String::new()];
    for c in after.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 1 => items.push(String::new()),
            _ => {}
        }
        if depth == 0 {
            break;
        }
        if depth != 1 || (c != '{' && c != ',') {
            items.last_mut().unwrap().push(c);
        }
    }
    items
        .iter()
        .flat_map(|item| {
            let item = item.trim();
            let item = item.split(" as ").next().unwrap_or("").trim();
            match item {
                "" | "self" => vec![head.clone()],
                _ => paths(item).into_iter().map(|p| format!("{head}::{p}")).collect(),
            }
        })
        .collect()
}

fn edges() -> BTreeMap<String, BTreeSet<String>> {
    let mods = modules();
    let mut graph = BTreeMap::new();
    for (name, code) in &mods {
        let mut deps = BTreeSet::new();
        for (i, _) in code.match_indices("crate::") {
            for path in paths(&code[i + "crate::".len()..]) {
                let Some(t) = target(&path, &mods) else { continue };
                // A module may name its own children and itself.
                if t != *name && !t.starts_with(&format!("{name}::")) {
                    deps.insert(t);
                }
            }
        }
        graph.insert(name.clone(), deps);
    }
    graph
}

/// A cycle through `start`, if any (depth-first search).
fn cycle_from(start: &str, graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn walk(at: &str, start: &str, graph: &BTreeMap<String, BTreeSet<String>>, path: &mut Vec<String>, seen: &mut BTreeSet<String>) -> bool {
        for next in graph.get(at).into_iter().flatten() {
            if next == start {
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(next, start, graph, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_string()];
    walk(start, start, graph, &mut path, &mut BTreeSet::new()).then_some(path)
}

#[test]
fn no_module_of_the_core_imports_itself_through_others() {
    let graph = edges();
    assert!(graph.len() > 40, "the core's modules were found: {:?}", graph.keys().collect::<Vec<_>>());
    assert!(graph["rules::task"].contains("queries::tasks"), "edges are read: {:?}", graph["rules::task"]);
    let cycles: Vec<String> = graph.keys().filter_map(|m| cycle_from(m, &graph)).map(|c| c.join(" → ")).collect();
    assert!(cycles.is_empty(), "import cycles among the core's modules:\n{}", cycles.join("\n"));
}

#[test]
fn the_queries_call_no_rule() {
    let graph = edges();
    for (name, deps) in &graph {
        if name.starts_with("queries") {
            let rules: Vec<&String> = deps.iter().filter(|d| d.starts_with("rules")).collect();
            assert!(rules.is_empty(), "{name} imports {rules:?}: the rules call the queries, not the other way round");
        }
    }
}
