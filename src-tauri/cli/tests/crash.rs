//! Issue #15, "Proof": the crash writer is killed with SIGKILL at random moments, 50 times
//! on one store, through the real binary (`dondoc-cli bench crash`). After every kill the
//! store must pass `integrity_check` and `foreign_key_check`, its per-unit tally must equal
//! a recount, and every write the writer logged as committed must be there with its values
//! (the command fails otherwise, naming the seed and the kill).
//!
//! The seed comes from the clock and is printed; `DONDOC_CRASH_SEED=N` replays a run's
//! choices (the kill instants depend on the machine too).

use std::process::Command;
use std::time::Instant;

use serde_json::Value;

#[test]
fn fifty_kills_lose_nothing_committed_and_corrupt_nothing() {
    let seed = std::env::var("DONDOC_CRASH_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .unwrap_or_else(|| std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 % 1_000_000_000);
    println!("crash test seed {seed} (replay: DONDOC_CRASH_SEED={seed})");
    let dir = tempfile::tempdir().unwrap();
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_dondoc-cli"))
        .args(["bench", "crash", "--kills", "50", "--size", "300", "--json", "--seed", &seed.to_string(), "--dir"])
        .arg(dir.path())
        .env_remove("DONDOC_DB")
        .output()
        .expect("run dondoc-cli");
    println!("elapsed {:.1} s", started.elapsed().as_secs_f64());
    assert!(out.status.success(), "seed {seed}: {}", String::from_utf8_lossy(&out.stderr));
    let f: Value = serde_json::from_slice(&out.stdout).unwrap();
    println!("{f}");
    assert_eq!((f["kills"].as_u64(), f["checks"].as_u64()), (Some(50), Some(50)), "every kill is followed by a check");
    assert_eq!((f["corruptions"].as_u64(), f["lost_writes"].as_u64(), f["evidence_rows_without_file"].as_u64()), (Some(0), Some(0), Some(0)));
    // The run proves something only if the writer wrote every kind of write between kills.
    for op in ["create", "tick", "return", "cancel", "extend_part", "extend_task", "evidence", "import"] {
        assert!(f["committed"][op].as_u64().unwrap_or(0) > 0, "seed {seed}: no {op} committed: {f}");
    }
    assert!(f["late_ticks"].as_u64().unwrap() > 0, "ticks after their deadline too");
    assert!(f["facts_checked"].as_u64().unwrap() > 100, "the checks compared the logged writes: {f}");
    assert!(f["kills_inside_write"].as_u64().unwrap() > 0, "seed {seed}: no kill landed inside a write: {f}");
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(left.is_empty(), "a good run removes its store");
}

#[test]
fn the_writer_is_hidden_and_never_writes_to_the_default_store() {
    let help = Command::new(env!("CARGO_BIN_EXE_dondoc-cli")).arg("--help").output().unwrap();
    assert!(!String::from_utf8_lossy(&help.stdout).contains("crash"), "not offered to the office");
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_dondoc-cli"))
        .args(["crash-writer", "--seed", "1", "--writes", "1", "--log"])
        .arg(dir.path().join("w.log"))
        .env("DONDOC_DB", dir.path().join("office.sqlite3"))
        .env("XDG_DATA_HOME", dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Hãy chỉ rõ --db"));
    assert!(!dir.path().join("office.sqlite3").exists() && !dir.path().join("w.log").exists(), "nothing written");
}
