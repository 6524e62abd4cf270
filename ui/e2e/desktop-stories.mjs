// PRODUCT.md's stories in the real desktop window: the Tauri app (WebKitGTK) under an X display,
// driven through tauri-driver and WebKitWebDriver, at laptop and phone size. What the window
// did is checked afterwards through the `handschlag` CLI on the same SQLite file, once the app
// has closed. Run by `cargo xtask test` under xvfb-run; by hand:
//   xvfb-run -a -s "-screen 0 1280x1024x24" node --test ui/e2e/desktop-stories.mjs
// (needs `tauri-driver` on PATH, Debian's webkit2gtk-driver, and the workspace built with
// `--features tauri/custom-protocol`). Screenshots go to target/desktop-screenshots/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { dayFromToday, Device, linkedInConnections } from "./harness.mjs";
import { DesktopDevice, LAPTOP, PHONE } from "./desktop-harness.mjs";

/** Opens the app on `device`'s database at `size`, runs `story` with its window, closes the app. */
async function inTheWindow(device, size, env, story) {
  const app = await device.launch(size, { env });
  try {
    await story(app);
  } finally {
    await app.close();
  }
}

/** A bottom tab bar on the phone, a side bar on the laptop, and nothing wider than the window. */
async function assertLayout(app, size) {
  const { width, height, contentWidth, nav, main } = await app.layout();
  assert.equal(width, size.width);
  assert.ok(contentWidth <= width, `the page is ${contentWidth} px wide in a ${width} px window`);
  if (size === PHONE) {
    assert.ok(nav.top >= main.bottom && Math.round(nav.bottom) === height, "the tab bar sits at the bottom");
  } else {
    assert.ok(nav.right <= main.left, "the navigation sits beside the screen");
  }
}

for (const size of [LAPTOP, PHONE]) {
  test(`at ${size.width}×${size.height}: a quick capture, a check-in found by “mueller”, a planned event — all in the file after the app closes`, async () => {
    const laptop = new DesktopDevice("desktop");
    try {
      await inTheWindow(laptop, size, {}, async (app) => {
        await app.get("heading", "Today", { exact: true, within: "main" });
        await app.get("button", "Met someone"); // the app is interactive
        await app.screenshot(size, "today-empty");
        await assertLayout(app, size);

        // Story 1: at the event, a new person in three taps and the typing.
        await app.click("button", "Met someone");
        await app.fill("Name", "Jürgen Müller", { exact: true });
        await app.fill("Organization", "Müller Bau");
        await app.fill("Note", "wants a workshop for his foremen");
        await app.screenshot(size, "met-someone");
        await app.click("button", "Save", { exact: true });
        await app.see("Jürgen Müller saved as met in person.");

        // Later that evening: found again by typing “mueller”, and checked in with one tap.
        await app.fill("Search", "mueller", { exact: true });
        await app.click("button", "Met in person: Jürgen Müller", { exact: true });
        await app.see("Jürgen Müller checked in.");
        await app.screenshot(size, "today");

        await app.navigate("Contacts");
        await app.fill("Search", "mueller", { exact: true });
        await app.get("link", "Jürgen Müller");
        await app.screenshot(size, "contacts");

        // Story 3: plan the next event.
        await app.navigate("Events");
        await app.click("link", "Plan an event", { within: "main" });
        await app.fill("Title", "Sommerfest TSV Musterstadt", { exact: true });
        await app.fill("Starts", `${dayFromToday(7)}T15:00`);
        await app.fill("Goal", "meet the new Sparkasse branch manager");
        await app.fill("Contribution", "2 kg Bratwurst");
        await app.fill("Cost", "40", { exact: true });
        await app.screenshot(size, "event-form");
        await app.click("button", "Save event", { exact: true });
        await app.get("heading", "Sommerfest TSV Musterstadt", { within: "main" });
        await app.screenshot(size, "event");

        // Did it earn money? The Dashboard — first in the laptop's side bar, under Deals on a phone.
        if (size === PHONE) {
          await app.navigate("Deals");
          await app.click("link", "What did it earn?", { within: "main" });
          await app.get("heading", "Dashboard", { exact: true, within: "main" });
        } else {
          await app.navigate("Dashboard");
        }
        await app.see("No orders won in this period yet.");
        await app.get("link", "Sommerfest TSV Musterstadt", { within: "main" });
        await app.screenshot(size, "dashboard");
        await assertLayout(app, size);

        await app.navigate("Devices");
        await app.screenshot(size, "devices");
        await assertLayout(app, size);
      });

      // The app has closed: everything is in its SQLite file.
      const everyone = laptop.json("contact", "list");
      assert.deepEqual(everyone.contacts.map((c) => c.name), ["Jürgen Müller"]);
      assert.equal(laptop.json("contact", "list", "--query", "mueller").contacts[0]?.name, "Jürgen Müller");

      const jurgen = laptop.json("contact", "show", "Jürgen Müller");
      assert.equal(jurgen.contact.organization, "Müller Bau");
      assert.match(jurgen.contact.notes, /wants a workshop for his foremen/);
      assert.equal(jurgen.contact.metInPerson, true);
      assert.deepEqual(jurgen.checkins.map((c) => c.kind), ["in-person", "in-person"], "the quick capture and the check-in");

      const sommerfest = laptop.json("event", "show", "Sommerfest TSV Musterstadt");
      assert.equal(sommerfest.event.startsLocal, `${dayFromToday(7)}T15:00`);
      assert.equal(sommerfest.event.goal, "meet the new Sparkasse branch manager");
      assert.equal(sommerfest.event.contribution, "2 kg Bratwurst");
      assert.equal(sommerfest.event.costCents, 4000);
    } finally {
      laptop.close();
    }
  });
}

