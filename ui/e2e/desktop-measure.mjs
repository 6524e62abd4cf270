// Measures the desktop app the way BENCHMARKS.md's "Desktop" section reports it. It prints
// numbers; it asserts no timings.
//
// * size of the binary (HANDSCHLAG_DESKTOP_BIN, by default the release build) and of a stripped
//   copy;
// * cold start: from the spawn of the app's process (its start time in /proc) until the Today
//   screen's "Met someone" button is in the page, polled over WebDriver every few ms. Each launch
//   is a new process with a fresh WebKit profile and cache (and its own database), on an empty
//   database and on a copy of the 50,000-contact benchmark database;
// * resident memory (/proc: VmRSS, its anonymous part RssAnon, and PSS — shared pages divided
//   among the processes sharing them — where the kernel has smaps_rollup) of the app and its
//   WebKit web and network processes, with the 50,000 contacts loaded: after the Contacts screen
//   shows them and a search has answered.
//
// Run by `cargo xtask bench` (and `cargo xtask bench-desktop`) under Xvfb, or by hand:
//   xvfb-run -a -s "-screen 0 1280x1024x24" node ui/e2e/desktop-measure.mjs [DATABASE]
// The database defaults to the newest target/bench-data/store-50000-*.db, made by
// `cargo bench -p handschlag-core --bench store`.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DesktopDevice, DESKTOP, LAPTOP } from "./desktop-harness.mjs";

const root = resolve(import.meta.dirname, "../..");
const benchData = join(root, "target/bench-data");
const RUNS = Number(process.env.DESKTOP_BENCH_RUNS ?? 7);

function benchDatabase() {
  if (process.argv[2]) return resolve(process.argv[2]);
  const candidates = readdirSync(benchData)
    .filter((name) => /^store-50000-[\w-]+-v\d+\.db$/.test(name))
    .sort((a, b) => statSync(join(benchData, b)).mtimeMs - statSync(join(benchData, a)).mtimeMs);
  if (candidates.length === 0) {
    throw new Error("no target/bench-data/store-50000-*.db; run `cargo bench -p handschlag-core --bench store` first");
  }
  return join(benchData, candidates[0]);
}

const median = (samples) => [...samples].sort((a, b) => a - b)[Math.floor((samples.length - 1) / 2)];
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const mibFromKb = (kb) => `${(kb / 1024).toFixed(0)} MiB`;

function binarySize() {
  const size = statSync(DESKTOP).size;
  const dir = mkdtempSync(join(tmpdir(), "handschlag-strip-"));
  try {
    const stripped = join(dir, "handschlag-desktop");
    execFileSync("strip", ["-o", stripped, DESKTOP]);
    return { size, stripped: statSync(stripped).size };
  } catch {
    return { size, stripped: null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * One cold start: a new app process on a fresh profile; returns the ms from its spawn until
 * "Met someone" is in the page, and the ms from asking tauri-driver for a session until then.
 * `visit` then runs with the window still open.
 */
async function coldStart(source, visit) {
  const device = new DesktopDevice("measure");
  if (source) copyFileSync(source, device.db);
  const asked = performance.now();
  const app = await device.start();
  try {
    await app.until(() => app.find("button", "Met someone"), "Met someone", 60_000);
    const fromSpawn = app.msSinceSpawn();
    const fromSession = Math.round(performance.now() - asked);
    const extra = visit ? await visit(app) : undefined;
    return { fromSpawn, fromSession, extra };
  } finally {
    await app.close();
    device.close();
  }
}

/** With the window open on the 50,000 contacts: Contacts, a search, then memory. */
async function loadedMemory(app) {
  await app.resize(LAPTOP);
  await app.navigate("Contacts");
  await app.see(/50,000 contacts/, 60_000);
  await app.fill("Search", "mueller", { exact: true });
  await app.until(async () => {
    const count = (await app.run(() => document.body.innerText)).match(/([\d,]+) contacts?\b/);
    return count && count[1] !== "50,000";
  }, "the search's answer");
  await new Promise((done) => setTimeout(done, 1000)); // let the page settle
  return app.memory();
}

function printMemory(label, processes) {
  const total = (key) => processes.reduce((sum, p) => sum + (p[key] ?? 0), 0);
  console.log(`  ${label}:`);
  const line = (name, rss, anon, pss) =>
    `    ${name.padEnd(22)} RSS ${mibFromKb(rss).padStart(8)}   of it anonymous ${mibFromKb(anon).padStart(8)}   PSS ${pss === null ? "—" : mibFromKb(pss)}`;
  for (const p of processes) console.log(line(p.name, p.rss, p.anon, p.pss));
  console.log(line("all together", total("rss"), total("anon"), total("pss")));
}

const database = benchDatabase();
console.log(`desktop app: ${DESKTOP}`);
const { size, stripped } = binarySize();
console.log(`binary size: ${mib(size)} (${size} bytes)${stripped ? `; stripped ${mib(stripped)} (${stripped} bytes)` : ""}`);

console.log(`\ncold start to "Met someone", ${RUNS} launches each (ms from the process's spawn; from the WebDriver session request in brackets):`);
const empty = [];
for (let i = 0; i < RUNS; i++) empty.push(await coldStart(null));
console.log(`  empty database:      ${empty.map((r) => `${r.fromSpawn} (${r.fromSession})`).join(", ")}`);
console.log(`                       median ${median(empty.map((r) => r.fromSpawn))} ms (${median(empty.map((r) => r.fromSession))} ms)`);

const full = [];
for (let i = 0; i < RUNS; i++) full.push(await coldStart(database));
console.log(`  50,000 contacts:     ${full.map((r) => `${r.fromSpawn} (${r.fromSession})`).join(", ")}`);
console.log(`                       median ${median(full.map((r) => r.fromSpawn))} ms (${median(full.map((r) => r.fromSession))} ms)`);
console.log(`  (database: ${database})`);

console.log("\nresident memory (after Contacts listed everyone and a search for “mueller” answered):");
const small = await coldStart(null, async (app) => {
  await app.resize(LAPTOP);
  await app.navigate("Contacts");
  await new Promise((done) => setTimeout(done, 1000));
  return app.memory();
});
printMemory("empty database", small.extra);
const loaded = await coldStart(database, loadedMemory);
printMemory("50,000 contacts", loaded.extra);
