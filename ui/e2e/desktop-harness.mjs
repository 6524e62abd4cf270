// The desktop end-to-end harness: the real `handschlag-desktop` window (WebKitGTK) under an X
// display (Xvfb in CI), driven over W3C WebDriver through `tauri-driver` → `WebKitWebDriver`.
// The WebDriver client is the few HTTP calls the stories need, on Node's own fetch; controls are
// found by their accessible names, as in the browser stories (`harness.mjs`).
//
// Every app launch gets its own temporary home: a fresh WebKit data and cache directory
// (TAURI.md §8: a stale WebKit cache broke pages) and its own database file, which the
// `handschlag` CLI then reads (`Device` from harness.mjs).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Device } from "./harness.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");

/** The desktop binary of this build (`HANDSCHLAG_DESKTOP_BIN` overrides). */
export const DESKTOP = resolve(root, process.env.HANDSCHLAG_DESKTOP_BIN ?? "target/debug/handschlag-desktop");
/** The WebDriver proxy (`TAURI_DRIVER` overrides; `cargo xtask test` installs it). */
const TAURI_DRIVER = process.env.TAURI_DRIVER ?? "tauri-driver";
/** Where the screenshots of the desktop window go. */
export const SCREENSHOTS = join(root, "target/desktop-screenshots");

export const PHONE = { name: "phone", width: 390, height: 844 };
export const LAPTOP = { name: "laptop", width: 1280, height: 800 };

/** W3C WebDriver's key for element references. */
const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
/** A timer for races, which does not keep the test process alive once the race is won. */
const raceTimer = (ms) => new Promise((done) => setTimeout(done, ms).unref());

/** One HTTP request with a JSON body; gives up after a minute rather than hang a run. */
async function request(method, url, body) {
  const answer = await fetch(url, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: answer.status, text: await answer.text() };
}

/** A free TCP port on the loopback interface. */
function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** The parent pid and state of a process, or null once it is gone (or a zombie). */
function processInfo(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (fields[0] === "Z" || fields[0] === "X") return null;
    return { ppid: Number(fields[1]), startTicks: Number(fields[19]) };
  } catch {
    return null;
  }
}

/** The pids of the living children of `pid`. */
export function childrenOf(pid) {
  return readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .filter((child) => processInfo(child)?.ppid === pid);
}

/** The living descendants of `pid`, children first. */
function descendantsOf(pid) {
  const children = childrenOf(pid);
  return [...children, ...children.flatMap(descendantsOf)];
}

function exeOf(pid) {
  try {
    return realpathSync(`/proc/${pid}/exe`);
  } catch {
    return null;
  }
}

/** Waits until `pid` has exited; returns false after `ms`. */
async function exited(pid, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (processInfo(pid) === null) return true;
    await sleep(50);
  }
  return processInfo(pid) === null;
}

/**
 * A device whose database the desktop app opens, in a fresh home for the app: the app is told
 * the file by `HANDSCHLAG_DB`, and it also sits where the app would look by default under that
 * home (`$XDG_DATA_HOME/app.handschlag.desktop/handschlag.db`). WebKit keeps its profile and
 * caches in the same home, so nothing outside it is touched.
 */
export class DesktopDevice extends Device {
  constructor(name) {
    super(name);
    this.home = join(this.dir, "home");
    this.db = join(this.home, "data", "app.handschlag.desktop", "handschlag.db");
    mkdirSync(dirname(this.db), { recursive: true });
    mkdirSync(join(this.home, "cache"), { recursive: true });
    mkdirSync(join(this.home, "config"), { recursive: true });
  }

  /** The environment the app runs in: this home, Berlin time, English. */
  appEnv(extra = {}) {
    return {
      ...process.env,
      HANDSCHLAG_DB: this.db,
      XDG_DATA_HOME: join(this.home, "data"),
      XDG_CACHE_HOME: join(this.home, "cache"),
      XDG_CONFIG_HOME: join(this.home, "config"),
      TZ: "Europe/Berlin",
      LANGUAGE: "en",
      ...extra,
    };
  }

  /**
   * Starts the desktop app on this database through tauri-driver and resolves with its window
   * at `size`, in English, once the first screen is there. `options` go to `start`.
   */
  async launch(size = LAPTOP, options = {}) {
    const window = await this.start(options);
    try {
      await window.resize(size);
      await window.ensureEnglish();
    } catch (error) {
      await window.close();
      throw error;
    }
    return window;
  }

