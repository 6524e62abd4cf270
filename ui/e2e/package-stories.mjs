// The installed app: installs the .deb `cargo xtask package` built (`HANDSCHLAG_DEB`), checks
// what the package put on the system (the CLI, its man page and completions, the menu entry
// and its `handschlag://` link handler), starts the installed desktop app and sees Today, opens
// a pairing link while it runs — a second launch, which hands the link to the first window and
// quits — and removes the package again. Run by `cargo xtask test` as root, under a session bus
// (`dbus-run-session`, which the single-instance check uses) and Xvfb; screenshots go to
// target/desktop-screenshots/installed-*.png.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { DesktopDevice, LAPTOP } from "./desktop-harness.mjs";

const DEB = process.env.HANDSCHLAG_DEB;
const PACKAGE = "handschlag";
const APP = "/usr/bin/handschlag-desktop";
const CLI = "/usr/bin/handschlag";

const run = (program, args, options = {}) => execFileSync(program, args, { encoding: "utf8", ...options });

before(() => {
  assert.ok(DEB && existsSync(DEB), `HANDSCHLAG_DEB must name the built .deb (got ${DEB})`);
  assert.equal(run("dpkg-deb", ["--field", DEB, "Package"]).trim(), PACKAGE);
  run("dpkg", ["-i", DEB], { stdio: "pipe" });
});

after(() => {
  run("dpkg", ["-r", PACKAGE], { stdio: "pipe" });
  assert.ok(!existsSync(APP) && !existsSync(CLI), "removing the package removes both programs");
});

test("the package installs the CLI with its man page and completions", () => {
  const version = run(CLI, ["--version"]).trim();
  assert.match(version, /^handschlag \d+\.\d+\.\d+$/);
  assert.equal(run("man", ["-w", "handschlag"]).trim(), "/usr/share/man/man1/handschlag.1.gz");
  const page = run("man", ["-P", "cat", "handschlag"], { env: { ...process.env, MANWIDTH: "100" } });
  assert.match(page, /checkin/);
  // The bash completion completes the subcommands once sourced.
  const completed = run("bash", [
    "-c",
    'source /usr/share/bash-completion/completions/handschlag && COMP_WORDS=(handschlag che) COMP_CWORD=1 COMP_LINE="handschlag che" COMP_POINT=14 && _handschlag handschlag che handschlag && printf "%s\\n" "${COMPREPLY[@]}"',
  ]);
  assert.match(completed, /^checkin$/m);
  assert.ok(existsSync("/usr/share/zsh/vendor-completions/_handschlag"));
  assert.ok(existsSync("/usr/share/fish/vendor_completions.d/handschlag.fish"));
});

test("the menu entry starts the app and handles handschlag:// links", () => {
  const entry = readFileSync("/usr/share/applications/Handschlag.desktop", "utf8");
  assert.match(entry, /^Exec=handschlag-desktop %U$/m);
  assert.match(entry, /^MimeType=x-scheme-handler\/handschlag;$/m);
  // The system knows the app opens handschlag:// links (dpkg's trigger updated its cache).
  assert.equal(run("xdg-mime", ["query", "default", "x-scheme-handler/handschlag"]).trim(), "Handschlag.desktop");
  assert.match(entry, /^Icon=handschlag-desktop$/m);
  assert.ok(existsSync("/usr/share/icons/hicolor/128x128/apps/handschlag-desktop.png"));
});

test("the installed app shows Today; a pairing link opened while it runs fills in its Join form", async () => {
  const user = new DesktopDevice("installed");
  const app = await user.launch(LAPTOP, { binary: APP });
  try {
    await app.get("heading", "Today", { exact: true, within: "main" });
    await app.get("button", "Met someone");
    await app.screenshot(LAPTOP, "installed-today");

    // A click on the link (or the QR code scanned with a camera app): the system opens it with
    // the app's menu entry, which starts the app a second time with the link.
    const link = "handschlag://pair?v=1&addr=127.0.0.1:9&fp=" + "ab".repeat(32) + "&tok=k3J9-x_Q&exp=4102444800000";
    const second = spawnSync("xdg-open", [link], { env: user.appEnv(), timeout: 30_000, encoding: "utf8" });
    assert.equal(second.status, 0, `the second launch hands the link over and quits: ${second.stderr}`);

    await app.get("heading", "Devices", { exact: true, within: "main" });
    await app.until(async () => (await app.valueOf("textbox", "Pairing link")) === link, "the link in the Join form");
    await app.screenshot(LAPTOP, "installed-join-from-link");

    // The log tells what happened, in the app and in its folder.
    await app.click("button", "Show log", { exact: true });
    await app.see("opened with a link");
    await app.see(/The log files are in \S+app\.handschlag\.desktop\/logs/);
    await app.run(() => document.querySelector("main pre")?.scrollIntoView({ block: "center" }));
    await app.screenshot(LAPTOP, "installed-log");
  } finally {
    await app.close();
    user.close();
  }
});
