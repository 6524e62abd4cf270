//! `cargo xtask`: the same entry points for people and CI.
//!
//! * `run`     — opens the desktop app (or, with no display, the CLI on a demo database)
//! * `test`    — installs what is missing, then every check and test the project has
//! * `codegen` — writes the TypeScript API for the UI (`--check`: fail if it is stale)
//! * `bench`   — the storage and replication benchmarks recorded in BENCHMARKS.md
//! * `bench-desktop` — only the desktop app's measurements (start-up, size, memory; see `bench`)
//! * `fuzz [SECONDS]` — fuzzes sync pages, pairing links and web API requests (nightly +
//!   cargo-fuzz; 300 s each)
//! * `soak [--long]` — only the soak story (a hub and 20 devices): 2 minutes, `--long` 30
//! * `package` — the release packages (.deb, .rpm) in `target/packages/`
//! * `icons`   — every icon size, and the UI's favicon, from `src-tauri/icons/handschlag.svg`

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// Debian packages the build and the tests need.
const SYSTEM_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "webkit2gtk-driver",
    "xvfb",
    "xauth",
    "fonts-dejavu-core",
    // Answers the system's save dialog in the desktop stories.
    "xdotool",
    // A session bus, on which a second launch of the app finds the first (single instance).
    "dbus-daemon",
    // `man -w handschlag` in the package test.
    "man-db",
    // Opening a handschlag:// link through the installed menu entry, in the package test.
    "xdg-utils",
    "desktop-file-utils",
    "chromium",
    // An independent parser for the exported vCards (tests/stories.rs).
    "python3-vobject",
];

/// One flag set for every cargo call, so nothing is compiled twice with other features.
/// `tauri/custom-protocol` makes the desktop shell embed `ui/dist` instead of loading the Vite
/// dev server.
const CARGO_FLAGS: &[&str] = &[
    "--workspace",
    "--locked",
    "--features",
    "tauri/custom-protocol",
];

/// The release build of both programs, one flag set for the packages and the benchmarks alike.
const RELEASE_BUILD: &[&str] = &[
    "build",
    "--release",
    "--locked",
    "-p",
    "handschlag-desktop",
    "-p",
    "handschlag-hub",
    "--features",
    "tauri/custom-protocol",
];

const GENERATED_API: &str = "ui/src/lib/api/generated/api.ts";

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("run") => run_app(),
        Some("test") => test(),
        Some("codegen") => codegen(args.iter().any(|a| a == "--check")),
        Some("bench") => bench(),
        Some("bench-desktop") => bench_desktop(),
        Some("fuzz") => fuzz(args.get(1).map_or("300", String::as_str)),
        Some("soak") => soak(args.iter().any(|a| a == "--long")),
        Some("package") => package().map(|_| ()),
        Some("icons") => icons(),
        _ => bail!(
            "usage: cargo xtask run | test | codegen [--check] | bench | bench-desktop | fuzz [SECONDS] | soak [--long] | package | icons"
        ),
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .into()
}