  /**
   * Starts tauri-driver and, through a new WebDriver session, the app (`binary`, with `env`
   * added); resolves as soon as the session exists, before the page need be ready.
   */
  async start({ binary = DESKTOP, env = {} } = {}) {
    if (!existsSync(binary)) {
      throw new Error(`${binary} is not built; run cargo xtask test (or cargo build --workspace --features tauri/custom-protocol)`);
    }
    const port = await freePort();
    const nativePort = await freePort();
    const driver = spawn(TAURI_DRIVER, ["--port", String(port), "--native-port", String(nativePort)], {
      env: this.appEnv(env),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let driverLog = "";
    driver.stderr.on("data", (chunk) => (driverLog += chunk));
    const failed = new Promise((_, reject) =>
      driver.once("error", (error) => reject(new Error(`cannot start ${TAURI_DRIVER} (cargo install tauri-driver --locked): ${error.message}`))),
    );
    const window = new DesktopWindow(`http://127.0.0.1:${port}`, driver, binary, () => driverLog);
    await Promise.race([failed, window.waitForDriver()]);
    try {
      await window.startSession();
    } catch (error) {
      await window.close();
      throw error;
    }
    return window;
  }
}

/** The app's window, seen through one WebDriver session. */
export class DesktopWindow {
  constructor(base, driver, binary, driverLog) {
    this.base = base;
    this.driver = driver;
    this.binary = realpathSync(binary);
    this.driverLog = driverLog;
  }

  async waitForDriver() {
    for (let i = 0; i < 200; i++) {
      try {
        await request("GET", `${this.base}/status`);
        return;
      } catch {
        await sleep(50);
      }
    }
    throw new Error(`tauri-driver did not answer on ${this.base}: ${this.driverLog()}`);
  }

  /** One WebDriver command; throws with WebDriver's message on an error answer. */
  async command(method, path, body) {
    const url = `${this.base}${this.session ? `/session/${this.session}` : ""}${path}`;
    const { status, text } = await request(method, url, body).catch((error) => {
      throw new Error(`WebDriver ${method} ${path}: ${error.message}; tauri-driver said: ${this.driverLog()}`);
    });
    const json = text ? JSON.parse(text) : {};
    if (status >= 400 || json.value?.error) {
      const error = new Error(`WebDriver ${method} ${path}: ${json.value?.error ?? status} ${json.value?.message ?? text}`);
      error.webdriver = json.value?.error;
      throw error;
    }
    return json.value;
  }

  async startSession() {
    const capabilities = {
      alwaysMatch: { browserName: "wry", "tauri:options": { application: this.binary } },
    };
    const answer = await this.command("POST", "/session", { capabilities });
    this.session = answer.sessionId;
    this.pid = this.findAppPid();
  }

  /** The app's process: the child of WebKitWebDriver (the child of tauri-driver). */
  findAppPid() {
    for (const webdriver of childrenOf(this.driver.pid)) {
      for (const child of childrenOf(webdriver)) {
        if (exeOf(child) === this.binary) return child;
      }
    }
    throw new Error("the app's process was not found under tauri-driver");
  }

  /**
   * How long ago the app's process was spawned, in ms: its start time and /proc/uptime are both
   * counted from boot, in hundredths of a second (CLK_TCK is 100 on Linux).
   */
  msSinceSpawn() {
    const startTicks = processInfo(this.pid).startTicks;
    const uptime = Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);
    return Math.round(uptime * 1000 - startTicks * 10);
  }

  /** Runs `fn` (a function) in the page with `args`; returns its result. */
  run(fn, ...args) {
    return this.command("POST", "/execute/sync", { script: `return (${fn}).apply(null, arguments);`, args });
  }

  async resize({ width, height }) {
    await this.command("POST", "/window/rect", { width, height });
    await this.until(() => this.run((w) => window.innerWidth === w, width), `the window to be ${width} px wide`);
  }

  /** Polls `check` until it returns something truthy; fails naming `what` after `ms`. */
  async until(check, what, ms = 15_000) {
    const deadline = Date.now() + ms;
    let last;
    for (;;) {
      try {
        const value = await check();
        if (value) return value;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}${last ? ` (${last.message})` : ""}`);
      }
      await sleep(40);
    }
  }

  /**
   * The visible control of `role` whose accessible name is `name` (exactly; otherwise, when
   * `exact` is false and no name is equal, the one containing it), or null. `within` is a CSS
   * selector narrowing the search.
   */
  async find(role, name, { exact = false, within = "body" } = {}) {
    const found = await this.run(locate, role, name, exact, within);
    if (typeof found === "string") throw new Error(found);
    return found ? found[ELEMENT] : null;
  }

  /** Like `find`, waiting for the control to appear. */
  get(role, name, options = {}) {
    return this.until(() => this.find(role, name, options), `${role} “${name}”`, options.timeout);
  }

  async click(role, name, options) {
    const element = await this.get(role, name, options);
    await this.run(scrollToMiddle, { [ELEMENT]: element });
    await this.command("POST", `/element/${element}/click`, {});
  }

  /** Chooses the file at `path` in the page's file field, as a person does in the file dialog. */
  async upload(path) {
    const input = await this.run(() => document.querySelector("input[type=file]"));
    await this.command("POST", `/element/${input[ELEMENT]}/value`, { text: path });
  }

  /** Types `text` into the field labelled `label`, as keystrokes (dates are set, as pickers are). */
  async fill(label, text, options) {
    const element = await this.get("field", label, options);
    const reference = { [ELEMENT]: element };
    const type = await this.run((el) => el.type, reference);
    if (["date", "datetime-local", "time"].includes(type)) {
      await this.run(
        (el, value) => {
          el.value = value;
          el.dispatchEvent(new Event("input", { bubbles: true }));
          el.dispatchEvent(new Event("change", { bubbles: true }));
        },
        reference,
        text,
      );
      return;
    }
    await this.run(scrollToMiddle, reference);
    await this.command("POST", `/element/${element}/clear`, {});
    await this.command("POST", `/element/${element}/value`, { text });
  }

  /** The current value of the control of `role` named `name`. */
  async valueOf(role, name, options) {
    const element = await this.get(role, name, options);
    return this.run((el) => el.value, { [ELEMENT]: element });
  }

  /** An attribute of the control of `role` named `name` (null when it has none). */
  async attributeOf(role, name, attribute, options) {
    const element = await this.get(role, name, options);
    return this.run((el, key) => el.getAttribute(key), { [ELEMENT]: element }, attribute);
  }

  /** Where the navigation and the screen sit, and how wide the page's content is. */
  layout() {
    return this.run(() => {
      const box = (selector) => {
        const { top, right, bottom, left } = document.querySelector(selector).getBoundingClientRect();
        return { top, right, bottom, left };
      };
      return {
        width: window.innerWidth,
        height: window.innerHeight,
        contentWidth: document.documentElement.scrollWidth,
        nav: box("nav"),
        main: box("main"),
      };
    });
  }

  /** Waits until the page shows `text` (a string or a RegExp) somewhere. */
  async see(text, ms) {
    const pattern = text instanceof RegExp ? text : null;
    return this.until(
      async () => {
        const shown = await this.run(() => document.body.innerText);
        return pattern ? shown.match(pattern)?.[0] : shown.includes(text) && text;
      },
      `the text “${text}”`,
      ms,
    );
  }

  /** Goes to a main screen through the navigation, as a user would. */
  async navigate(label) {
    await this.click("link", label, { exact: true, within: "nav" });
    await this.get("heading", label, { exact: true, within: "main" });
  }

  /** The UI follows the window's language; if that is not English, choose English in Settings. */
  async ensureEnglish() {
    await this.until(() => this.run(() => document.querySelector("main h1") !== null), "the first screen");
    if ((await this.run(() => document.documentElement.lang)) === "en") return;
    // The select is labelled in the language it switches from ("Sprache"): find it by its option.
    const select = await this.until(
      () => this.run(() => document.querySelector("header dialog select:has(option[value=en])")),
      "the language select in Settings",
    );
    await this.run(
      (el) => {
        el.value = "en";
        el.dispatchEvent(new Event("change", { bubbles: true }));
      },
      select,
    );
    await this.until(() => this.run(() => document.documentElement.lang === "en"), "English");
  }

  /** Saves a screenshot of the window as `target/desktop-screenshots/<W>x<H>-<screen>.png`. */
  async screenshot(size, screen) {
    await this.run(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const png = Buffer.from(await this.command("GET", "/screenshot"), "base64");
    mkdirSync(SCREENSHOTS, { recursive: true });
    const file = join(SCREENSHOTS, `${size.width}x${size.height}-${screen}.png`);
    writeFileSync(file, png);
    return file;
  }

  /** Resident memory of the app and its WebKit processes, from /proc (kB). */
  memory() {
    const read = (pid) => {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      const field = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+) kB$`, "m"))?.[1] ?? NaN);
      const rss = field("VmRSS");
      const anon = field("RssAnon"); // the process's own heap and stacks, not mapped libraries
      let pss = null;
      try {
        pss = Number(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+) kB$/m)[1]);
      } catch {
        // smaps_rollup needs Linux 4.14; RSS alone then.
      }
      return { pid, name: exeOf(pid)?.split("/").pop() ?? String(pid), rss, anon, pss };
    };
    return [read(this.pid), ...childrenOf(this.pid).map(read)];
  }

  /**
   * Ends the session, which closes the app, and stops tauri-driver with SIGTERM so that it stops
   * WebKitWebDriver too; then waits until every process they started (the app, its WebKit web
   * and network processes) has exited, killing by pid what is left after 10 s.
   */
  async close() {
    const started = descendantsOf(this.driver.pid);
    try {
      if (this.session) await this.command("DELETE", "");
    } catch {
      // The app may already be gone; what matters is that its processes end below.
    }
    this.session = undefined;
    if (this.pid) await exited(this.pid, 10_000);
    if (this.driver.exitCode === null) {
      const gone = new Promise((done) => this.driver.once("exit", done));
      this.driver.kill("SIGTERM");
      await Promise.race([gone, raceTimer(5_000)]);
    }
    for (const pid of started) {
      if (!(await exited(pid, 10_000))) {
        process.kill(pid, "SIGKILL");
        await exited(pid, 5_000);
      }
    }
  }
}

