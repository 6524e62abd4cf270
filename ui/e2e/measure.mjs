// Measures the UI the way BENCHMARKS.md reports it, in Chromium against a real hub on a copy of
// the 50,000-contact benchmark database (made by `cargo bench -p handschlag-core --bench store`):
// the JavaScript shipped, the time from navigation to an interactive Today screen and to a
// Dashboard showing its figures, and search-as-you-type latency from keystroke to rendered
// results. It prints numbers; it asserts
// no timings. Run by `cargo xtask bench`, or: node ui/e2e/measure.mjs [DATABASE]
import { copyFileSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { Device, launch, openPage, PHONE } from "./harness.mjs";

const root = resolve(import.meta.dirname, "../..");
const benchData = join(root, "target/bench-data");
const source =
  process.argv[2] ??
  join(
    benchData,
    readdirSync(benchData)
      .filter((name) => /^store-50000-[\w-]+-v\d+\.db$/.test(name))
      .sort((a, b) => statSync(join(benchData, b)).mtimeMs - statSync(join(benchData, a)).mtimeMs)[0],
  );

function percentile(samples, p) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.round((sorted.length - 1) * p)];
}

function shippedJs() {
  const assets = join(root, "ui/dist/assets");
  return readdirSync(assets)
    .filter((name) => name.endsWith(".js"))
    .reduce(
      (sum, name) => {
        const bytes = readFileSync(join(assets, name));
        return { raw: sum.raw + bytes.length, gzip: sum.gzip + gzipSync(bytes, { level: 9 }).length };
      },
      { raw: 0, gzip: 0 },
    );
}

/** Records, inside the page, when the Today screen's "Met someone" button first appears. */
function watchInteractive() {
  if (location.hash !== "#/today") return; // other loads are measured without this observer
  const seen = () => [...document.querySelectorAll("button")].some((b) => /Met someone/.test(b.textContent ?? ""));
  new MutationObserver((_, observer) => {
    if (globalThis.__interactiveAt === undefined && seen()) {
      globalThis.__interactiveAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}

/** Records, inside the page, each keystroke's time and the last frame after a list change. */
function watchSearch() {
  globalThis.__keys = [];
  globalThis.__rendered = 0;
  document.addEventListener("keydown", () => globalThis.__keys.push(performance.now()), true);
  new MutationObserver(() => {
    requestAnimationFrame(() => (globalThis.__rendered = performance.now()));
  }).observe(document.body, { childList: true, subtree: true, characterData: true });
}

const js = shippedJs();
const device = new Device("measure");
copyFileSync(source, device.db);
const browser = await launch();
try {
  const base = await device.serve();
  const page = await openPage(browser, base, PHONE);

  const loads = [];
  await page.addInitScript(watchInteractive);
  for (let i = 0; i < 10; i++) {
    await page.goto("about:blank"); // each round a fresh document load, not a hash change
    await page.goto(`${base}/#/today`);
    await page.waitForFunction(() => globalThis.__interactiveAt !== undefined);
    loads.push(await page.evaluate(() => globalThis.__interactiveAt));
  }

  // The Dashboard is interactive once its figures are drawn: the events table is there.
  const dashboards = [];
  for (let i = 0; i < 15; i++) {
    await page.goto("about:blank");
    const start = Date.now();
    await page.goto(`${base}/#/dashboard`);
    await page.locator("table.events tbody tr").first().waitFor({ timeout: 60_000 });
    dashboards.push(Date.now() - start);
  }

  await page.goto(`${base}/#/contacts`);
  await page.getByText(/50,000 contacts/).waitFor();
  await page.evaluate(watchSearch);
  const latencies = [];
  const search = page.getByLabel("Search", { exact: true });
  for (const query of ["mueller", "baue", "weiss", "schmidt musterstadt", "logistik"]) {
    await search.fill("");
    await page.waitForTimeout(300);
    for (const key of query) {
      await page.keyboard.type(key);
      await page.waitForTimeout(250); // far longer than any answer: the last frame has settled
      const [typed, rendered] = await page.evaluate(() => [globalThis.__keys.at(-1), globalThis.__rendered]);
      if (rendered > typed) latencies.push(rendered - typed);
    }
  }
  await page.finish();

  console.log(`database: ${source}`);
  console.log(`JS shipped: ${(js.raw / 1024).toFixed(1)} KB, ${(js.gzip / 1024).toFixed(1)} KB gzipped (target under 150 KB gzipped)`);
  console.log(
    `navigation to interactive Today (10 loads): p50 ${percentile(loads, 0.5).toFixed(0)} ms, max ${Math.max(...loads).toFixed(0)} ms`,
  );
  console.log(
    `navigation to a Dashboard with its figures (15 loads): p50 ${percentile(dashboards, 0.5).toFixed(0)} ms, ` +
      `max ${Math.max(...dashboards).toFixed(0)} ms (target under 300 ms)`,
  );
  console.log(
    `search as you type at 50,000 contacts, keystroke to rendered results (${latencies.length} keystrokes): ` +
      `p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms, ` +
      `max ${Math.max(...latencies).toFixed(1)} ms (target under 50 ms)`,
  );
} finally {
  await browser.close();
  device.close();
}