/// Runs a command, echoing it, and fails with its exit status.
fn sh(program: &str, args: &[&str]) -> Result<()> {
    eprintln!("$ {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .status()
        .with_context(|| format!("cannot start {program}; is it installed?"))?;
    if !status.success() {
        bail!("`{program} {}` failed ({status})", args.join(" "));
    }
    Ok(())
}

fn cargo(args: &[&str]) -> Result<()> {
    sh(env!("CARGO"), args)
}

/// `cargo <subcommand> <CARGO_FLAGS> <extra>`.
fn cargo_all(subcommand: &str, extra: &[&str]) -> Result<()> {
    let mut args = vec![subcommand];
    args.extend_from_slice(CARGO_FLAGS);
    args.extend_from_slice(extra);
    cargo(&args)
}

/// The storage and replication benchmarks, then the UI measured in Chromium on the 50,000-contact
/// database the storage benchmark made (with the release `handschlag`).
fn bench() -> Result<()> {
    cargo(&["bench", "-p", "handschlag-core", "-p", "handschlag-hub"])?;
    npm(&["run", "build"])?;
    cargo(RELEASE_BUILD)?;
    eprintln!("$ node ui/e2e/measure.mjs");
    let status = Command::new("node")
        .arg("ui/e2e/measure.mjs")
        .env("HANDSCHLAG_BIN", "target/release/handschlag")
        .status()?;
    if !status.success() {
        bail!("the UI measurement failed ({status})");
    }
    bench_desktop()
}

/// The desktop app measured under Xvfb (`ui/e2e/desktop-measure.mjs`): the release binary's
/// size, cold start to an interactive Today screen, and resident memory with the 50,000-contact
/// benchmark database loaded (made by the storage benchmark; made here first when missing).
fn bench_desktop() -> Result<()> {
    ensure_system_packages()?;
    ensure_ui_packages()?;
    let driver = ensure_tauri_driver()?;
    let seeded = std::fs::read_dir("target/bench-data").is_ok_and(|dir| {
        dir.filter_map(Result::ok).any(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .starts_with("store-50000-")
        })
    });
    if !seeded {
        cargo(&["bench", "-p", "handschlag-core", "--bench", "store"])?;
    }
    npm(&["run", "build"])?;
    cargo(RELEASE_BUILD)?;
    xvfb_node(
        &["ui/e2e/desktop-measure.mjs"],
        &driver,
        &[(
            "HANDSCHLAG_DESKTOP_BIN",
            "target/release/handschlag-desktop",
        )],
    )
}

/// Runs `node <args>` under a fresh Xvfb (big enough for a 1280×800 and a 390×844 window), with
/// `tauri-driver` at `driver`.
fn xvfb_node(args: &[&str], driver: &Path, env: &[(&str, &str)]) -> Result<()> {
    let mut all = vec!["-a", "-s", "-screen 0 1280x1024x24", "node"];
    all.extend_from_slice(args);
    let shown: Vec<String> = all
        .iter()
        .map(|arg| {
            if arg.contains(' ') {
                format!("'{arg}'")
            } else {
                arg.to_string()
            }
        })
        .collect();
    eprintln!("$ xvfb-run {}", shown.join(" "));
    let status = Command::new("xvfb-run")
        .args(&all)
        .env("TAURI_DRIVER", driver)
        .envs(env.iter().copied())
        .status()
        .context("cannot start xvfb-run; is xvfb installed?")?;
    if !status.success() {
        bail!("`xvfb-run {}` failed ({status})", shown.join(" "));
    }
    Ok(())
}

/// The `tauri-driver` WebDriver proxy the desktop tests drive the window through: from PATH or
/// cargo's bin directory, installed with `cargo install` when missing (about a minute).
fn ensure_tauri_driver() -> Result<PathBuf> {
    let works = |program: &Path| {
        Command::new(program)
            .arg("--help")
            .output()
            .is_ok_and(|out| out.status.success())
    };
    let cargo_bin = std::env::var_os("CARGO_INSTALL_ROOT")
        .or_else(|| std::env::var_os("CARGO_HOME"))
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
        .map(|dir| dir.join("bin/tauri-driver"));
    let on_path = PathBuf::from("tauri-driver");
    if works(&on_path) {
        return Ok(on_path);
    }
    if let Some(installed) = cargo_bin.as_ref().filter(|path| works(path)) {
        return Ok(installed.clone());
    }
    cargo(&["install", "tauri-driver", "--version", "^2", "--locked"])?;
    match cargo_bin.filter(|path| works(path)) {
        Some(installed) => Ok(installed),
        None if works(&on_path) => Ok(on_path),
        None => {
            bail!("tauri-driver was installed but is not found; add cargo's bin directory to PATH")
        }
    }
}

/// The fuzz targets in `fuzz/fuzz_targets/`: what a peer, a pasted link or a page can send.
const FUZZ_TARGETS: &[&str] = &["sync_page", "pairing_link", "api_request"];

