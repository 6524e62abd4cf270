//! Test support for the story tests: a [`Device`] is one database file driven through the real
//! `handschlag` binary, the way a user or a script would.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::Value;

/// The built `handschlag` binary in this target directory (`cargo build` puts it next to the
/// test's `deps/` folder).
pub fn handschlag_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the test knows its own path");
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .expect("tests live in target/<profile>/deps");
    let binary = profile.join("handschlag");
    assert!(
        binary.exists(),
        "{} is not built; run `cargo build --workspace` first (cargo xtask test does)",
        binary.display()
    );
    binary
}

/// One device's database, in its own temporary directory.
pub struct Device {
    _dir: tempfile::TempDir,
    pub db: PathBuf,
}

/// What a command printed and how it exited.
pub struct Run {
    pub success: bool,
    /// The exit status (`None` when a signal ended it).
    pub status: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Device {
    /// A device whose database is a copy of `file` (a backup, a fixture), in its own directory.
    pub fn at_copy_of(file: &str) -> Device {
        let device = Device::default();
        std::fs::copy(file, &device.db).expect("the file is copied");
        device
    }

    /// A path beside this device's database, for files a test writes there.
    pub fn beside(&self, name: &str) -> String {
        self.db.with_file_name(name).display().to_string()
    }
}

impl Default for Device {
    fn default() -> Self {
        let dir = tempfile::tempdir().expect("a temp dir");
        let db = dir.path().join("handschlag.db");
        Device { _dir: dir, db }
    }
}

/// A running `handschlag serve` on a loopback port; stopped when dropped.
pub struct Hub {
    child: Child,
    lines: Receiver<String>,
    /// Where the sync endpoint listens: `127.0.0.1:PORT`
    pub address: String,
    /// Where the web UI listens: `127.0.0.1:PORT`
    pub ui: String,
    /// The session cookie the app's page gets (`handschlag_session=…`), as a browser keeps it.
    pub session: String,
}

impl Hub {
    /// The next line the hub prints that starts with `prefix` (waits up to 10 s per line).
    pub fn line_starting_with(&self, prefix: &str) -> String {
        loop {
            let line = self
                .lines
                .recv_timeout(Duration::from_secs(10))
                .expect("the hub printed a line");
            if line.starts_with(prefix) {
                return line;
            }
        }
    }
}

/// An HTTP answer from the hub's web UI.
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

impl Hub {
    /// Calls a command of the web API as the UI in a browser on this origin would.
    pub fn api(&self, command: &str, request: Value) -> Answer {
        let origin = format!("http://{}", self.ui);
        self.http(
            "POST",
            &format!("/v1/api/{command}"),
            &[
                ("Host", &self.ui),
                ("Origin", &origin),
                ("Content-Type", "application/json"),
                ("Cookie", &self.session),
            ],
            &request.to_string(),
        )
    }

    /// Loads the app's page as a browser does, and keeps the session cookie it sets.
    fn open_page(&mut self) {
        let page = self.http("GET", "/", &[("Host", &self.ui)], "");
        self.session = page
            .head
            .lines()
            .find_map(|line| line.strip_prefix("set-cookie: "))
            .and_then(|cookie| cookie.split(';').next())
            .expect("the page sets the session cookie")
            .to_string();
    }

    /// One HTTP/1.1 request to the web UI with exactly these headers.
    pub fn http(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Answer {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(&self.ui).expect("the web UI accepts");
        let mut request = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        stream
            .write_all(request.as_bytes())
            .expect("the request is sent");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).expect("an answer");
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = raw.split_once("\r\n\r\n").expect("an HTTP answer");
        let status = head[9..12].parse().expect("a status code");
        Answer {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }
}

impl Hub {
    /// The most memory the hub's process has held so far (VmHWM), in KiB.
    pub fn peak_memory_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the hub's /proc status");
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmHWM:"))
            .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in kB")
    }

