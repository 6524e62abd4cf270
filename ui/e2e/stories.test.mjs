// PRODUCT.md stories 1–4 and 8, and backups, in a real browser against a real hub, at phone and laptop size.
// Controls are found by their accessible names, as a user (or a screen reader) finds them, and
// every result is checked again through the CLI on the same database.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  Device,
  LAPTOP,
  PHONE,
  assertAccessible,
  assertPageStaysPut,
  assertTouchTargets,
  dayFromToday,
  launch,
  linkedInConnections,
  navigate,
  openPage,
  screenshot,
  screenshotPart,
  timeFromNow,
} from "./harness.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A fresh laptop database with a hub serving it, and a page on its web UI. */
async function laptopWithHub(size, setup = () => {}) {
  const laptop = new Device("laptop");
  setup(laptop);
  const base = await laptop.serve();
  const page = await openPage(browser, base, size);
  return { laptop, page };
}

for (const size of [PHONE, LAPTOP]) {
  describe(`at ${size.width}×${size.height}`, () => {
    test("story 1: at the event, a new person and a known one are checked in within three taps", async () => {
      const { laptop, page } = await laptopWithHub(size, (laptop) => {
        laptop.json("event", "add", "--title", "Stammtisch Musterstadt", "--starts", timeFromNow(-1), "--kind", "meetup");
        laptop.json("contact", "add", "--name", "Jürgen Müller", "--org", "Müller Bau");
      });
      try {
        await navigate(page, "Today");
        const event = page.getByLabel("Event", { exact: true });
        assert.match(await event.locator("option:checked").innerText(), /Stammtisch Musterstadt/, "today's event is pre-selected");

        await page.getByRole("button", { name: "Met someone" }).click(); // tap 1
        await page.getByLabel("Name", { exact: true }).fill("Anna Bauer");
        await page.getByLabel("Organization").fill("Bauer Logistik"); // tap 2 (field)
        await page.getByLabel("Note").fill("restructuring — call next week");
        await assertTouchTargets(page, "the Met someone form");
        await page.getByRole("button", { name: "Save", exact: true }).click(); // tap 3
        await page.getByText("Anna Bauer saved and checked in at Stammtisch Musterstadt.").waitFor();

        await page.getByLabel("Search", { exact: true }).fill("mueller");
        await page.getByRole("button", { name: "Met in person: Jürgen Müller" }).click();
        await page.getByText("Jürgen Müller checked in.").waitFor();
        await screenshot(page, size, "today");

        const anna = laptop.json("contact", "show", "Anna Bauer");
        assert.equal(anna.contact.organization, "Bauer Logistik");
        assert.equal(anna.checkins[0].eventTitle, "Stammtisch Musterstadt");
        const jurgen = laptop.json("contact", "show", "Jürgen Müller");
        assert.equal(jurgen.checkins.length, 1);
        assert.equal(jurgen.checkins[0].kind, "in-person");
        assert.equal(jurgen.contact.metInPerson ?? jurgen.checkins.length > 0, true);
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("story 8: a phone pairs by the code on the Devices screen once allowed there, and a revoked phone can no longer sync", async () => {
      const { laptop, page } = await laptopWithHub(size);
      const phone = new Device("phone");
      const stranger = new Device("stranger");
      try {
        await navigate(page, "Devices");
        // `handschlag serve` runs the hub for as long as it runs: the switch is on, stays on,
        // and says how to stop it; on loopback only, no phone can reach it.
        const allow = page.getByRole("switch", { name: "Allow phones on this network to sync" });
        assert.equal(await allow.getAttribute("aria-checked"), "true");
        await page.getByText("Phones cannot reach it").waitFor();
        await allow.click();
        await page.getByRole("alert").filter({ hasText: "stop `handschlag serve`" }).waitFor();
        assert.equal(await allow.getAttribute("aria-checked"), "true");
        const pairing = page.getByRole("region", { name: "Pair a device" });
        await pairing.getByRole("button", { name: "Pair a device" }).click();
        // On loopback only, there is no code a phone could scan: the link is for this computer.
        await pairing.getByText("this link works only for Handschlag on this same computer").waitFor();
        assert.equal(await pairing.getByRole("img", { name: "Pairing code to scan with the other device" }).count(), 0);
        const link = await pairing.getByRole("textbox", { name: "Pairing link", exact: true }).inputValue();
        assert.match(link, /^handschlag:\/\/pair\?/);
        await pairing.getByText("1 pairing link is open").waitFor();
        await screenshot(page, size, "devices-pairing");
        await screenshotPart(pairing, size, "devices-pairing-code");

        // The phone asks; it cannot sync until the hub's owner has compared the codes and allowed it.
        const joined = phone.json("pair", "join", link, "--name", "Anna's phone");
        assert.match(joined.code, /^\d{6}$/);
        const code = `${joined.code.slice(0, 3)} ${joined.code.slice(3)}`;
        assert.match(phone.refuses("sync"), /waiting for the hub to allow this device/);
        const peers = page.getByRole("region", { name: "Paired devices" });
        const request = peers.getByRole("listitem").filter({ hasText: "Anna's phone wants to pair" });
        await request.getByText(code, { exact: true }).waitFor(); // both screens show the same code
        await request.getByText("Allow it only if the other device shows the same 6-digit code.").waitFor();
        // The pairing panel noticed it too, in place of the used link.
        const asked = pairing.getByRole("listitem").filter({ hasText: "Anna's phone wants to pair" });
        await asked.getByText(code, { exact: true }).waitFor();
        await pairing.getByText("1 pairing link is open").waitFor({ state: "detached" });
        await assertTouchTargets(page, "a device asking to pair");
        await assertAccessible(page, "a device asking to pair");
        await screenshot(page, size, "devices-pending");
        await screenshotPart(pairing, size, "devices-pairing-request");
        await peers.getByRole("button", { name: "Allow: Anna's phone" }).click();
        await page.getByText("Anna's phone is paired and can sync now.").waitFor();
        await asked.waitFor({ state: "detached" });
        const focused = () => page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent);
        assert.equal(await focused(), "Paired devices", "focus carries on from the list, not from the page's top");
        phone.json("contact", "add", "--name", "Eva Weiß");
        phone.json("sync");
        assert.equal(laptop.json("contact", "list", "--query", "weiss").contacts[0].name, "Eva Weiß");

        // A link shown and not used stays open until cancelled: a cancelled one pairs no one.
        await pairing.getByRole("button", { name: "Pair a device" }).click();
        const unused = await pairing.getByRole("textbox", { name: "Pairing link", exact: true }).inputValue();
        await pairing.getByRole("button", { name: "Cancel the open pairing link" }).click();
        await page.getByText("The pairing links no longer work.").waitFor();
        await pairing.getByRole("textbox", { name: "Pairing link", exact: true }).waitFor({ state: "detached" });
        assert.match(stranger.refuses("pair", "join", unused, "--name", "Stranger"), /already used/);

        await page.getByRole("button", { name: "Revoke: Anna's phone" }).click();
        await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
        await page.getByText("Revoked").first().waitFor();
        assert.match(phone.refuses("sync"), /revoked/);
        // Revoking by mistake is undone by the hub's owner alone, from the keyboard too.
        await page.getByRole("button", { name: "Allow again: Anna's phone" }).waitFor();
        await page.waitForFunction(() => document.activeElement?.getAttribute("aria-label") === "Allow again: Anna's phone");
        await page.keyboard.press("Enter");
        await page.getByRole("button", { name: "Revoke: Anna's phone" }).waitFor();
        phone.json("sync");
        await page.finish();
      } finally {
        stranger.close();
        phone.close();
        laptop.close();
      }
    });

    test("backups: back up in the UI, restore it after the confirmation; what came later is gone, the notebook before is kept", async () => {
      const { laptop, page } = await laptopWithHub(size, (laptop) => {
        laptop.json("contact", "add", "--name", "Anna Bauer");
        laptop.json("contact", "add", "--name", "Jürgen Müller");
      });
      try {
        await navigate(page, "Devices");
        const backups = page.getByRole("region", { name: "Backups" });
        await backups.getByRole("button", { name: "Back up now" }).click();
        await page.getByText(/^Backed up: /).waitFor();
        const restore = backups.getByRole("button", { name: /^Restore the backup of .+ \(Backed up by hand\)$/ });
        await restore.waitFor();
        const label = await restore.getAttribute("aria-label");
        const taken = label.match(/^Restore the backup of (.+) \(Backed up by hand\)$/)?.[1];
        assert.ok(taken, label);
        await backups.getByText("Backed up by hand").waitFor();

        laptop.json("contact", "add", "--name", "Eva Weiß"); // after the backup
        await restore.click();
        const dialog = page.getByRole("dialog");
        await dialog
          .getByText(
            `Replace everything in this notebook with the backup of ${taken}? The notebook as it is now is kept as a backup first. Paired devices receive the restored notebook at their next sync.`,
            { exact: true },
          )
          .waitFor();
        await assertAccessible(page, "the restore confirmation");
        await screenshot(page, size, "backup-restore-confirm");
        await dialog.getByRole("button", { name: "Restore", exact: true }).click();
        await page.getByText(/^Restored\. The notebook as it was before is kept as the backup of .+\.$/).waitFor();
        // The list reloaded after the restore: it now holds the notebook as it was.
        await backups.getByText("Before a restore").waitFor();
        await assertTouchTargets(page, "the backups");
        await assertAccessible(page, "the backups");
        await page.getByText(/^Restored\./).waitFor({ state: "detached" }); // the note has gone
        await page.locator("main").evaluate((main) => (main.scrollTop = main.scrollHeight));
        await screenshot(page, size, "backups");

        const names = laptop.json("contact", "list").contacts.map((c) => c.name).sort();
        assert.deepEqual(names, ["Anna Bauer", "Jürgen Müller"], "the contact added after the backup is gone");
        const kept = laptop.json("backup", "--list").map((b) => b.name);
        assert.match(kept[0], /-before-restore\.db$/, `the newest backup is the notebook before the restore: ${kept}`);
        assert.equal(kept.filter((name) => name.endsWith("-manual.db")).length, 1, `${kept}`);
        await navigate(page, "Contacts");
        await page.getByRole("link", { name: /Jürgen Müller/ }).waitFor();
        assert.equal(await page.getByText("Eva Weiß").count(), 0);
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("story 2: the phone's evening arrives on the laptop, and an overwritten value stays visible", async () => {
      const { laptop, page } = await laptopWithHub(size, (laptop) => {
        laptop.json("contact", "add", "--name", "Jürgen Müller", "--town", "Musterstadt");
      });
      const phone = new Device("phone");
      try {
        phone.json("pair", "join", laptop.json("pair", "invite").link, "--name", "Phone");
        laptop.json("devices", "allow", "Phone"); // the hub's owner compared the codes
        phone.json("sync");

        // Apart: the laptop changes the town in the browser, the phone a moment later.
        await navigate(page, "Contacts");
        await page.getByLabel("Search", { exact: true }).fill("Jürgen");
        await page.getByRole("link", { name: /Jürgen Müller/ }).click();
        await page.getByRole("button", { name: "Edit", exact: true }).click();
        await page.getByLabel("Town").fill("Großheim");
        await page.getByRole("button", { name: "Save", exact: true }).click();
        await page.getByRole("heading", { name: "Jürgen Müller" }).waitFor();
        phone.json("contact", "edit", "Jürgen Müller", "--town", "Nachbarort");
        phone.json("contact", "add", "--name", "Anna Bauer", "--how-met", "in-person");
        phone.json("checkin", "Anna Bauer", "--note", "Stammtisch");
        phone.json("sync");

        await page.reload();
        await page.getByText("Nachbarort").first().waitFor();
        await page.getByText(/Town: changed on Phone at/).waitFor();
        await page.getByText("was “Großheim”").waitFor();
        await screenshot(page, size, "contact-history");
        await assertTouchTargets(page, "a contact");

        await navigate(page, "Contacts");
        await page.getByLabel("Search", { exact: true }).fill("bauer");
        await page.getByRole("link", { name: /Anna Bauer/ }).waitFor();
        assert.deepEqual(phone.json("export"), laptop.json("export"), "both devices hold the same records");
        await page.finish();
      } finally {
        phone.close();
        laptop.close();
      }
    });

    test("story 3: plan an event with people to meet, then debrief it and follow up", async () => {
      const { laptop, page } = await laptopWithHub(size, (laptop) => {
        for (const name of ["Sabine Sparkasse", "Tom Turnverein", "Uwe Unternehmer"]) {
          laptop.json("contact", "add", "--name", name);
        }
      });
      try {
        await navigate(page, "Events");
        await page.getByRole("link", { name: "Plan an event" }).click();
        await page.getByLabel("Title").fill("Sommerfest TSV Musterstadt");
        // Begun an hour ago, whatever the time of day: only a begun event can have missed people.
        await page.getByLabel("Starts").fill(timeFromNow(-1));
        await page.getByLabel("Goal").fill("meet the new Sparkasse branch manager");
        await page.getByLabel("Contribution").fill("2 kg Bratwurst");
        await page.getByLabel("Cost").fill("40");
        for (const name of ["Sabine", "Tom", "Uwe"]) {
          await page.getByLabel("Find a person to meet").fill(name);
          await page.getByRole("button", { name: new RegExp(name) }).click();
        }
        await assertTouchTargets(page, "the event form");
        await assertPageStaysPut(page, "the event form");
        await page.getByRole("button", { name: "Save event" }).click();
        await page.getByRole("heading", { name: "Sommerfest TSV Musterstadt" }).waitFor();

        const planned = laptop.json("event", "show", "Sommerfest TSV Musterstadt");
        assert.equal(planned.event.costCents, 4000);
        assert.equal(planned.event.contribution, "2 kg Bratwurst");
        assert.equal(planned.event.peopleToMeet.length, 3);

        laptop.json("checkin", "Sabine Sparkasse", "--event", "Sommerfest TSV Musterstadt");
        await page.reload();
        const debrief = page.getByRole("region", { name: "Debrief" });
        await debrief.getByText("Sabine Sparkasse", { exact: true }).waitFor();
        await debrief.getByText("Tom Turnverein", { exact: true }).waitFor();
        await screenshot(page, size, "event-debrief");
        await assertTouchTargets(page, "an event");
        await page.getByRole("button", { name: "Plan follow-up: Sabine Sparkasse" }).click();
        await page.getByText(/Follow-up planned for/).waitFor();

        const sabine = laptop.json("contact", "show", "Sabine Sparkasse");
        assert.equal(sabine.followUps.length, 1);
        assert.equal(sabine.followUps[0].due, dayFromToday(7));
        const missed = laptop.json("event", "show", "Sommerfest TSV Musterstadt").missed.map((c) => c.name);
        assert.deepEqual(missed.sort(), ["Tom Turnverein", "Uwe Unternehmer"]);
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("story 4: Monday morning, the follow-ups due today with their context; done and snooze", async () => {
      const { laptop, page } = await laptopWithHub(size, (laptop) => {
        laptop.json("contact", "add", "--name", "Anna Bauer");
        laptop.json("contact", "add", "--name", "Jürgen Müller");
        laptop.json("checkin", "Anna Bauer", "--note", "restructuring");
        laptop.json("followup", "add", "Anna Bauer", "--due", dayFromToday(0), "--action", "call");
        laptop.json("followup", "add", "Jürgen Müller", "--due", dayFromToday(0), "--action", "send-offer");
      });
      try {
        await navigate(page, "Follow-ups");
        const dueToday = page.getByRole("region", { name: "Due today" });
        await dueToday.getByText("Anna Bauer").waitFor();
        await dueToday.getByText(/Last met/).first().waitFor();
        await screenshot(page, size, "follow-ups");

        await page.getByRole("button", { name: "Done: follow-up with Anna Bauer" }).click();
        await page.getByText("Follow-up with Anna Bauer done.").waitFor();
        await page.getByRole("button", { name: "Snooze: follow-up with Jürgen Müller" }).click();
        await page.getByRole("button", { name: "Tomorrow" }).click();
        await page.getByText(/Follow-up with Jürgen Müller moved to/).waitFor();

        assert.equal(laptop.json("contact", "show", "Anna Bauer").followUps[0].done, true);
        assert.equal(laptop.json("contact", "show", "Jürgen Müller").followUps[0].due, dayFromToday(1));
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("names and notes with HTML render as text on every screen", async () => {
      const hostile = "<img src=x onerror=alert(1)>";
      const { laptop, page } = await laptopWithHub(size, (laptop) => {
        laptop.json("contact", "add", "--name", hostile, "--notes", "<b>bold</b><script>alert(2)</script>");
        laptop.json("checkin", hostile, "--note", "<i>met</i>");
        laptop.json("followup", "add", hostile, "--due", dayFromToday(0), "--note", "<a href=javascript:alert(3)>x</a>");
        laptop.json("deal", "add", hostile, "--title", "<svg onload=alert(4)>", "--amount", "10.00", "--status", "won");
      });
      try {
        await navigate(page, "Contacts");
        await page.getByText(hostile).first().waitFor();
        await page.getByRole("link", { name: new RegExp("img src") }).click();
        await page.getByText("<b>bold</b><script>alert(2)</script>").waitFor();
        await navigate(page, "Follow-ups");
        await page.getByText("<a href=javascript:alert(3)>x</a>").waitFor();
        await navigate(page, "Deals");
        await page.getByText("<svg onload=alert(4)>").first().waitFor();
        assert.equal(await page.locator("img[src=x], svg[onload]").count(), 0, "no markup from data reached the DOM");
        await page.finish(); // fails if any alert() ran
      } finally {
        laptop.close();
      }
    });

    test("every main screen passes axe (WCAG 2.1 AA) in English and German, and is screenshotted", async () => {
      const { laptop, page } = await laptopWithHub(size, (laptop) => {
        laptop.json("event", "add", "--title", "Stammtisch", "--starts", timeFromNow(-1), "--kind", "meetup");
        laptop.json("contact", "add", "--name", "Jürgen Müller", "--org", "Müller Bau", "--tag", "handwerk");
        laptop.json("checkin", "Jürgen Müller", "--event", "Stammtisch");
        laptop.json("followup", "add", "Jürgen Müller", "--due", dayFromToday(0));
        laptop.json("deal", "add", "Jürgen Müller", "--title", "Workshop", "--amount", "3800.00", "--status", "won");
      });
      const phone = new Device("phone");
      try {
        // Devices with everything it can show: a phone asking to pair, an open link, a backup.
        phone.json("pair", "join", laptop.json("pair", "invite").link, "--name", "Anna's phone");
        laptop.json("pair", "invite");
        laptop.json("backup");
        const screens = ["Today", "Contacts", "Events", "Follow-ups", "Deals", "Devices"];
        for (const screen of screens) {
          await navigate(page, screen);
          await page.waitForLoadState("networkidle");
          if (screen === "Devices") {
            await page.getByText("Anna's phone wants to pair").first().waitFor();
            await page.getByText("1 pairing link is open").waitFor();
            await page.getByText("Backed up by hand").waitFor();
          }
          await assertAccessible(page, screen);
          await assertTouchTargets(page, screen);
          await assertPageStaysPut(page, screen);
          await screenshot(page, size, screen.toLowerCase());
        }
        await screenshotPart(page.getByRole("region", { name: "Paired devices" }), size, "devices-requests");
        await screenshotPart(page.getByRole("region", { name: "Pair a device" }), size, "devices-open-link");
        await screenshotPart(page.getByRole("region", { name: "Backups" }), size, "devices-backups");
        await page.getByRole("button", { name: "Settings" }).click();
        await page.getByRole("dialog").getByLabel("Language").selectOption("de");
        await page.getByRole("dialog").getByRole("button", { name: "Schließen" }).click();
        const german = ["Heute", "Kontakte", "Veranstaltungen", "Nachfassen", "Aufträge", "Geräte"];
        for (const screen of german) {
          await navigate(page, screen);
          await page.waitForLoadState("networkidle");
          await assertAccessible(page, screen);
        }
        await page.getByText("Anna's phone möchte sich koppeln").waitFor();
        await page.getByText("1 Kopplungslink ist offen").waitFor();
        await page.getByText("Von Hand gesichert").waitFor();
        await assertTouchTargets(page, "Geräte");
        await screenshot(page, size, "geraete-de");
        await screenshotPart(page.getByRole("region", { name: "Gekoppelte Geräte" }), size, "geraete-de-anfragen");
        await screenshotPart(page.getByRole("region", { name: "Gerät koppeln" }), size, "geraete-de-offener-link");
        await screenshotPart(page.getByRole("region", { name: "Sicherungen" }), size, "geraete-de-sicherungen");
        assert.equal(await page.locator("html").getAttribute("lang"), "de");
        await page.finish();
      } finally {
        phone.close();
        laptop.close();
      }
    });
  });
}

test("keyboard only on the laptop: Met someone, type, Enter saves", async () => {
  const { laptop, page } = await laptopWithHub(LAPTOP, (laptop) => {
    laptop.json("event", "add", "--title", "Infoabend IHK", "--starts", timeFromNow(-1), "--kind", "info-evening");
  });
  try {
    await navigate(page, "Today");
    const metSomeone = page.getByRole("button", { name: "Met someone" });
    for (let i = 0; i < 30 && !(await metSomeone.evaluate((el) => el === document.activeElement)); i++) {
      await page.keyboard.press("Tab");
    }
    await page.keyboard.press("Enter");
    await page.keyboard.type("Petra Keyboard"); // the name field has focus
    await page.keyboard.press("Enter");
    await page.getByText("Petra Keyboard saved and checked in at Infoabend IHK.").waitFor();
    assert.equal(laptop.json("contact", "show", "Petra Keyboard").checkins[0].eventTitle, "Infoabend IHK");
    await page.finish();
  } finally {
    laptop.close();
  }
});

test("issue 13: a sync that fails says why by its kind, in German and in English", async () => {
  const laptop = new Device("sync-unreachable-laptop");
  const phone = new Device("sync-unreachable-phone");
  try {
    await laptop.serve();
    phone.json("pair", "join", laptop.json("pair", "invite").link, "--name", "Annas Handy");
    laptop.json("devices", "allow", "Annas Handy");
    const stopped = new Promise((resolve) => laptop.hub.once("exit", resolve));
    laptop.hub.kill();
    await stopped;

    // The CLI: the report says which hub failed, the exit status and --json say the kind.
    const refused = phone.fails("sync");
    assert.equal(refused.status, 7, "unreachable has its own exit status");
    assert.equal(JSON.parse(refused.stderr).code, "unreachable");

    const ui = await phone.serve();
    for (const [locale, devices, syncNow, unreachable] of [
      ["de-DE", "Geräte", "Jetzt synchronisieren", "Das andere Gerät hat nicht geantwortet"],
      ["en-US", "Devices", "Sync now", "The other device did not answer"],
    ]) {
      const page = await openPage(browser, ui, PHONE, locale);
      await navigate(page, devices);
      await page.getByRole("button", { name: syncNow, exact: true }).click();
      await page.getByRole("listitem").filter({ hasText: `Handschlag hub: ${unreachable}` }).waitFor();
      await screenshot(page, PHONE, `sync-unreachable-${locale}`);
      await page.finish();
    }
  } finally {
    phone.close();
    laptop.close();
  }
});

test("issue 15: a phone's first full sync shows how far it has come, in the header and on Devices", async () => {
  const laptop = new Device("sync-progress-laptop");
  const phone = new Device("sync-progress-phone");
  try {
    await laptop.serve();
    const file = join(phone.dir, "Connections.csv");
    writeFileSync(file, linkedInConnections(20_000));
    phone.json("import", file);
    phone.json("pair", "join", laptop.json("pair", "invite").link, "--name", "Annas Handy");
    laptop.json("devices", "allow", "Annas Handy");

    const page = await openPage(browser, await phone.serve(), PHONE, "de-DE");
    await navigate(page, "Geräte");
    await page.getByRole("button", { name: "Jetzt synchronisieren", exact: true }).click();
    const bar = page.getByRole("progressbar", { name: "Synchronisierung mit Handschlag hub" });
    await bar.waitFor();
    const header = page.getByRole("status", { name: "Sync-Status" });
    assert.match(await header.innerText(), /^Sync läuft… \d{1,3}\s%$/);
    assert.match(await page.getByText(/ von [\d.]+ Änderungen$/).innerText(), /^\d{1,3}\s% · [\d.]+ von [\d.]+ Änderungen$/);
    await screenshot(page, PHONE, "sync-progress");
    await screenshotPart(bar.locator(".."), PHONE, "sync-progress-bar");

    await page.getByRole("listitem").filter({ hasText: /^Handschlag hub: 0 empfangen, [\d.]+ gesendet$/ }).waitFor();
    await bar.waitFor({ state: "detached" });
    await header.getByText("Synchronisiert", { exact: true }).waitFor();
    assert.equal(laptop.json("contact", "list").total, 20_000);
    await page.finish();
  } finally {
    phone.close();
    laptop.close();
  }
});