/// Fuzzes each target for `seconds`, starting from its committed seeds (`fuzz/seeds/<target>`);
/// a crash stops the run and leaves its input in `fuzz/artifacts/<target>/`.
fn fuzz(seconds: &str) -> Result<()> {
    let installed = Command::new("cargo")
        .args(["fuzz", "--version"])
        .output()
        .is_ok_and(|output| output.status.success());
    if !installed {
        cargo(&["install", "cargo-fuzz", "--locked"])?;
    }
    let time = format!("-max_total_time={seconds}");
    for target in FUZZ_TARGETS {
        let corpus = format!("fuzz/corpus/{target}");
        std::fs::create_dir_all(&corpus)?;
        let seeds = format!("fuzz/seeds/{target}");
        sh(
            "cargo",
            &[
                "+nightly", "fuzz", "run", target, &corpus, &seeds, "--", &time,
            ],
        )?;
    }
    Ok(())
}

/// The soak story alone (`tests/soak.rs`), printing its throughput and sync latencies: the
/// 2 minutes the test command runs, or 30 with `--long`.
fn soak(long: bool) -> Result<()> {
    let seconds = if long { "1800" } else { "120" };
    cargo(&["build", "--locked", "-p", "handschlag-hub"])?;
    let args = [
        "test",
        "--locked",
        "-p",
        "handschlag-tests",
        "--",
        "soak::",
        "--nocapture",
    ];
    eprintln!(
        "$ HANDSCHLAG_SOAK_SECONDS={seconds} cargo {}",
        args.join(" ")
    );
    let status = Command::new(env!("CARGO"))
        .args(args)
        .env("HANDSCHLAG_SOAK_SECONDS", seconds)
        .status()?;
    if !status.success() {
        bail!("the soak failed ({status})");
    }
    Ok(())
}

fn test() -> Result<()> {
    ensure_system_packages()?;
    ensure_ui_packages()?;
    codegen(true)?;
    cargo(&["fmt", "--all", "--check"])?;
    npm(&["run", "check"])?;
    npm(&["test"])?;
    // The desktop shell embeds the built UI at compile time.
    npm(&["run", "build"])?;
    cargo_all("clippy", &["--all-targets", "--", "-D", "warnings"])?;
    // The story tests run the real `handschlag` binary: build it first.
    cargo_all("build", &[])?;
    cargo_all("test", &[])?;
    // PRODUCT.md's stories in Chromium against a real `handschlag serve` (the binary built above).
    npm(&["run", "e2e"])?;
    // The same stories in the real desktop window (the `handschlag-desktop` built above), through
    // tauri-driver and WebKitWebDriver under Xvfb; each launch gets a fresh WebKit profile.
    let driver = ensure_tauri_driver()?;
    xvfb_node(
        &[
            "--test",
            "--test-concurrency=1",
            "ui/e2e/desktop-stories.mjs",
        ],
        &driver,
        &[],
    )?;
    package_test(&driver)?;
    eprintln!("all checks and tests passed");
    Ok(())
}

/// Where `cargo xtask package` puts the packages, and what goes into them beside the app.
const PACKAGES: &str = "target/packages";

