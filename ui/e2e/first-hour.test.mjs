// Issue 10, "the first hour in the field": what a new user hits at the event and right after it.
// Each story runs on a phone in German and on a laptop in English, and checks the result again
// through the CLI on the same database.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  Device,
  LAPTOP,
  PHONE,
  assertAccessible,
  assertTouchTargets,
  dayFromToday,
  launch,
  navigate,
  openPage,
  screenshot,
  timeFromNow,
} from "./harness.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const SETUPS = [
  {
    size: PHONE,
    locale: "de-DE",
    t: {
      today: "Heute",
      deals: "Aufträge",
      contacts: "Kontakte",
      event: "Veranstaltung",
      metSomeone: "Jemanden getroffen",
      name: "Name",
      save: "Speichern",
      checkinAt: (event) => `Check-in bei ${event}`,
      savedAt: (name, event) => `${name} gespeichert und bei ${event} eingecheckt.`,
      events: "Veranstaltungen",
      delete: "Löschen",
      deleted: (name) => `${name} gelöscht.`,
      back: (name) => `${name} ist wieder da.`,
      undo: "Rückgängig",
      deletedMark: "gelöscht",
      won: "Gewonnen: 1.200,00 €",
      editDeal: (title) => `„${title}“ bearbeiten`,
      deleteDeal: (title) => `„${title}“ löschen`,
      amount: "Betrag",
      channel: "Kanal",
      saveDeal: "Auftrag speichern",
      zeroSave: "Mit 0 speichern",
      dealSaved: (title) => `Auftrag „${title}“ gespeichert.`,
      dealDeleted: (title) => `Auftrag „${title}“ gelöscht.`,
      invalidAmount: "Geben Sie den Betrag als Zahl ein, etwa 3800 oder 3.800,00",
      eventDeleted: (title) => `Veranstaltung „${title}“ gelöscht.`,
      followUps: "Nachfassen",
      doneFollowUp: (name) => `Erledigt: Nachfassen bei ${name}`,
      doneNotice: (name) => `Nachfassen bei ${name} erledigt.`,
      reopened: (name) => `Nachfassen bei ${name} ist wieder offen.`,
      snooze: (name) => `Verschieben: Nachfassen bei ${name}`,
      nextWeek: "Nächste Woche",
      moved: (name) => `Nachfassen bei ${name} auf`,
      noName: "Nicht gespeichert: Ein Kontakt braucht einen Namen; geben Sie mindestens einen Vornamen ein",
      record: "Auftrag erfassen",
      chooseContact: "Wählen Sie zuerst einen Kontakt.",
      discardConfirm: "Das Eingetippte verwerfen?",
      discard: "Verwerfen",
      cancel: "Abbrechen",
      search: "Suchen",
      createAndCheckIn: (name) => `„${name}“ anlegen und einchecken`,
      create: (name) => `„${name}“ anlegen`,
      planEvent: "Veranstaltung planen",
      eventTitle: "Titel",
      findPerson: "Person zum Treffen suchen",
      saveEvent: "Veranstaltung speichern",
      missed: "Wollte ich treffen, habe ich verpasst",
      actionFor: (name) => `Was mit ${name} zu tun ist`,
      dueFor: (name) => `Wann bei ${name} nachfassen`,
      planFollowUp: (name) => `Nachfassen planen: ${name}`,
      sendOffer: "Angebot senden",
      plannedFor: "Nachfassen geplant für",
      checkedInNotice: (name) => `${name} eingecheckt.`,
      badge: { met: "Persönlich getroffen", notYet: "Noch nicht getroffen" },
      metInPerson: (name) => `Persönlich getroffen: ${name}`,
      firstSteps: "So funktioniert Handschlag",
      devices: "Geräte",
      pairDevice: "Gerät koppeln",
      pairingLink: "Kopplungslink",
      joinHub: "Einem Hub beitreten",
      joinName: "Name dieses Geräts",
      joinButton: "Koppeln",
      ownLink: "Das ist der eigene Kopplungslink dieses Geräts",
      filters: "Filter",
      town: "Ort",
      tag: "Schlagwort",
      gotIt: "Verstanden",
      cost: "Kosten",
      invalidCost: "Geben Sie die Kosten als Betrag ein, etwa 40 oder 40,50",
      addNote: (name) => `Notiz zum Check-in mit ${name} hinzufügen`,
      hubUnreachable: "Dieses Gerät ist der Hub, aber noch kann kein Handy es erreichen: Verbinden Sie es mit Ihrem WLAN.",
      pairSteps: "So koppeln Sie ein Handy",
      linkOnlyHere: "Dieser Link funktioniert nur für Handschlag auf diesem Computer",
      qrLabel: "Kopplungscode zum Scannen mit dem anderen Gerät",
      allow: (name) => `Erlauben: ${name}`,
      joinedUs: "Ist diesem Gerät beigetreten",
      settings: "Einstellungen",
      language: "Sprache",
      other: { locale: "en", devices: "Devices" },
      editCheckin: (name) => `Check-in mit ${name} bearbeiten`,
      note: "Notiz",
      noEvent: "Keine Veranstaltung",
      nobodyHere: "Bei dieser Veranstaltung ist heute noch niemand eingecheckt.",
    },
  },
  {
    size: LAPTOP,
    locale: "en-US",
    t: {
      today: "Today",
      deals: "Deals",
      contacts: "Contacts",
      event: "Event",
      metSomeone: "Met someone",
      name: "Name",
      save: "Save",
      checkinAt: (event) => `Check-in at ${event}`,
      savedAt: (name, event) => `${name} saved and checked in at ${event}.`,
      events: "Events",
      delete: "Delete",
      deleted: (name) => `${name} deleted.`,
      back: (name) => `${name} is back.`,
      undo: "Undo",
      deletedMark: "deleted",
      won: "Won: €1,200.00",
      editDeal: (title) => `Edit “${title}”`,
      deleteDeal: (title) => `Delete “${title}”`,
      amount: "Amount",
      channel: "Channel",
      saveDeal: "Save order",
      zeroSave: "Save with 0",
      dealSaved: (title) => `Order “${title}” saved.`,
      dealDeleted: (title) => `Order “${title}” deleted.`,
      invalidAmount: "Type the amount as a number, such as 3800 or 3,800.00",
      eventDeleted: (title) => `Event “${title}” deleted.`,
      followUps: "Follow-ups",
      doneFollowUp: (name) => `Done: follow-up with ${name}`,
      doneNotice: (name) => `Follow-up with ${name} done.`,
      reopened: (name) => `Follow-up with ${name} is open again.`,
      snooze: (name) => `Snooze: follow-up with ${name}`,
      nextWeek: "Next week",
      moved: (name) => `Follow-up with ${name} moved to`,
      noName: "Not saved: a contact needs a name; give at least a first name",
      record: "Record an order",
      chooseContact: "Choose a contact first.",
      discardConfirm: "Throw away what you typed?",
      discard: "Throw away",
      cancel: "Cancel",
      search: "Search",
      createAndCheckIn: (name) => `Create “${name}” and check in`,
      create: (name) => `Create “${name}”`,
      planEvent: "Plan an event",
      eventTitle: "Title",
      findPerson: "Find a person to meet",
      saveEvent: "Save event",
      missed: "Wanted to meet, but missed",
      actionFor: (name) => `What to do with ${name}`,
      dueFor: (name) => `When to follow up with ${name}`,
      planFollowUp: (name) => `Plan follow-up: ${name}`,
      sendOffer: "Send offer",
      plannedFor: "Follow-up planned for",
      checkedInNotice: (name) => `${name} checked in.`,
      badge: { met: "Met in person", notYet: "Not met yet" },
      metInPerson: (name) => `Met in person: ${name}`,
      firstSteps: "How Handschlag works",
      devices: "Devices",
      pairDevice: "Pair a device",
      pairingLink: "Pairing link",
      joinHub: "Join a hub",
      joinName: "Name for this device",
      joinButton: "Pair",
      ownLink: "this is this device's own pairing link",
      filters: "Filters",
      town: "Town",
      tag: "Tag",
      gotIt: "Got it",
      cost: "Cost",
      invalidCost: "Type the cost as an amount, such as 40 or 40.50",
      addNote: (name) => `Add a note to the check-in with ${name}`,
      hubUnreachable: "This device is the hub, but no phone can reach it yet: connect it to your Wi-Fi.",
      pairSteps: "How to pair a phone",
      linkOnlyHere: "this link works only for Handschlag on this same computer",
      qrLabel: "Pairing code to scan with the other device",
      allow: (name) => `Allow: ${name}`,
      joinedUs: "Joins this device",
      settings: "Settings",
      language: "Language",
      other: { locale: "de", devices: "Geräte" },
      editCheckin: (name) => `Edit check-in with ${name}`,
      note: "Note",
      noEvent: "No event",
      nobodyHere: "Nobody checked in at this event today.",
    },
  },
];