/**
 * In the page: scrolls the element's own scroll container (the screen's <main>) so that the
 * element sits in its middle, as a thumb would, so the phone's bottom tab bar never covers what
 * is clicked. (`scrollIntoView` scrolls every ancestor, the document too: where something
 * overflows the shell, that moves the whole app up and the tab bar to mid-screen.)
 */
function scrollToMiddle(element) {
  let box = element.parentElement;
  while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
  if (!box) return;
  const shown = element.getBoundingClientRect();
  const frame = box.getBoundingClientRect();
  box.scrollTop += shown.top + shown.height / 2 - (frame.top + frame.height / 2);
}

/**
 * In the page: finds the visible element of `role` named `wanted` (see `DesktopWindow.find`).
 * "field" means any form control, named by its label. Returns the element, null, or an error
 * message when the name is ambiguous.
 */
function locate(role, wanted, exact, within) {
  const ROLES = {
    button: "button, [role=button], input[type=submit], input[type=button]",
    link: "a[href], [role=link]",
    heading: "h1, h2, h3, h4, h5, h6, [role=heading]",
    textbox: "input:not([type]), input[type=text], input[type=search], input[type=url], textarea, [role=textbox]",
    switch: "[role=switch], input[type=checkbox]",
    listitem: "li, [role=listitem]",
    img: "img, [role=img]",
    field: "input:not([type=hidden]), select, textarea",
  };
  const norm = (text) => (text ?? "").replace(/\s+/g, " ").trim();
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const textOf = (node) => {
    if (node.nodeType === Node.TEXT_NODE) return node.textContent;
    if (node.nodeType !== Node.ELEMENT_NODE) return "";
    if (node.getAttribute("aria-hidden") === "true") return "";
    if (["SCRIPT", "STYLE", "INPUT", "SELECT", "TEXTAREA"].includes(node.tagName)) return "";
    return [...node.childNodes].map(textOf).join(" ");
  };
  const byIds = (ids) => ids.split(/\s+/).map((id) => document.getElementById(id)).filter(Boolean).map(textOf).join(" ");
  const nameOf = (el) => {
    if (el.getAttribute("aria-label")) return norm(el.getAttribute("aria-label"));
    if (el.getAttribute("aria-labelledby")) return norm(byIds(el.getAttribute("aria-labelledby")));
    if (el.labels?.length) return norm([...el.labels].map(textOf).join(" "));
    return norm(textOf(el));
  };
  const scope = document.querySelector(within);
  if (!scope) return null;
  const named = [...scope.querySelectorAll(ROLES[role])].filter(shown).map((el) => [el, nameOf(el)]);
  let hits = named.filter(([, name]) => name === wanted);
  if (hits.length === 0 && !exact) {
    hits = named.filter(([, name]) => name.toLowerCase().includes(wanted.toLowerCase()));
  }
  if (hits.length > 1) return `${hits.length} ${role}s are named “${wanted}”: ${hits.map(([, n]) => n).join(" | ")}`;
  return hits[0]?.[0] ?? null;
}
