//! Runs tauri-build against the root `tauri.conf.json` (it does not live next to this crate).

fn main() {
    // `config_path` is relative to this crate's directory, the build script's working directory.
    let attributes = tauri_build::Attributes::new().config_path("../tauri.conf.json");
    tauri_build::try_build(attributes).expect("tauri-build failed; see the message above");
}
