// The browser end-to-end harness: a real `handschlag serve` on a fresh database in a temporary
// directory, Debian's Chromium driven by playwright-core, the `handschlag` CLI to set up and to
// verify what the UI did, axe-core for accessibility, and a guard that fails the run on any
// request to a host other than this machine.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { chromium } from "playwright-core";

// The CLI (TZ) and the browser (timezoneId) run in Berlin; the tests' own "today" must too, or
// they disagree about the date for an hour or two around midnight.
process.env.TZ = "Europe/Berlin";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const require = createRequire(import.meta.url);

/** The `handschlag` binary of this build (`HANDSCHLAG_BIN` overrides). */
export const BINARY = resolve(root, process.env.HANDSCHLAG_BIN ?? "target/debug/handschlag");
/** Where the screenshots of each main screen go. */
export const SCREENSHOTS = join(root, "target/e2e-screenshots");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export const PHONE = { name: "phone", width: 390, height: 844 };
export const LAPTOP = { name: "laptop", width: 1280, height: 800 };

/** One device's database, driven through the CLI as a user or a script would. */
export class Device {
  constructor(name) {
    this.dir = mkdtempSync(join(tmpdir(), `handschlag-e2e-${name}-`));
    this.db = join(this.dir, "handschlag.db");
  }

  /** Runs `handschlag --db … args --json` and returns the parsed output. */
  json(...args) {
    const out = execFileSync(BINARY, ["--db", this.db, ...args, "--json"], {
      encoding: "utf8",
      env: { ...process.env, TZ: "Europe/Berlin" },
    });
    return out.trim() === "" ? null : JSON.parse(out);
  }

  /** Runs a command that must fail; returns its error message. */
  refuses(...args) {
    try {
      execFileSync(BINARY, ["--db", this.db, ...args], { encoding: "utf8", stdio: "pipe" });
    } catch (error) {
      return String(error.stderr);
    }
    assert.fail(`handschlag ${args.join(" ")} should have failed`);
  }

  /** Runs a command with --json that must fail; returns its exit status and stderr. */
  fails(...args) {
    const run = spawnSync(BINARY, ["--db", this.db, ...args, "--json"], { encoding: "utf8" });
    assert.notEqual(run.status, 0, `handschlag ${args.join(" ")} should have failed`);
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  /** Starts `handschlag serve` on free loopback ports; resolves once the web UI listens. */
  async serve() {
    this.hub = spawn(
      BINARY,
      ["--db", this.db, "serve", "--listen", "127.0.0.1:0", "--ui", "127.0.0.1:0"],
      { stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, TZ: "Europe/Berlin" } },
    );
    this.hubOutput = "";
    this.ui = await new Promise((resolveUrl, reject) => {
      this.hub.stdout.on("data", (chunk) => {
        this.hubOutput += chunk;
        const match = this.hubOutput.match(/web UI on (http:\/\/127\.0\.0\.1:\d+)/);
        if (match) resolveUrl(match[1]);
      });
      this.hub.on("exit", (code) => reject(new Error(`handschlag serve exited with ${code}`)));
    });
    return this.ui;
  }

  close() {
    this.hub?.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A local calendar date `days` from today, as `YYYY-MM-DD`. */
export function dayFromToday(days) {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** A local date-time `hours` from now, as `YYYY-MM-DDTHH:MM` (for `event add --starts`). */
export function timeFromNow(hours) {
  const date = new Date(Date.now() + hours * 3_600_000);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Launches Chromium once per test file. */
export async function launch(extraArgs = []) {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
      ...extraArgs,
    ],
  });
}

/**
 * A page at `size` on the hub at `base`, in `locale`. Every request must go to the hub itself;
 * any other host is aborted and recorded, and `finish()` fails the test on it, on a page error,
 * and on a JavaScript dialog (an injected `alert` would open one).
 */
export async function openPage(browser, base, size, locale = "en-US") {
  const context = await browser.newContext({
    viewport: { width: size.width, height: size.height },
    locale,
    timezoneId: "Europe/Berlin",
  });
  const foreign = [];
  const problems = [];
  const origin = new URL(base).origin;
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin) return route.continue();
    foreign.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("dialog", (dialog) => {
    problems.push(`a JavaScript dialog opened: ${dialog.message()}`);
    dialog.dismiss();
  });
  page.finish = async () => {
    await context.close();
    assert.deepEqual(foreign, [], "the UI requested a host other than the hub");
    assert.deepEqual(problems, []);
  };
  await page.goto(base);
  return page;
}

/** Checks the page with axe-core (WCAG 2 A/AA rules, contrast included); fails on any violation. */
export async function assertAccessible(page, screen) {
  // Evaluated over the DevTools protocol: the hub's Content-Security-Policy rightly refuses an
  // injected <script>.
  await page.evaluate(readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  const violations = await page.evaluate(async () => {
    const result = await globalThis.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  assert.deepEqual(violations, [], `axe found violations on ${screen}`);
}

/**
 * Fails when a control on screen is smaller than 44×44 CSS pixels (links inside running text
 * excepted, as WCAG does).
 */
export async function assertTouchTargets(page, screen) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll("button, select, input:not([type=hidden]), textarea, a[href], summary")]
      .filter((element) => element.getClientRects().length > 0)
      .map((element) => {
        const box = element.getBoundingClientRect();
        const target = element.closest("label") ?? element;
        const area = target.getBoundingClientRect();
        const name = element.getAttribute("aria-label") ?? element.textContent?.trim() ?? element.id;
        return { name: `${element.tagName.toLowerCase()} “${name}”`, width: Math.max(box.width, area.width), height: Math.max(box.height, area.height) };
      })
      .filter(({ width, height }) => width < 44 || height < 44)
      .map(({ name, width, height }) => `${name} ${Math.round(width)}×${Math.round(height)}`),
  );
  assert.deepEqual(small, [], `controls under 44×44 px on ${screen}`);
}

/** Fails when the page itself scrolls: only `<main>` may, so header and tab bar stay put. */
export async function assertPageStaysPut(page, screen) {
  const [height, viewport] = await page.evaluate(() => [document.documentElement.scrollHeight, innerHeight]);
  assert.ok(height <= viewport, `${screen}: the page is ${height} px tall in a ${viewport} px window`);
}

/** Saves a screenshot of the current screen as `<size>-<screen>.png`. */
export async function screenshot(page, size, screen) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${size.width}x${size.height}-${screen}.png`) });
}

/** Saves a screenshot of one part of the screen (scrolled into view) as `<size>-<part>.png`. */
export async function screenshotPart(locator, size, part) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await locator.screenshot({ path: join(SCREENSHOTS, `${size.width}x${size.height}-${part}.png`) });
}

/** Goes to a main screen through the navigation, as a user would. */
export async function navigate(page, label) {
  await page.getByRole("navigation").getByRole("link", { name: label, exact: true }).click();
  await page.getByRole("heading", { level: 1, name: label, exact: true }).waitFor();
}

/** A LinkedIn export of `n` connections, as LinkedIn writes it (notes before the header). */
export function linkedInConnections(n) {
  const rows = Array.from({ length: n }, (_, i) => `Vorname${i},Nachname${i},https://www.linkedin.com/in/p${i},,Firma ${i % 300},Beraterin,03 Dec 2026`);
  return ["Notes:", '"When exporting your connection data, you may notice…"', "", "First Name,Last Name,URL,Email Address,Company,Position,Connected On", ...rows].join("\n") + "\n";
}