/** A fresh database with a hub serving it, set up through the CLI, and a page on its web UI. */
async function start(setup, prepare = () => {}) {
  const laptop = new Device("first-hour");
  prepare(laptop);
  const base = await laptop.serve();
  const page = await openPage(browser, base, setup.size, setup.locale);
  return { laptop, page };
}

for (const setup of SETUPS) {
  const { size, t } = setup;
  describe(`at ${size.width}×${size.height} (${setup.locale})`, () => {
    test("item 1: Today keeps the chosen event across a reload, and the capture form names it", async () => {
      const { laptop, page } = await start(setup, (laptop) => {
        laptop.json("event", "add", "--title", "Frühschoppen", "--starts", timeFromNow(-3), "--kind", "club-festival");
        laptop.json("event", "add", "--title", "Stammtisch", "--starts", timeFromNow(-1), "--kind", "meetup");
      });
      try {
        await navigate(page, t.today);
        const event = page.getByLabel(t.event, { exact: true });
        // Both are on today; the one begun later is pre-selected. The user takes the other one.
        await page.waitForFunction(() => document.querySelector("main select option:checked")?.textContent?.includes("Stammtisch"));
        const morning = await event.locator("option", { hasText: "Frühschoppen" }).getAttribute("value");
        await event.selectOption(morning);
        await page.reload();
        await page.getByRole("heading", { level: 1, name: t.today }).waitFor();
        await page.waitForFunction(() => document.querySelectorAll("main select option").length > 2);
        assert.match(await event.locator("option:checked").innerText(), /Frühschoppen/, "the chosen event is kept across a reload");

        await page.getByRole("button", { name: t.metSomeone }).click();
        await page.getByRole("heading", { level: 2 }).getByText(t.checkinAt("Frühschoppen")).waitFor();
        await page.getByLabel(t.name, { exact: true }).fill("Clara Chosen");
        await screenshot(page, size, "first-hour-capture-names-event");
        await page.getByRole("button", { name: t.save, exact: true }).click();
        await page.getByText(t.savedAt("Clara Chosen", "Frühschoppen")).waitFor();
        assert.equal(laptop.json("contact", "show", "Clara Chosen").checkins[0].eventTitle, "Frühschoppen");
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("item 2: a deleted contact's won deal stays on Deals and in the total, and Undo brings the contact back", async () => {
      const { laptop, page } = await start(setup, (laptop) => {
        laptop.json("contact", "add", "--name", "Anna Bauer");
        laptop.json("deal", "add", "Anna Bauer", "--title", "Workshop", "--amount", "1200.00", "--status", "won");
      });
      try {
        await navigate(page, t.contacts);
        await page.getByRole("link", { name: /Anna Bauer/ }).click();
        await page.getByRole("heading", { level: 1, name: "Anna Bauer" }).waitFor();
        await page.getByRole("button", { name: t.delete, exact: true }).click();
        await page.getByRole("dialog").getByRole("button", { name: t.delete, exact: true }).click();
        const toast = page.getByRole("status").filter({ hasText: t.deleted("Anna Bauer") });
        await toast.waitFor();
        assert.equal(laptop.json("contact", "list").contacts.length, 0);

        await navigate(page, t.deals);
        const deal = page.getByRole("listitem").filter({ hasText: "Workshop" });
        await deal.getByText("Anna Bauer").waitFor();
        await deal.getByText(t.deletedMark, { exact: true }).waitFor();
        await page.getByText(t.won).waitFor();
        await assertAccessible(page, "Deals with a deleted contact's order");
        await screenshot(page, size, "first-hour-deal-of-deleted-contact");
        assert.equal(laptop.json("deal", "list")[0].contactDeleted, true);

        await toast.getByRole("button", { name: t.undo }).click();
        await page.getByText(t.back("Anna Bauer")).waitFor();
        await deal.getByRole("link", { name: "Anna Bauer" }).waitFor();
        assert.equal(laptop.json("contact", "show", "Anna Bauer").contact.name, "Anna Bauer");
        assert.equal(laptop.json("deal", "list")[0].contactDeleted, false);
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("item 4: a deal is corrected (amount 0 after a confirmation, attribution back to derived) and deleted; a stray event is deleted", async () => {
      const { laptop, page } = await start(setup, (laptop) => {
        laptop.json("contact", "add", "--name", "Anna Bauer", "--how-met", "online");
        laptop.json("deal", "add", "Anna Bauer", "--title", "Workshop", "--amount", "1200.00", "--status", "won", "--channel", "referral");
        laptop.json("event", "add", "--title", "Testveranstaltung", "--starts", timeFromNow(-1), "--kind", "meetup");
      });
      try {
        await navigate(page, t.deals);
        await page.getByRole("button", { name: t.editDeal("Workshop") }).click();
        const form = page.locator("form").filter({ has: page.getByLabel(t.amount, { exact: true }) });
        await form.getByLabel(t.amount, { exact: true }).fill("zwölf");
        await form.getByRole("button", { name: t.saveDeal }).click();
        await form.getByText(t.invalidAmount).waitFor();
        assert.ok(await form.getByLabel(t.amount, { exact: true }).evaluate((el) => el === document.activeElement), "the bad amount has focus");
        await form.getByLabel(t.amount, { exact: true }).fill("0");
        await form.getByRole("combobox", { name: new RegExp(`^${t.channel}`) }).selectOption("");
        await assertTouchTargets(page, "the deal form");
        await screenshot(page, size, "first-hour-deal-edit");
        await form.getByRole("button", { name: t.saveDeal }).click();
        const dialog = page.getByRole("dialog");
        await dialog.waitFor();
        await screenshot(page, size, "first-hour-deal-zero-confirm");
        await dialog.getByRole("button", { name: t.zeroSave }).click();
        await page.getByText(t.dealSaved("Workshop")).waitFor();
        const [edited] = laptop.json("deal", "list");
        assert.equal(edited.amountCents, 0);
        assert.equal(edited.attribution.overridden, false, "the attribution is derived again");
        assert.equal(edited.attribution.channel, "online");

        await page.getByRole("button", { name: t.deleteDeal("Workshop") }).click();
        await page.getByRole("dialog").getByRole("button", { name: t.delete, exact: true }).click();
        await page.getByText(t.dealDeleted("Workshop")).waitFor();
        assert.deepEqual(laptop.json("deal", "list"), []);

        await navigate(page, t.events);
        await page.getByRole("link", { name: /Testveranstaltung/ }).click();
        await page.getByRole("heading", { level: 1, name: "Testveranstaltung" }).waitFor();
        await page.getByRole("button", { name: t.delete, exact: true }).click();
        await screenshot(page, size, "first-hour-event-delete-confirm");
        await page.getByRole("dialog").getByRole("button", { name: t.delete, exact: true }).click();
        await page.getByText(t.eventDeleted("Testveranstaltung")).waitFor();
        assert.deepEqual(laptop.json("event", "list"), []);
        await navigate(page, t.today);
        assert.equal(await page.getByLabel(t.event, { exact: true }).locator("option", { hasText: "Testveranstaltung" }).count(), 0);
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("item 5: a one-tap check-in takes a note, and a check-in's note and event are corrected afterwards", async () => {
      const { laptop, page } = await start(setup, (laptop) => {
        laptop.json("contact", "add", "--name", "Jürgen Müller");
        laptop.json("event", "add", "--title", "Frühschoppen", "--starts", timeFromNow(-3), "--kind", "club-festival");
        laptop.json("event", "add", "--title", "Stammtisch", "--starts", timeFromNow(-1), "--kind", "meetup");
      });
      const checkin = () => laptop.json("contact", "show", "Jürgen Müller").checkins[0];
      try {
        await navigate(page, t.today);
        await page.waitForFunction(() => document.querySelector("main select option:checked")?.textContent?.includes("Stammtisch"));
        await page.getByLabel(t.search, { exact: true }).fill("Jürgen");
        await page.getByRole("button", { name: t.metInPerson("Jürgen Müller") }).click();
        await page.getByRole("button", { name: t.addNote("Jürgen Müller") }).click();
        const editor = page.getByRole("dialog");
        await editor.getByLabel(t.note, { exact: true }).fill("will ein Angebot");
        await assertTouchTargets(page, "the check-in editor");
        await screenshot(page, size, "first-hour-checkin-note");
        await editor.getByRole("button", { name: t.save, exact: true }).click();
        await editor.waitFor({ state: "hidden" });
        assert.equal(checkin().note, "will ein Angebot");
        assert.equal(checkin().eventTitle, "Stammtisch");
        assert.equal(laptop.json("contact", "show", "Jürgen Müller").checkins.length, 1, "one check-in, not a second one");

        // Filed under the wrong event: moved from the list of today's check-ins.
        await page.getByRole("button", { name: t.editCheckin("Jürgen Müller") }).click();
        const events = editor.getByLabel(t.event, { exact: true });
        await events.locator("option", { hasText: "Frühschoppen" }).waitFor({ state: "attached" });
        await events.selectOption({ label: (await events.locator("option", { hasText: "Frühschoppen" }).innerText()).trim() });
        await editor.getByRole("button", { name: t.save, exact: true }).click();
        await page.getByText(t.nobodyHere).waitFor();
        assert.equal(checkin().eventTitle, "Frühschoppen");

        // And from the contact's history: a better note, under no event.
        await navigate(page, t.contacts);
        await page.getByRole("link", { name: /Jürgen Müller/ }).click();
        await page.getByRole("heading", { level: 1, name: "Jürgen Müller" }).waitFor();
        await page.getByRole("button", { name: t.editCheckin("Jürgen Müller") }).click();
        await editor.getByLabel(t.note, { exact: true }).fill("will ein Angebot bis Freitag");
        await editor.getByLabel(t.event, { exact: true }).selectOption("");
        await screenshot(page, size, "first-hour-checkin-edit");
        await editor.getByRole("button", { name: t.save, exact: true }).click();
        await page.getByText("will ein Angebot bis Freitag").waitFor();
        assert.equal(checkin().note, "will ein Angebot bis Freitag");
        assert.equal(checkin().eventTitle, null);
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("item 6: Done on a follow-up can be undone; Next week counts from a due date still ahead", async () => {
      const { laptop, page } = await start(setup, (laptop) => {
        laptop.json("contact", "add", "--name", "Anna Bauer");
        laptop.json("contact", "add", "--name", "Jürgen Müller");
        laptop.json("followup", "add", "Anna Bauer", "--due", dayFromToday(0), "--action", "call");
        laptop.json("followup", "add", "Jürgen Müller", "--due", dayFromToday(7), "--action", "send-offer");
      });
      try {
        await navigate(page, t.followUps);
        await page.getByRole("button", { name: t.doneFollowUp("Anna Bauer") }).click();
        const toast = page.getByRole("status").filter({ hasText: t.doneNotice("Anna Bauer") });
        await toast.waitFor();
        await assertTouchTargets(page, "the follow-ups with an Undo toast");
        await screenshot(page, size, "first-hour-follow-up-done-undo");
        assert.equal(laptop.json("contact", "show", "Anna Bauer").followUps[0].done, true);
        await toast.getByRole("button", { name: t.undo }).click();
        await page.getByText(t.reopened("Anna Bauer")).waitFor();
        await page.getByRole("button", { name: t.doneFollowUp("Anna Bauer") }).waitFor();
        const anna = laptop.json("contact", "show", "Anna Bauer").followUps[0];
        assert.equal(anna.done, false);
        assert.equal(anna.due, dayFromToday(0), "the due date is unchanged");

        await page.getByRole("button", { name: t.snooze("Jürgen Müller") }).click();
        await page.getByRole("button", { name: t.nextWeek }).click();
        await page.getByText(t.moved("Jürgen Müller")).waitFor();
        assert.equal(laptop.json("contact", "show", "Jürgen Müller").followUps[0].due, dayFromToday(14));
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("items 11 and 12: a refusal reads in the UI's language; a disabled Save says why", async () => {
      const { laptop, page } = await start(setup);
      try {
        await navigate(page, t.today);
        await page.getByRole("button", { name: t.metSomeone }).click();
        await page.getByLabel(t.name, { exact: true }).fill("   ");
        await page.getByRole("button", { name: t.save, exact: true }).click();
        const refusal = page.getByRole("alert").getByText(t.noName, { exact: true });
        await refusal.waitFor();
        const shown = await refusal.boundingBox();
        assert.ok(shown && shown.y >= 0 && shown.y + shown.height <= size.height, "the refusal is in view");
        assert.ok(await page.getByLabel(t.name, { exact: true }).evaluate((el) => el === document.activeElement), "the blank name has focus");
        await screenshot(page, size, "first-hour-error-in-language");
        assert.equal(laptop.json("contact", "list").contacts.length, 0);

        await navigate(page, t.deals);
        await page.getByRole("button", { name: t.record }).click();
        const save = page.getByRole("button", { name: t.saveDeal });
        assert.equal(await save.isDisabled(), true);
        const why = await save.evaluate((button) => document.getElementById(button.getAttribute("aria-describedby") ?? "")?.textContent);
        assert.equal(why, t.chooseContact, "the disabled Save is described by why");
        await page.getByText(t.chooseContact).waitFor();
        await assertAccessible(page, "the order form before a contact is chosen");

        // A bad cost far above Save: the form brings it into view and focuses it.
        await navigate(page, t.events);
        await page.getByRole("link", { name: t.planEvent }).click();
        await page.getByLabel(t.eventTitle, { exact: true }).fill("Sommerfest");
        await page.getByLabel(t.cost, { exact: true }).fill("vierzig");
        await page.getByRole("button", { name: t.saveEvent }).click();
        await page.getByText(t.invalidCost).waitFor();
        const cost = page.getByLabel(t.cost, { exact: true });
        assert.ok(await cost.evaluate((el) => el === document.activeElement), "the bad cost has focus");
        const box = await cost.boundingBox();
        assert.ok(box && box.y >= 0 && box.y + box.height <= size.height, "the bad cost is in view");
        await screenshot(page, size, "first-hour-event-bad-cost");
        assert.deepEqual(laptop.json("event", "list"), []);
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("item 7: Escape asks before throwing away a half-typed new contact", async () => {
      const { laptop, page } = await start(setup);
      try {
        await navigate(page, t.today);
        const met = page.getByRole("button", { name: t.metSomeone });
        await met.click();
        await page.keyboard.press("Escape"); // nothing typed: closes at once
        await met.waitFor();

        await met.click();
        await page.keyboard.type("Anna Bau");
        await page.keyboard.press("Escape");
        const dialog = page.getByRole("dialog");
        await dialog.getByText(t.discardConfirm).waitFor();
        await screenshot(page, size, "first-hour-discard-confirm");
        await dialog.getByRole("button", { name: t.cancel }).click();
        await dialog.waitFor({ state: "hidden" });
        assert.equal(await page.getByLabel(t.name, { exact: true }).inputValue(), "Anna Bau", "the typing is kept");
        await page.getByLabel(t.name, { exact: true }).press("Escape");
        await dialog.getByRole("button", { name: t.discard }).click();
        await met.waitFor();
        assert.equal(laptop.json("contact", "list").contacts.length, 0);
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("item 8: a search that finds nobody offers to create the name, on Today and among the people to meet", async () => {
      const { laptop, page } = await start(setup, (laptop) => {
        laptop.json("event", "add", "--title", "Stammtisch", "--starts", timeFromNow(-1), "--kind", "meetup");
      });
      try {
        await navigate(page, t.today);
        await page.getByLabel(t.search, { exact: true }).fill("Petra Neu");
        await page.getByRole("button", { name: t.createAndCheckIn("Petra Neu") }).waitFor();
        await assertTouchTargets(page, "a search that found nobody");
        await screenshot(page, size, "first-hour-search-nobody");
        await page.getByRole("button", { name: t.createAndCheckIn("Petra Neu") }).click();
        await page.getByText(t.savedAt("Petra Neu", "Stammtisch")).waitFor();
        await screenshot(page, size, "first-hour-search-create");
        const petra = laptop.json("contact", "show", "Petra Neu");
        assert.equal(petra.checkins[0].eventTitle, "Stammtisch");
        assert.equal(petra.checkins[0].kind, "in-person");

        await navigate(page, t.events);
        await page.getByRole("link", { name: t.planEvent }).click();
        await page.getByLabel(t.eventTitle, { exact: true }).fill("Sommerfest");
        await page.getByLabel(t.findPerson).fill("Sabine Sparkasse");
        await page.getByRole("button", { name: t.create("Sabine Sparkasse") }).click();
        await page.getByRole("listitem").filter({ hasText: "Sabine Sparkasse" }).waitFor();
        await assertTouchTargets(page, "the event form after creating a person to meet");
        await page.getByRole("button", { name: t.saveEvent }).click();
        await page.getByRole("heading", { level: 1, name: "Sommerfest" }).waitFor();
        const planned = laptop.json("event", "show", "Sommerfest");
        assert.equal(planned.event.peopleToMeet.length, 1);
        assert.equal(laptop.json("contact", "show", "Sabine Sparkasse").contact.id, planned.event.peopleToMeet[0]);
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("item 9: the debrief proposes a follow-up for each person missed, with action and date to pick; no Missed before the start", async () => {
      const { laptop, page } = await start(setup, (laptop) => {
        for (const name of ["Sabine Sparkasse", "Tom Turnverein"]) laptop.json("contact", "add", "--name", name);
        laptop.json("event", "add", "--title", "Sommerfest", "--starts", timeFromNow(-2), "--kind", "club-festival", "--meet", "Sabine Sparkasse", "--meet", "Tom Turnverein");
        laptop.json("event", "add", "--title", "Herbstmarkt", "--starts", timeFromNow(48), "--kind", "fair", "--meet", "Tom Turnverein");
        laptop.json("checkin", "Sabine Sparkasse", "--event", "Sommerfest");
      });
      try {
        await navigate(page, t.events);
        await page.getByRole("link", { name: /Herbstmarkt/ }).click();
        await page.getByRole("heading", { level: 1, name: "Herbstmarkt" }).waitFor();
        await page.getByText("Tom Turnverein").first().waitFor();
        assert.equal(await page.getByRole("heading", { name: t.missed }).count(), 0, "nobody is missed before the start");

        await navigate(page, t.events);
        await page.getByRole("link", { name: /Sommerfest/ }).click();
        await page.getByRole("heading", { name: t.missed }).waitFor();
        await page.getByLabel(t.actionFor("Tom Turnverein")).selectOption({ label: t.sendOffer });
        await page.getByLabel(t.dueFor("Tom Turnverein")).fill(dayFromToday(3));
        await assertTouchTargets(page, "the debrief");
        await assertAccessible(page, "the debrief");
        await page.getByRole("button", { name: t.planFollowUp("Tom Turnverein") }).scrollIntoViewIfNeeded();
        await screenshot(page, size, "first-hour-debrief-missed");
        await page.getByRole("button", { name: t.planFollowUp("Tom Turnverein") }).click();
        await page.getByRole("listitem").filter({ hasText: "Tom Turnverein" }).getByText(t.plannedFor).waitFor();
        const tom = laptop.json("contact", "show", "Tom Turnverein").followUps;
        assert.equal(tom.length, 1);
        assert.equal(tom[0].action, "send-offer");
        assert.equal(tom[0].due, dayFromToday(3));
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("item 10: search results are reached with the arrow keys and checked in with Enter; tab-bar labels are 12 px", async () => {
      const { laptop, page } = await start(setup, (laptop) => {
        laptop.json("contact", "add", "--name", "Jürgen Müller");
        laptop.json("contact", "add", "--name", "Jürgen Maier");
      });
      try {
        await navigate(page, t.today);
        // The tab bar's labels are 12 px or more and fit without clipping.
        const labels = await page.evaluate(() =>
          [...document.querySelectorAll("nav a")].map((link) => {
            const text = link.querySelector("span[aria-hidden]");
            return { size: parseFloat(getComputedStyle(text).fontSize), clipped: text.scrollWidth > link.clientWidth };
          }),
        );
        assert.ok(labels.every(({ size, clipped }) => size >= 12 && !clipped), JSON.stringify(labels));
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "nothing sticks out sideways");
        await page.getByLabel(t.search, { exact: true }).fill("Jürgen");
        const buttons = page.getByRole("button", { name: new RegExp(`^${t.metInPerson("")}`) });
        await buttons.nth(1).waitFor();
        const second = (await buttons.nth(1).getAttribute("aria-label")).slice(t.metInPerson("").length);
        await page.keyboard.press("ArrowDown");
        await page.keyboard.press("ArrowDown");
        await page.keyboard.press("ArrowUp");
        await page.keyboard.press("ArrowDown");
        assert.equal(await buttons.nth(1).evaluate((el) => el === document.activeElement), true, "the second result has focus");
        await page.keyboard.press("Enter");
        await page.getByText(t.checkedInNotice(second)).waitFor();
        assert.equal(laptop.json("contact", "show", second).checkins.length, 1);
        // The result's badge says met in person at once, not "not met yet" beside the tick.
        const result = page.getByRole("listitem").filter({ hasText: second });
        await result.getByText(t.badge.met, { exact: true }).waitFor();
        assert.equal(await result.getByText(t.badge.notYet, { exact: true }).count(), 0);
        const first = second === "Jürgen Müller" ? "Jürgen Maier" : "Jürgen Müller";
        assert.equal(laptop.json("contact", "show", first).checkins.length, 0);

        // On the narrowest phone, the check-in, note and retract buttons keep their whole label.
        await page.setViewportSize({ width: 360, height: 740 });
        await page.getByRole("button", { name: t.addNote(second) }).waitFor();
        const clipped = await page.evaluate(() =>
          [...document.querySelectorAll("main button")]
            .filter((button) => button.getClientRects().length > 0 && button.scrollWidth > button.clientWidth + 1)
            .map((button) => button.textContent.trim()),
        );
        assert.deepEqual(clipped, [], "no button label is clipped at 360 px");
        assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), "nothing sticks out sideways at 360 px");
        await screenshot(page, { width: 360, height: 740 }, "first-hour-narrow-today");
        await assertTouchTargets(page, "Today at 360 px");
        await screenshot(page, { width: 360, height: 740 }, "first-hour-narrow-today");
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("item 15: the town and tag filters suggest what exists, match a beginning, and stay open while typing", async () => {
      const { laptop, page } = await start(setup, (laptop) => {
        laptop.json("contact", "add", "--name", "Anna Bauer", "--town", "Musterstadt", "--tag", "handwerk");
        laptop.json("contact", "add", "--name", "Eva Weiß", "--town", "Beispielheim", "--tag", "kunde");
      });
      try {
        await navigate(page, t.contacts);
        await page.getByText(t.filters, { exact: true }).click();
        const town = page.getByLabel(t.town, { exact: true });
        const suggested = (list) =>
          page.locator(`datalist#${list} option`).evaluateAll((options) => options.map((o) => o.value));
        const townList = await town.getAttribute("list");
        assert.deepEqual(await suggested(townList), ["Beispielheim", "Musterstadt"]);
        const tagList = await page.getByLabel(t.tag, { exact: true }).getAttribute("list");
        assert.deepEqual(await suggested(tagList), ["handwerk", "kunde"]);
        await town.fill("Muster");
        await page.getByRole("link", { name: /Anna Bauer/ }).waitFor();
        await page.getByRole("link", { name: /Eva Weiß/ }).waitFor({ state: "detached" });
        assert.equal(await page.locator("details").evaluate((d) => d.open), true, "the filters stay open while typing");
        await screenshot(page, size, "first-hour-filter-prefix");
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("item 3: this device's own pairing link, pasted into Join a hub here, is refused in the UI's language and pairs nothing", async () => {
      const { laptop, page } = await start(setup);
      try {
        await navigate(page, t.devices);
        const pairing = page.getByRole("region", { name: t.pairDevice });
        await pairing.getByRole("button", { name: t.pairDevice }).click();
        const link = await pairing.getByRole("textbox", { name: t.pairingLink, exact: true }).inputValue();
        const join = page.getByRole("region", { name: t.joinHub });
        await join.getByRole("textbox", { name: new RegExp(`^${t.pairingLink}`) }).fill(link);
        await join.getByLabel(t.joinName, { exact: true }).fill("Laptop");
        await join.getByRole("button", { name: t.joinButton, exact: true }).click();
        await page.getByText(t.ownLink).waitFor();
        await screenshot(page, size, "first-hour-own-link");
        assert.deepEqual(laptop.json("devices", "list"), [], "nothing was paired");
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("item 13: Devices says in plain words who is the hub, shows no code no phone could scan, no hex id, no flags; the language is in Settings", async () => {
      const { laptop, page } = await start(setup);
      const phone = new Device("first-hour-phone");
      try {
        await navigate(page, t.devices);
        // `serve` on loopback: this device is the hub, but no phone can reach it.
        await page.getByText(t.hubUnreachable).waitFor();
        const steps = page.getByRole("list", { name: t.pairSteps });
        assert.equal(await steps.getByRole("listitem").count(), 4);
        const shown = await page.locator("main").innerText();
        assert.doesNotMatch(shown, /[0-9a-f]{16}/, "no hex device id on the main view");
        assert.doesNotMatch(shown, /--[a-z]/, "no command-line flag on the main view");
        await assertTouchTargets(page, "Devices");
        await screenshot(page, size, "first-hour-devices");

        const pairing = page.getByRole("region", { name: t.pairDevice });
        await pairing.getByRole("button", { name: t.pairDevice }).click();
        await pairing.getByText(t.linkOnlyHere, { exact: false }).waitFor();
        assert.equal(await pairing.getByRole("img", { name: t.qrLabel }).count(), 0, "no QR code for 127.0.0.1");
        await screenshot(page, size, "first-hour-devices-link-only");
        const link = await pairing.getByRole("textbox", { name: t.pairingLink, exact: true }).inputValue();
        phone.json("pair", "join", link, "--name", "Annas Handy");
        await page.getByRole("button", { name: t.allow("Annas Handy") }).first().click();
        await page.getByRole("listitem").filter({ hasText: "Annas Handy" }).getByText(t.joinedUs).waitFor();
        assert.ok(phone.json("devices", "list")[0].dialed, "the phone dials the laptop as its hub");

        // The language, from the header's settings on any screen.
        await navigate(page, t.today);
        await page.getByRole("button", { name: t.settings }).click();
        const settings = page.getByRole("dialog");
        await assertTouchTargets(page, "Settings");
        await screenshot(page, size, "first-hour-settings");
        await settings.getByLabel(t.language).selectOption(t.other.locale);
        await page.waitForFunction((lang) => document.documentElement.lang === lang, t.other.locale);
        await page.keyboard.press("Escape");
        await page.getByRole("navigation").getByRole("link", { name: t.other.devices, exact: true }).waitFor();
        await page.finish();
      } finally {
        phone.close();
        laptop.close();
      }
    });

    test("item 14: a first start explains the path once; Plan an event stays while no upcoming event exists", async () => {
      const { laptop, page } = await start(setup);
      try {
        await navigate(page, t.today);
        const steps = page.getByRole("region", { name: t.firstSteps });
        await steps.getByRole("listitem").nth(4).waitFor();
        await page.getByRole("link", { name: t.planEvent }).first().waitFor();
        assert.ok((await page.getByRole("link", { name: t.planEvent }).count()) >= 1);
        await assertAccessible(page, "Today on the first start");
        await assertTouchTargets(page, "Today on the first start");
        await screenshot(page, size, "first-hour-first-steps");
        await steps.getByRole("button", { name: t.gotIt }).click();
        await steps.waitFor({ state: "detached" });
        await page.reload();
        await page.getByRole("heading", { level: 1, name: t.today }).waitFor();
        await page.getByRole("button", { name: t.metSomeone }).waitFor();
        assert.equal(await steps.count(), 0, "shown once");
        // Only a past event: planning the next one is still offered beside the event choice.
        laptop.json("event", "add", "--title", "Letzte Woche", "--starts", timeFromNow(-24 * 7), "--kind", "meetup");
        await page.reload();
        await page.locator(".event-choice").getByRole("link", { name: t.planEvent }).waitFor();
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("item 14: a device whose notebook already holds people (a phone after its first sync) skips the first steps", async () => {
      const { laptop, page } = await start(setup, (laptop) => {
        laptop.json("contact", "add", "--name", "Anna Bauer");
      });
      try {
        await navigate(page, t.today);
        await page.getByLabel(t.search, { exact: true }).fill("Anna");
        await page.getByRole("button", { name: t.metInPerson("Anna Bauer") }).waitFor();
        assert.equal(await page.getByRole("region", { name: t.firstSteps }).count(), 0);
        await page.finish();
      } finally {
        laptop.close();
      }
    });
  });
}