test("story 2 and 8: a phone (the CLI on a second database) pairs with the desktop app's hub through the link the app shows, and they sync both ways", async () => {
  const laptop = new DesktopDevice("desktop-hub");
  const phone = new Device("phone");
  try {
    await inTheWindow(laptop, LAPTOP, { HANDSCHLAG_HUB_LISTEN: "127.0.0.1:0" }, async (app) => {
      await app.navigate("Devices");
      const allow = "Allow phones on this network to sync";
      assert.equal(await app.attributeOf("switch", allow, "aria-checked"), "false", "off until the user allows it");
      await app.click("switch", allow);
      await app.until(async () => (await app.attributeOf("switch", allow, "aria-checked")) === "true", "the hub to run");

      await app.click("button", "Pair a device", { exact: true });
      // The test's hub listens on loopback only: no phone could scan a code for it.
      await app.see("this link works only for Handschlag on this same computer");
      const link = await app.valueOf("textbox", "Pairing link", { exact: true });
      assert.match(link, /^handschlag:\/\/pair\?/);
      const addresses = new URL(link).searchParams.getAll("addr").flatMap((a) => a.split(","));
      assert.ok(addresses.length > 0 && addresses.every((a) => a.startsWith("127.0.0.1:")), `loopback only: ${addresses}`);
      await app.screenshot(LAPTOP, "devices-pairing");

      // The phone joins with the link and waits; both screens show the same short code, and the
      // phone syncs once the window's user has compared it and allowed the phone.
      const joined = phone.json("pair", "join", link, "--name", "Anna's phone");
      await app.see(`${joined.code.slice(0, 3)} ${joined.code.slice(3)}`);
      await app.see("Anna's phone wants to pair");
      assert.match(phone.refuses("sync"), /waiting for the hub to allow this device/);
      await app.run(() => {
        // The request atop the paired devices, at the top of the screen for the screenshot.
        const main = document.querySelector("main");
        const heading = [...main.querySelectorAll("h2")].find((h) => h.textContent.trim() === "Paired devices");
        main.scrollTop += heading.getBoundingClientRect().top - main.getBoundingClientRect().top - 16;
      });
      await app.screenshot(LAPTOP, "devices-pending");
      // The request shows in the pairing panel (where the code was) and atop the paired devices.
      await app.click("button", "Allow: Anna's phone", { exact: true, within: "main .pairing" });
      await app.see("Anna's phone is paired and can sync now.");

      // Phone → desktop: a contact made on the phone is found in the window.
      phone.json("contact", "add", "--name", "Eva Weiß", "--org", "Sparkasse Musterstadt");
      phone.json("sync");
      await app.navigate("Contacts");
      await app.fill("Search", "weiss", { exact: true });
      await app.get("link", "Eva Weiß");

      // Desktop → phone: a quick capture in the window reaches the phone at its next sync.
      await app.navigate("Today");
      await app.click("button", "Met someone");
      await app.fill("Name", "Tom Turnverein", { exact: true });
      await app.fill("Organization", "TSV Musterstadt");
      await app.click("button", "Save", { exact: true });
      await app.see("Tom Turnverein saved as met in person.");
      phone.json("sync");
      assert.equal(phone.json("contact", "show", "Tom Turnverein").contact.organization, "TSV Musterstadt");
      await app.navigate("Devices");
      await app.screenshot(LAPTOP, "devices-paired");
    });
    assert.deepEqual(phone.json("export"), laptop.json("export"), "both databases hold the same records");
  } finally {
    phone.close();
    laptop.close();
  }
});