/// Builds the release packages into [`PACKAGES`] with the Tauri CLI's bundler (npm's prebuilt
/// `@tauri-apps/cli`, which downloads nothing for these two formats): the desktop app with its
/// menu entry, icons and `handschlag://` link handler, and the `handschlag` CLI with its man
/// page and shell completions. Returns the .deb.
fn package() -> Result<PathBuf> {
    ensure_system_packages()?;
    ensure_ui_packages()?;
    npm(&["run", "build"])?;
    cargo(RELEASE_BUILD)?;
    let out = root().join(PACKAGES);
    let _ = std::fs::remove_dir_all(&out);
    let cli_files = cli_files(&out.join("cli"))?;
    let files = serde_json::json!({ "files": cli_files });
    let config = serde_json::json!({ "bundle": { "linux": { "deb": files, "rpm": files } } });
    let tauri = root().join("ui/node_modules/.bin/tauri");
    let config = config.to_string();
    let args = [
        "bundle",
        "--bundles",
        "deb,rpm",
        "--ci",
        "--config",
        &config,
    ];
    eprintln!("$ {} {}", tauri.display(), args.join(" "));
    let status = Command::new(&tauri)
        .args(args)
        // The config at the root is linked into src-tauri/, where the CLI wants it.
        .env("TAURI_APP_PATH", "src-tauri")
        .env("TAURI_FRONTEND_PATH", "ui")
        .status()
        .context("cannot start the Tauri CLI; run `npm --prefix ui ci`")?;
    if !status.success() {
        bail!("the Tauri bundler failed ({status})");
    }
    let mut deb = None;
    for kind in ["deb", "rpm"] {
        for entry in std::fs::read_dir(root().join("target/release/bundle").join(kind))? {
            let built = entry?.path();
            if built.extension().is_none_or(|extension| extension != kind) {
                continue; // the folder the bundler assembled it in
            }
            let name = built.file_name().context("a bundle has a name")?;
            let packaged = out.join(name);
            std::fs::copy(&built, &packaged)?;
            eprintln!("packaged {}", packaged.display());
            if kind == "deb" {
                deb = Some(packaged);
            }
        }
    }
    deb.context("the bundler made no .deb")
}

