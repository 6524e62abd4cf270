//! Building the `handschlag` binary: it carries the web UI inside, so its build script stops a
//! build that has no built UI, saying how to make one — instead of a binary whose `serve` page
//! only says so at run time. The test runs the real build script cargo compiled for this
//! target directory, as cargo would, on a checkout with and without `ui/dist`.

use std::path::{Path, PathBuf};
use std::process::Command;

use handschlag_tests::handschlag_binary;

/// The hub's compiled build script (`target/<profile>/build/handschlag-hub-*/build-script-build`),
/// the newest when several builds left one.
fn hub_build_script() -> PathBuf {
    let build = handschlag_binary()
        .parent()
        .expect("the binary sits in target/<profile>")
        .join("build");
    std::fs::read_dir(&build)
        .expect("cargo keeps build scripts in target/<profile>/build")
        .filter_map(Result::ok)
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("handschlag-hub-")
        })
        .map(|entry| entry.path().join("build-script-build"))
        .filter(|script| script.is_file())
        .max_by_key(|script| script.metadata().and_then(|m| m.modified()).ok())
        .expect("the hub's build script is built; run `cargo build --workspace` first")
}

/// Runs the build script as cargo does for `crates/hub` in the checkout at `root`.
fn build_in(root: &Path) -> std::process::Output {
    let hub = root.join("crates/hub");
    std::fs::create_dir_all(&hub).unwrap();
    Command::new(hub_build_script())
        .env("CARGO_MANIFEST_DIR", &hub)
        .current_dir(&hub)
        .output()
        .unwrap()
}

#[test]
fn a_cli_built_without_the_ui_stops_and_says_how_to_build_it() {
    let checkout = tempfile::tempdir().unwrap();

    let without_ui = build_in(checkout.path());
    assert!(!without_ui.status.success(), "the build must stop");
    let said = String::from_utf8_lossy(&without_ui.stderr);
    assert!(
        said.contains("The web UI is not built")
            && said.contains("npm --prefix ui ci && npm --prefix ui run build"),
        "{said}"
    );

    let dist = checkout.path().join("ui/dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), "<!doctype html>").unwrap();
    let with_ui = build_in(checkout.path());
    assert!(
        with_ui.status.success(),
        "{}",
        String::from_utf8_lossy(&with_ui.stderr)
    );
    let told = String::from_utf8_lossy(&with_ui.stdout);
    assert!(told.contains("cargo:rerun-if-changed="), "{told}");
}