test("issue 12: LinkedIn connections imported in the window, after the preview; a large file counts up", async () => {
  const laptop = new DesktopDevice("desktop-import");
  const large = join(laptop.dir, "Connections.csv");
  writeFileSync(large, linkedInConnections(20_000));
  try {
    await inTheWindow(laptop, LAPTOP, {}, async (app) => {
      await app.navigate("Contacts");
      await app.click("link", "Import & export", { within: "main" });
      await app.upload(resolve(import.meta.dirname, "../../tests/fixtures/import/Connections.csv"));
      await app.see("3 new contacts, 0 to fill in, 0 already here");
      await app.screenshot(LAPTOP, "import-preview");
      await app.click("button", "Import 3 contacts", { exact: true });
      await app.see("Imported: 3 new contacts, 0 filled in.");

      // A large file: the bar counts up while the import holds the notebook (asked of the
      // shell's import_progress beside the rpc that runs it). Every bar drawn is recorded.
      await app.click("button", "Import another file", { exact: true });
      await app.upload(large);
      await app.see("20,000 new contacts, 0 to fill in, 0 already here", 60_000);
      await app.run(() => {
        window.barsSeen = [];
        const record = () => document.querySelectorAll("progress[max]").forEach((bar) => window.barsSeen.push([bar.value, bar.max]));
        new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
      await app.click("button", "Import 20,000 contacts", { exact: true });
      await app.see("Imported: 20,000 new contacts, 0 filled in.", 60_000);
      const midway = (await app.run(() => window.barsSeen)).filter(([value, max]) => max === 20_000 && value > 0 && value < max);
      assert.ok(midway.length > 0, "the bar showed the import under way");
    });
    for (const name of ["Karl Becker", "Petra Schmidt", "Zoë Lange"]) assert.ok(laptop.json("contact", "show", name), name);
    assert.equal(laptop.json("contact", "list").total, 20_003);
  } finally {
    laptop.close();
  }
});

test("issue 12: a card scanned from a picture in the window, where the camera is offered but Xvfb has none", async () => {
  const laptop = new DesktopDevice("desktop-scan");
  laptop.json("contact", "add", "--name", "Jürgen Müller", "--phone", "0171 7654321");
  laptop.json("contact", "me", "Jürgen Müller");
  const picture = join(laptop.dir, "card.png");
  try {
    await inTheWindow(laptop, LAPTOP, {}, async (app) => {
      await app.click("button", "My card", { exact: true });
      await app.get("img", "QR code: contact card of Jürgen Müller");
      // The code as a picture (WebKitWebDriver's element screenshots miss SVG): drawn on a canvas.
      const png = await app.run(async () => {
        const code = new Image();
        const svg = new XMLSerializer().serializeToString(document.querySelector("main svg[role=img]"));
        code.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
        await code.decode();
        const canvas = Object.assign(document.createElement("canvas"), { width: 400, height: 400 });
        canvas.getContext("2d").drawImage(code, 0, 0, 400, 400);
        return canvas.toDataURL("image/png").split(",")[1];
      });
      writeFileSync(picture, Buffer.from(png, "base64"));
      // Now he is a stranger whose card is on a screen: the notebook no longer has him.
      laptop.json("contact", "me", "--nobody");
      laptop.json("contact", "delete", "Jürgen Müller");
      await app.click("button", "Close", { exact: true });
      // The webview offers the camera to the page (WebKitGTK hides it unless the app enables it);
      // Xvfb has no camera device, so the scanner falls back to a picture.
      assert.equal(await app.run(() => typeof navigator.mediaDevices?.getUserMedia), "function");
      await app.click("button", "Scan a code", { exact: true });
      await app.see("No camera here.");
      await app.screenshot(LAPTOP, "scan-without-camera");
      await app.upload(picture);
      await app.see("Jürgen Müller saved as met in person.");
    });
    const [jurgen, ...others] = laptop.json("contact", "list").contacts;
    assert.deepEqual([jurgen.name, jurgen.phone, others.length], ["Jürgen Müller", "0171 7654321", 0]);
    assert.equal(laptop.json("contact", "show", jurgen.id).checkins.length, 1);
  } finally {
    laptop.close();
  }
});

/** Answers the system's save dialog titled `title` as a person does: types the whole path into
 * its name field and presses Enter (xdotool, on the test's X display). */
function saveInDialog(title, path) {
  const xdotool = (...args) => execFileSync("xdotool", args, { encoding: "utf8", timeout: 20_000 }).trim();
  const dialog = xdotool("search", "--sync", "--name", `^${title.replace(/[.()]/g, "\\$&")}$`).split("\n")[0];
  xdotool("windowfocus", "--sync", dialog);
  xdotool("key", "--clearmodifiers", "ctrl+a");
  xdotool("type", "--delay", "10", path);
  xdotool("key", "Return");
}

test("issue 12: contacts saved from the window through the system's save dialog", async () => {
  const laptop = new DesktopDevice("desktop-save");
  laptop.json("contact", "add", "--name", "Zoë Lange", "--town", "Köln", "--email", "zoe@example.org");
  const target = join(laptop.dir, "kontakte.csv");
  try {
    await inTheWindow(laptop, LAPTOP, {}, async (app) => {
      await app.navigate("Contacts");
      await app.click("link", "Import & export", { within: "main" });
      await app.click("button", "Contacts as a table (.csv)", { exact: true });
      saveInDialog("Contacts as a table (.csv)", target);
      await app.see(`Saved: ${target}`);
      await app.screenshot(LAPTOP, "saved-csv");
    });
    assert.equal(readFileSync(target, "utf8"), laptop.json("export", "--format", "csv").csv);
  } finally {
    laptop.close();
  }
});