/// The CLI and what it brings, written to `dir` by the release `handschlag` itself: where each
/// goes on the system → the file.
fn cli_files(dir: &Path) -> Result<serde_json::Map<String, serde_json::Value>> {
    std::fs::create_dir_all(dir)?;
    let cli = root().join("target/release/handschlag");
    let write = |name: &str, args: &[&str]| -> Result<PathBuf> {
        let output = Command::new(&cli).args(args).output()?;
        if !output.status.success() {
            bail!(
                "`handschlag {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let path = dir.join(name);
        std::fs::write(&path, output.stdout)?;
        Ok(path)
    };
    let man = write("handschlag.1", &["man"])?;
    sh("gzip", &["-9nf", &man.display().to_string()])?;
    let installed = [
        ("/usr/bin/handschlag", cli.clone()),
        (
            "/usr/share/man/man1/handschlag.1.gz",
            dir.join("handschlag.1.gz"),
        ),
        (
            "/usr/share/bash-completion/completions/handschlag",
            write("handschlag.bash", &["completions", "bash"])?,
        ),
        (
            "/usr/share/zsh/vendor-completions/_handschlag",
            write("_handschlag", &["completions", "zsh"])?,
        ),
        (
            "/usr/share/fish/vendor_completions.d/handschlag.fish",
            write("handschlag.fish", &["completions", "fish"])?,
        ),
    ];
    Ok(installed
        .into_iter()
        .map(|(to, from)| (to.to_owned(), from.display().to_string().into()))
        .collect())
}

/// Builds the packages, installs the .deb, and runs `ui/e2e/package-stories.mjs` against what
/// was installed (under a session bus, which the app's single-instance check uses); the story
/// removes the package again. Installing needs root, as CI runs.
fn package_test(driver: &Path) -> Result<()> {
    if !is_root() {
        eprintln!(
            "the package test installs the .deb and needs root (CI runs as root): run `sudo cargo xtask test` to include it"
        );
        return Ok(());
    }
    let deb = package()?;
    let deb = deb.display().to_string();
    let mut args = vec!["--", "xvfb-run", "-a", "-s", "-screen 0 1280x1024x24"];
    args.extend(["node", "--test", "ui/e2e/package-stories.mjs"]);
    eprintln!("$ HANDSCHLAG_DEB={deb} dbus-run-session {}", args.join(" "));
    let status = Command::new("dbus-run-session")
        .args(&args)
        .env("TAURI_DRIVER", driver)
        .env("HANDSCHLAG_DEB", &deb)
        .status()
        .context("cannot start dbus-run-session; is dbus-daemon installed?")?;
    if !status.success() {
        bail!("the package test failed ({status})");
    }
    Ok(())
}

/// Every icon the bundles and the phone builds want, and the UI's favicon, from the one source
/// image (with the Tauri CLI's `icon` command).
fn icons() -> Result<()> {
    ensure_ui_packages()?;
    let source = "src-tauri/icons/handschlag.svg";
    sh(
        &root()
            .join("ui/node_modules/.bin/tauri")
            .display()
            .to_string(),
        &["icon", source, "--output", "src-tauri/icons"],
    )?;
    std::fs::copy(source, "ui/public/favicon.svg")?;
    Ok(())
}

/// Opens the desktop app on a demo database; with no display, serves the same app to a browser
/// with `handschlag serve` and prints its address.
fn run_app() -> Result<()> {
    ensure_ui_packages()?;
    // The desktop shell embeds the built UI at compile time; `serve` reads it from ui/dist.
    npm(&["run", "build"])?;
    let display =
        std::env::var_os("DISPLAY").is_some() || std::env::var_os("WAYLAND_DISPLAY").is_some();
    if display {
        ensure_system_packages()?;
        cargo_all(
            "build",
            &["--bin", "handschlag", "--bin", "handschlag-desktop"],
        )?;
    } else {
        cargo_all("build", &["--bin", "handschlag"])?;
    }
    let demo = demo_database()?;
    if display {
        let app = root().join("target/debug/handschlag-desktop");
        eprintln!("$ HANDSCHLAG_DB={demo} {}", app.display());
        let status = Command::new(&app).env("HANDSCHLAG_DB", &demo).status()?;
        if !status.success() {
            bail!("the desktop app stopped ({status})");
        }
        return Ok(());
    }
    eprintln!(
        "\nno display (DISPLAY and WAYLAND_DISPLAY are unset), so no desktop window: serving the app to a browser instead.\nOpen http://127.0.0.1:7879 in a browser on this machine; Ctrl+C stops the server.\n"
    );
    sh(&cli(), &["--db", &demo, "serve", "--ui", "127.0.0.1:7879"])
}

/// The `handschlag` binary `cargo xtask` builds.
fn cli() -> String {
    root().join("target/debug/handschlag").display().to_string()
}

/// The demo database in `target/demo/`, made on first use through the real CLI.
fn demo_database() -> Result<String> {
    let demo = root().join("target/demo/handschlag.db");
    let demo = demo.to_str().context("the checkout path is not UTF-8")?;
    if !Path::new(demo).exists() {
        seed_demo(&cli(), demo)?;
    }
    Ok(demo.to_owned())
}

/// A small demo notebook, written through the real CLI.
fn seed_demo(cli: &str, db: &str) -> Result<()> {
    let run = |args: &[&str]| {
        let mut all = vec!["--db", db];
        all.extend_from_slice(args);
        sh(cli, &all)
    };
    run(&[
        "contact",
        "add",
        "--name",
        "Jürgen Müller",
        "--org",
        "Müller Bau",
        "--town",
        "Musterstadt",
        "--phone",
        "+49 171 1234567",
        "--tag",
        "handwerk",
        "--how-met",
        "in-person",
    ])?;
    run(&[
        "contact",
        "add",
        "--name",
        "Anna Bauer",
        "--org",
        "Bauer Logistik",
        "--town",
        "Musterstadt",
        "--notes",
        "restructuring",
        "--how-met",
        "online",
    ])?;
    run(&[
        "contact",
        "add",
        "--name",
        "Eva Weiß",
        "--org",
        "Sparkasse Musterstadt",
        "--role",
        "branch manager",
        "--town",
        "Musterstadt",
        "--how-met",
        "online",
    ])?;
    run(&[
        "event",
        "add",
        "--title",
        "Sommerfest TSV Musterstadt",
        "--starts",
        "2026-07-04T15:00",
        "--tz",
        "Europe/Berlin",
        "--place",
        "Sportplatz",
        "--kind",
        "club-festival",
        "--cost",
        "40.00",
        "--contribution",
        "2 kg Bratwurst",
        "--goal",
        "meet the new Sparkasse branch manager",
        "--meet",
        "Eva Weiß",
        "--meet",
        "Anna Bauer",
    ])?;
    run(&[
        "checkin",
        "Anna Bauer",
        "--event",
        "Sommerfest",
        "--note",
        "restructuring — call next week",
    ])?;
    run(&[
        "deal",
        "add",
        "Anna Bauer",
        "--title",
        "Workshop",
        "--amount",
        "3800.00",
        "--status",
        "won",
    ])
}

/// Writes (or with `check`, compares) the generated TypeScript API.
fn codegen(check: bool) -> Result<()> {
    let wanted = handschlag_api::typescript::module();
    let path = root().join(GENERATED_API);
    if check {
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current != wanted {
            bail!("{GENERATED_API} is stale; run `cargo xtask codegen` and commit the result");
        }
        return Ok(());
    }
    std::fs::create_dir_all(path.parent().expect("a file has a folder"))?;
    std::fs::write(&path, wanted)?;
    eprintln!("wrote {GENERATED_API}");
    Ok(())
}

fn npm(args: &[&str]) -> Result<()> {
    let mut all = vec!["--prefix", "ui"];
    all.extend_from_slice(args);
    sh("npm", &all)
}

/// Installs the UI's npm packages when they are missing or older than the lock file. Vite 8
/// needs Node.js 20.19 or newer.
fn ensure_ui_packages() -> Result<()> {
    let version = Command::new("node")
        .arg("--version")
        .output()
        .ok()
        .filter(|out| out.status.success());
    let Some(version) = version else {
        bail!(
            "Node.js is missing; install Node.js 20.19 or newer (for example from NodeSource), then rerun"
        );
    };
    let version = String::from_utf8_lossy(&version.stdout)
        .trim()
        .trim_start_matches('v')
        .to_string();
    let numbers: Vec<u32> = version.split('.').filter_map(|n| n.parse().ok()).collect();
    if numbers.as_slice() < [20, 19].as_slice() {
        bail!("Node.js {version} is too old for the UI build; install Node.js 20.19 or newer");
    }
    let modified = |path: &str| std::fs::metadata(path).and_then(|m| m.modified()).ok();
    let installed = modified("ui/node_modules/.package-lock.json");
    if installed.is_none() || installed < modified("ui/package-lock.json") {
        npm(&["ci", "--no-audit", "--no-fund"])?;
    }
    Ok(())
}

/// Installs missing Debian packages when running as root; otherwise says what to install.
fn ensure_system_packages() -> Result<()> {
    if Command::new("dpkg").arg("--version").output().is_err() {
        eprintln!(
            "not a Debian-like system; make sure these are installed: {}",
            SYSTEM_PACKAGES.join(" ")
        );
        return Ok(());
    }
    let missing: Vec<&str> = SYSTEM_PACKAGES
        .iter()
        .copied()
        .filter(|package| {
            let status = Command::new("dpkg-query")
                .args(["-W", "-f=${Status}", package])
                .output();
            !status.is_ok_and(|out| {
                String::from_utf8_lossy(&out.stdout).contains("install ok installed")
            })
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !is_root() {
        bail!(
            "missing Debian packages; install them with: sudo apt-get install {}",
            missing.join(" ")
        );
    }
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend(&missing);
    sh("apt-get", &["update", "-qq"])?;
    let status = Command::new("apt-get")
        .args(&install)
        .env("DEBIAN_FRONTEND", "noninteractive")
        .status()
        .context("cannot run apt-get")?;
    if !status.success() {
        bail!(
            "apt-get install {} failed; check the network to the Debian mirror",
            missing.join(" ")
        );
    }
    Ok(())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}
