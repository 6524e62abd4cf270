//! The `handschlag` binary carries the web UI inside (`ui/dist`, embedded by rust-embed in every
//! profile): without a built UI the build stops here and says how to make one, rather than
//! yielding a binary whose `serve` has no page to show.

use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo runs build scripts");
    let dist = Path::new(&manifest).join("../../ui/dist");
    // A rebuilt UI has new file names (Vite hashes them): embed the new set.
    println!("cargo:rerun-if-changed={}", dist.display());
    if !dist.join("index.html").is_file() {
        eprintln!(
            "\n\nThe web UI is not built ({} has no index.html), and the `handschlag` binary carries it inside.\nBuild it first, then build again:\n\n    npm --prefix ui ci && npm --prefix ui run build\n\n(`cargo xtask run`, `cargo xtask test` and `cargo xtask package` do this for you.)\n\n",
            dist.display()
        );
        std::process::exit(1);
    }
}
