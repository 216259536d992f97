fn main() {
    // The build script runs at the repository root, where tauri.conf.json lives; the
    // capabilities sit under src-tauri/. Without the rerun hint cargo would re-run this
    // script (and relink) on every build.
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    tauri_build::try_build(tauri_build::Attributes::new().capabilities_path_pattern("src-tauri/capabilities/**/*")).expect("tauri build script failed");
}
