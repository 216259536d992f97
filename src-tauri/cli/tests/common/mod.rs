//! How the CLI tests run the real binary on a store (`mod common;` in each test file).
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// `dondoc-cli --db DB ARGS…`, without the environment's `DONDOC_DB`.
pub fn cli(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dondoc-cli")).arg("--db").arg(db).args(args).env_remove("DONDOC_DB").output().expect("run dondoc-cli")
}

/// The standard output of a run that must succeed.
pub fn ok(out: Output) -> String {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The one JSON line a successful run prints (the documents' and corrections' contract).
pub fn json_line(out: Output) -> serde_json::Value {
    let stdout = ok(out);
    assert_eq!(stdout.lines().count(), 1, "one JSON line: {stdout}");
    serde_json::from_str(&stdout).unwrap()
}