    /// The hub's certificate fingerprint, from a pairing link of `hub_device`.
    pub fn fingerprint(&self, hub_device: &Device) -> handschlag_sync::Fingerprint {
        let link: handschlag_sync::PairingLink = hub_device.json(&["pair", "invite"])["link"]
            .as_str()
            .expect("a link")
            .parse()
            .expect("a pairing link");
        hub_device.ok(&["pair", "cancel"]);
        link.fingerprint
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Device {
    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(handschlag_binary());
        command
            .arg("--db")
            .arg(&self.db)
            .args(args)
            .env("TZ", "Europe/Berlin")
            .env_remove("HANDSCHLAG_DB");
        command
    }

    /// Starts `handschlag serve` for this database on a free loopback port.
    pub fn serve(&self) -> Hub {
        let mut child = self
            .command(&["serve", "--listen", "127.0.0.1:0", "--ui", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .spawn()
            .expect("handschlag serve starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    return;
                }
            }
        });
        let mut hub = Hub {
            child,
            lines,
            address: String::new(),
            ui: String::new(),
            session: String::new(),
        };
        let listening = hub.line_starting_with("Handschlag hub listening on ");
        hub.address = listening
            .rsplit(' ')
            .next()
            .expect("an address")
            .to_string();
        let web = hub.line_starting_with("web UI on http://");
        hub.ui = web.trim_start_matches("web UI on http://").to_string();
        hub.open_page();
        hub
    }

    /// Runs `handschlag <args>` and kills it with SIGKILL after a random part of `typical`
    /// (how long such a run takes here); returns whether it had finished by then.
    pub fn kill_during(&self, args: &[&str], typical: Duration, dice: &mut Dice) -> bool {
        let mut run = self.spawn(args);
        let micros = typical.as_micros().max(1) as u64;
        std::thread::sleep(Duration::from_micros(dice.roll(micros)));
        let finished = run.try_wait().ok().flatten().is_some();
        let _ = run.kill();
        let _ = run.wait();
        finished
    }

    /// How long `handschlag <args>` takes here: the median of three runs, which must succeed.
    pub fn time(&self, args: &[&str]) -> Duration {
        let mut runs: Vec<Duration> = (0..3)
            .map(|_| {
                let started = std::time::Instant::now();
                self.ok(args);
                started.elapsed()
            })
            .collect();
        runs.sort();
        runs[1]
    }

    /// Starts `handschlag <args>` with its output captured, without waiting for it.
    pub fn spawn_capturing(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("handschlag starts")
    }

    /// Starts `handschlag <args>` without waiting for it.
    pub fn spawn(&self, args: &[&str]) -> Child {
        self.command(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("handschlag starts")
    }

    /// Pairs this device with the hub `hub_device` serves, as a user does: a link from the hub,
    /// `pair join` here, and, once both show the same code, `devices allow` on the hub. Returns
    /// the code.
    pub fn pair_with(&self, hub_device: &Device, name: &str) -> String {
        let link = hub_device.json(&["pair", "invite"])["link"]
            .as_str()
            .expect("a link")
            .to_string();
        let joined = self.json(&["pair", "join", &link, "--name", name]);
        hub_device.ok(&["devices", "allow", name]);
        joined["code"].as_str().expect("a short code").to_string()
    }

    /// This database opened through the core library in this test's process: a second program
    /// on the same file, as the desktop app is beside the CLI.
    pub fn open(&self) -> handschlag_core::Notebook {
        use handschlag_core::system::{OsEntropy, SystemClock};
        handschlag_core::Notebook::open(&self.db, Box::new(SystemClock), Box::new(OsEntropy))
            .expect("the database opens")
    }

    /// Adds `count` contacts straight through the core library (much faster than one process
    /// per contact), for tests that need a sync to take a while.
    pub fn add_many_contacts(&self, count: usize) {
        use handschlag_api::{ContactCreate, Handler};
        let mut notebook = self.open();
        for i in 0..count {
            let contact = ContactCreate {
                name: format!("Kontakt {i}"),
                notes: "met at the Stammtisch, wants an offer for a workshop in spring".into(),
                ..Default::default()
            };
            notebook
                .contact_create(contact)
                .expect("a contact is added");
        }
    }

    /// Runs `handschlag <args>` on a terminal (a pseudo-terminal from util-linux's `script`), as
    /// a user at a shell does: whether it succeeded, and what it showed, with each redraw (`\r`)
    /// on a line of its own.
    pub fn on_terminal(&self, args: &str) -> (bool, String) {
        let line = format!(
            "'{}' --db '{}' {args}",
            handschlag_binary().display(),
            self.db.display()
        );
        let run = Command::new("script")
            .args(["-qec", &line, "/dev/null"])
            .output()
            .expect("script (util-linux) runs");
        let shown = String::from_utf8_lossy(&run.stdout).replace('\r', "\n");
        (run.status.success(), shown)
    }

    /// `PRAGMA integrity_check` of this database.
    pub fn integrity(&self) -> String {
        let conn = rusqlite::Connection::open(&self.db).expect("the database opens");
        conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .expect("integrity_check runs")
    }

    /// Runs `handschlag --db <this db> <args>` in the Berlin time zone.
    pub fn run(&self, args: &[&str]) -> Run {
        let Output {
            status,
            stdout,
            stderr,
        } = self.command(args).output().expect("handschlag runs");
        Run {
            success: status.success(),
            status: status.code(),
            stdout: String::from_utf8(stdout).expect("utf-8 stdout"),
            stderr: String::from_utf8(stderr).expect("utf-8 stderr"),
        }
    }

    /// Runs a command that must succeed; returns its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let run = self.run(args);
        assert!(run.success, "handschlag {args:?} failed: {}", run.stderr);
        run.stdout
    }

