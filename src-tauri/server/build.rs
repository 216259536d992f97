//! Embeds the portal page (`ui/dist-portal/`, the second Vite build of the Svelte app) into
//! the server, so the office's copy serves exactly the page it was built with. A missing
//! build fails here, with the way to make it, rather than serving an empty portal.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display())).flatten().collect();
    entries.sort_by_key(|e| e.path());
    for e in entries {
        let path = e.path();
        if path.is_dir() {
            files(&path, base, out);
        } else {
            let rel = path.strip_prefix(base).expect("under base").to_string_lossy().replace('\\', "/");
            out.push((rel, path));
        }
    }
}

fn main() {
    // Read when the script runs, not baked in when it is compiled: a build script compiled
    // for one checkout is reused by cargo from a shared target folder for another.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR for build scripts");
    let dir = Path::new(&manifest).join("../../ui/dist-portal");
    println!("cargo:rerun-if-changed={}", dir.display());
    if !dir.join("index.html").is_file() {
        panic!(
            "\n\nThe portal page is not built: {} has no index.html.\n\
             Build it first (the portal build of the Svelte app in ui/, which writes ui/dist-portal/),\n\
             or, for the server's own tests, put a small ui/dist-portal/index.html there (the folder is git-ignored).\n\n",
            dir.display()
        );
    }
    let mut found = Vec::new();
    files(&dir, &dir, &mut found);
    let mut code = String::from("/// The portal page's files: path under ui/dist-portal/ and content.\npub static FILES: &[(&str, &[u8])] = &[\n");
    for (rel, path) in &found {
        println!("cargo:rerun-if-changed={}", path.display());
        writeln!(code, "    ({rel:?}, include_bytes!({:?})),", path.canonicalize().expect("exists").display().to_string()).unwrap();
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("assets.rs");
    std::fs::write(out, code).expect("write assets.rs");
}