    /// Runs a command with `--json` that must succeed; returns the parsed output.
    pub fn json(&self, args: &[&str]) -> Value {
        let mut with_json = args.to_vec();
        with_json.push("--json");
        let stdout = self.ok(&with_json);
        serde_json::from_str(&stdout)
            .unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {stdout}"))
    }

    /// Runs a command with `--json` that must fail without writing anything; returns the kind it
    /// failed with (the `code` on stderr) and its exit status, which must be that kind's.
    pub fn refused_as(&self, args: &[&str]) -> String {
        let mut with_json = args.to_vec();
        with_json.push("--json");
        let before = self.state();
        let run = self.run(&with_json);
        assert!(
            !run.success,
            "handschlag {args:?} should have failed: {}",
            run.stdout
        );
        assert_eq!(
            self.state(),
            before,
            "handschlag {args:?} failed but changed the database"
        );
        let error: Value = serde_json::from_str(run.stderr.trim())
            .unwrap_or_else(|e| panic!("{args:?} printed no JSON error ({e}): {}", run.stderr));
        let code = error["code"].as_str().expect("a code").to_string();
        assert_eq!(
            run.status,
            Some(exit_status(&code)),
            "{args:?} exits by its kind"
        );
        code
    }

    /// Runs a command that must fail without writing anything; returns its error line.
    pub fn refuses(&self, args: &[&str]) -> String {
        let before = self.state();
        let run = self.run(args);
        assert!(
            !run.success,
            "handschlag {args:?} should have failed but printed: {}",
            run.stdout
        );
        assert_eq!(
            self.state(),
            before,
            "handschlag {args:?} failed but changed the database"
        );
        run.stderr.trim().to_string()
    }

    /// The names of the contacts a search finds, best first.
    pub fn search(&self, query: &str) -> Vec<String> {
        let page = self.json(&["contact", "list", "--query", query]);
        page["contacts"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    }

    /// Everything stored, as comparable text: the change counter and every table's rows.
    pub fn state(&self) -> String {
        if !self.db.exists() {
            return String::new();
        }
        let conn = rusqlite::Connection::open(&self.db).expect("the database opens");
        let mut state = String::new();
        for table in [
            "replica",
            "contact",
            "event",
            "checkin",
            "follow_up",
            "deal",
            "element",
            "tombstone",
        ] {
            let mut statement = conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY 1"))
                .expect("table exists");
            let columns = statement.column_count();
            let rows = statement
                .query_map([], |row| {
                    (0..columns)
                        .map(|i| {
                            row.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<Result<Vec<_>, _>>()
                })
                .expect("rows")
                .collect::<Result<Vec<_>, _>>()
                .expect("values");
            state.push_str(&format!("{table}: {rows:?}\n"));
        }
        state
    }
}

/// Pseudo-random numbers for tests that must vary their timing but stay reproducible
/// (xorshift64).
pub struct Dice(pub u64);

impl Dice {
    /// A number in `0..below` (`below` > 0).
    pub fn roll(&mut self, below: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % below
    }
}

/// Today's date in Berlin, as the CLI (run with TZ=Europe/Berlin) sees it.
#[allow(clippy::disallowed_methods)] // compares against the real date the CLI uses
pub fn today_in_berlin() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Berlin)
        .date_naive()
}

/// The exit status `handschlag --help` documents for each kind of failure.
pub fn exit_status(code: &str) -> i32 {
    let help = Device::default().ok(&["--help"]);
    let line = help
        .lines()
        .find(|line| line.split_whitespace().nth(1) == Some(code))
        .unwrap_or_else(|| panic!("--help documents no exit status for {code}:\n{help}"));
    line.split_whitespace().next().unwrap().parse().unwrap()
}
