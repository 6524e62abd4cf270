// Issue 11, the Dashboard: the figures `handschlag stats --json` gives for a known history, shown
// on a phone in German (reached from Deals) and on a laptop in English (first in the side bar).
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
      deals: "Aufträge",
      open: "Was hat es eingebracht?",
      title: "Übersicht",
      inPerson: "Persönlich",
      online: "Online",
      sortNet: "Sortieren nach Netto",
      noCost: "keine Kosten",
      funnel: "Vom Treffen zum Auftrag",
      numbers: "Zahlen anzeigen",
      csv: "CSV herunterladen",
      noFollowUp: "Persönlich getroffen, nicht innerhalb von 7 Tagen nachgefasst",
      inviteNext: "Nur online kennengelernt, in Orten, wo Sie Leute treffen: zur nächsten Veranstaltung einladen",
      missed: "Wollte ich bei einer vergangenen Veranstaltung treffen, habe ich verpasst",
      inPersonEur: "2.700,00 €",
      onlineEur: "400,00 €",
      chf: "2.000,00 CHF",
      median: "Median: 15 Tage vom ersten Treffen bis zum ersten Auftrag.",
      brought: "Was es gebracht hat",
      net: "Netto",
      messeNet: "1.700,00 CHF",
      earned: "Eingebracht",
      annaEarned: "1.200,00 €",
      contacts: "Kontakte",
      keep: "In Kontakt bleiben",
      tagDefaults: "Vorgaben nach Schlagwort",
      tag: "Schlagwort",
      tagKind: "Alle mit dem Schlagwort „kunde“",
      remind: "Erinnern, zu treffen",
      days: "Tage",
      save: "Erinnerung speichern",
      annaEvery: "Alle 30 Tage persönlich treffen · fällig seit",
      benEvery: "Alle 14 Tage in Kontakt sein",
      events: "Veranstaltungen",
      plan: "Veranstaltung planen",
      addAnna: "Anna Bauer hinzufügen",
    },
  },
  {
    size: LAPTOP,
    locale: "en-US",
    t: {
      title: "Dashboard",
      inPerson: "In person",
      online: "Online",
      sortNet: "Sort by Net",
      noCost: "no cost",
      funnel: "From meeting to order",
      numbers: "Show the numbers",
      csv: "Download CSV",
      noFollowUp: "Met in person, not followed up within 7 days",
      inviteNext: "Met only online, in towns where you meet people: invite them to the next event",
      missed: "Wanted to meet at a past event, but missed",
      inPersonEur: "€2,700.00",
      onlineEur: "€400.00",
      chf: "CHF 2,000.00",
      median: "Median: 15 days from the first meeting to the first order.",
      brought: "What it brought",
      net: "Net",
      messeNet: "CHF 1,700.00",
      earned: "Earned",
      annaEarned: "€1,200.00",
      contacts: "Contacts",
      keep: "Keep in touch",
      tagDefaults: "Defaults by tag",
      tag: "Tag",
      tagKind: "Everyone tagged “kunde”",
      remind: "Remind me to meet",
      days: "Days",
      save: "Save reminder",
      annaEvery: "Meet in person every 30 days · due since",
      benEvery: "Any contact every 14 days",
      events: "Events",
      plan: "Plan an event",
      addAnna: "Add Anna Bauer",
    },
  },
];

/** The story's history, as in tests/insights.rs: three events, six people, eight orders. */
function freelancer(me) {
  for (const [name, ...extra] of [
    ["Anna Bauer", "--town", "Musterstadt"],
    ["Ben Berger", "--town", "Musterstadt"],
    ["Clara Chen", "--town", "Zürich"],
    ["Dora Diehl", "--town", "Musterstadt", "--how-met", "online"],
    ["Emil Engel", "--how-met", "referral"],
    ["Fritz Frank", "--town", "Beispielheim"],
  ]) {
    me.json("contact", "add", "--name", name, ...extra);
  }
  const day = (n, time) => `${dayFromToday(-n)}T${time}`;
  me.json("event", "add", "--title", "Sommerfest", "--starts", day(60, "15:00"), "--kind", "club-festival", "--cost", "150.00", "--meet", "Dora Diehl");
  me.json("event", "add", "--title", "Stammtisch", "--starts", day(20, "19:00"), "--kind", "meetup");
  me.json("event", "add", "--title", "Messe", "--starts", day(3, "10:00"), "--kind", "fair", "--cost", "300.00", "--currency", "CHF");
  for (const [who, event, when] of [
    ["Anna Bauer", "Sommerfest", day(60, "16:00")],
    ["Fritz Frank", "Sommerfest", day(60, "17:00")],
    ["Ben Berger", "Stammtisch", day(20, "19:30")],
    ["Anna Bauer", "Stammtisch", day(20, "20:00")],
    ["Clara Chen", "Messe", day(3, "11:00")],
  ]) {
    me.json("checkin", who, "--event", event, "--at", when);
  }
  me.json("checkin", "Ben Berger", "--kind", "call", "--at", day(18, "09:00"));
  const clara = me.json("followup", "add", "Clara Chen", "--due", dayFromToday(0));
  me.json("followup", "done", clara.id);
  for (const [who, title, amount, currency, status, ago, ...extra] of [
    ["Anna Bauer", "Workshop", "1200.00", "EUR", "won", 40],
    ["Ben Berger", "Vorgespräch", "100.00", "EUR", "won", 25],
    ["Ben Berger", "Beratung", "800.00", "EUR", "won", 5],
    ["Ben Berger", "Extra", "300.00", "EUR", "lost", 4],
    ["Clara Chen", "Messestand", "2000.00", "CHF", "won", 1],
    ["Dora Diehl", "Website", "400.00", "EUR", "won", 2],
    ["Emil Engel", "Schulung", "600.00", "EUR", "won", 4, "--channel", "in-person", "--event", "Stammtisch"],
  ]) {
    me.json("deal", "add", who, "--title", title, "--amount", amount, "--currency", currency, "--status", status, "--date", dayFromToday(-ago), ...extra);
  }
}

for (const setup of SETUPS) {
  const { size, t } = setup;
  describe(`at ${size.width}×${size.height} (${setup.locale})`, () => {
    test("keep in touch: a tag's default and a contact's own cadence, the due list, and a suggestion when planning", async () => {
      const laptop = new Device("keep-in-touch");
      laptop.json("contact", "add", "--name", "Anna Bauer", "--tag", "kunde");
      laptop.json("contact", "add", "--name", "Ben Berger");
      laptop.json("checkin", "Anna Bauer", "--at", `${dayFromToday(-40)}T10:00`);
      const page = await openPage(browser, await laptop.serve(), size, setup.locale);
      try {
        if (size === PHONE) {
          await navigate(page, t.deals);
          await page.getByRole("link", { name: t.open }).click();
          await page.getByRole("heading", { level: 1, name: t.title }).waitFor();
        } else {
          await navigate(page, t.title);
        }
        const keep = page.getByRole("region", { name: t.keep });
        await keep.getByText(t.tagDefaults).click();
        await keep.getByLabel(t.tag, { exact: true }).selectOption("kunde");
        await keep.getByLabel(t.tagKind).selectOption("in-person");
        await keep.getByLabel(t.days).fill("30");
        await keep.getByRole("button", { name: t.save }).click();
        await keep.getByRole("listitem").filter({ hasText: "Anna Bauer" }).getByText(t.annaEvery, { exact: false }).waitFor();
        await assertTouchTargets(page, "keep in touch on the Dashboard");
        await screenshot(page, size, "dashboard-keep-in-touch");

        await navigate(page, t.contacts);
        await page.getByRole("link", { name: /Ben Berger/ }).click();
        const own = page.getByRole("region", { name: t.keep });
        await own.getByLabel(t.remind).selectOption("any");
        await own.getByLabel(t.days).fill("14");
        await own.getByRole("button", { name: t.save }).click();
        await own.getByText(t.benEvery).waitFor();
        await screenshot(page, size, "contact-keep-in-touch");
        const cadences = laptop.json("cadence", "list");
        assert.deepEqual(
          cadences.map((c) => [c.tag ?? c.contactName, c.kind, c.days]),
          [["kunde", "in-person", 30], ["Ben Berger", "any", 14]],
        );

        // Planning the next event: Anna is due to be met in person; one tap adds her.
        await navigate(page, t.events);
        await page.getByRole("link", { name: t.plan }).first().click();
        await page.getByRole("button", { name: t.addAnna }).click();
        await page.getByRole("button", { name: t.addAnna }).waitFor({ state: "detached" });
        await page.getByRole("group").getByText("Anna Bauer", { exact: true }).waitFor();
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("the Dashboard shows what the core computed: revenue per currency and channel, events, funnel, lists", async () => {
      const laptop = new Device("insights");
      freelancer(laptop);
      const stats = laptop.json("stats");
      const page = await openPage(browser, await laptop.serve(), size, setup.locale);
      try {
        if (size === PHONE) {
          // Two taps on a phone: Deals, then the link to the Dashboard.
          await navigate(page, t.deals);
          await page.getByRole("link", { name: t.open }).click();
          await page.getByRole("heading", { level: 1, name: t.title }).waitFor();
        } else {
          const first = page.getByRole("navigation").getByRole("link").first();
          assert.equal(await first.locator("span[aria-hidden]").innerText(), t.title, "first in the side bar");
          await navigate(page, t.title);
        }
        // Per currency, never added across: CHF and EUR each their own card.
        assert.deepEqual(stats.currencies, ["CHF", "EUR"]);
        const eur = page.locator("[data-currency=EUR]");
        const inPerson = eur.getByRole("listitem").filter({ hasText: t.inPerson });
        await inPerson.getByText(t.inPersonEur, { exact: true }).waitFor();
        await eur.getByRole("listitem").filter({ hasText: t.online }).getByText(t.onlineEur, { exact: true }).waitFor();
        await page.locator("[data-currency=CHF]").getByText(t.chf, { exact: true }).waitFor();

        // Each event's row, as stats --json has it; sorted by net on request.
        const rows = page.locator("table.events tbody tr");
        await rows.first().waitFor();
        const titles = () => rows.locator("th a").allInnerTexts();
        assert.deepEqual(await titles(), stats.events.map((e) => e.title));
        const stammtisch = rows.filter({ hasText: "Stammtisch" });
        assert.equal(await stammtisch.locator("td").nth(0).innerText(), String(stats.events[1].met));
        await stammtisch.getByText(t.noCost).waitFor();
        await page.getByRole("button", { name: t.sortNet }).click();
        assert.deepEqual(await titles(), ["Messe", "Sommerfest", "Stammtisch"], "CHF 1,700 net, then €1,050, then no cost");

        // The funnel and its median; the lists name whom to act on.
        assert.deepEqual(stats.funnel, { met: 4, followedUp: 2, won: 3, medianDaysToWin: 15 });
        await page.getByText(t.median).waitFor();
        const list = (name) => page.getByRole("region", { name });
        assert.deepEqual(await list(t.noFollowUp).getByRole("link").allInnerTexts(), ["Fritz Frank", "Anna Bauer"]);
        assert.deepEqual(await list(t.inviteNext).getByRole("link").allInnerTexts(), ["Dora Diehl"]);
        assert.deepEqual(await list(t.missed).getByRole("link").allInnerTexts(), ["Dora Diehl"]);

        // Every chart has its numbers as a table and a CSV download.
        const funnel = page.getByRole("figure", { name: t.funnel });
        await funnel.getByText(t.numbers).click();
        await funnel.locator("tbody td").first().waitFor(); // the table is made when opened
        assert.deepEqual(await funnel.locator("tbody td:first-of-type").allInnerTexts(), ["4", "2", "3"]);
        const [download] = await Promise.all([page.waitForEvent("download"), funnel.getByRole("button", { name: t.csv }).click()]);
        assert.equal(download.suggestedFilename(), "funnel.csv");

        await assertAccessible(page, "the Dashboard");
        await assertTouchTargets(page, "the Dashboard");
        await screenshot(page, size, "dashboard");
        await page.getByRole("heading", { name: t.events, exact: true }).scrollIntoViewIfNeeded();
        await screenshot(page, size, "dashboard-events");
        await funnel.scrollIntoViewIfNeeded();
        await screenshot(page, size, "dashboard-funnel");
        await page.emulateMedia({ colorScheme: "dark" });
        await page.locator("main").evaluate((main) => (main.scrollTop = 0));
        await screenshot(page, size, "dashboard-dark");
        await page.emulateMedia({ colorScheme: "light" });

        // A tap away: the event's own page and the contact's show their figures too.
        await rows.filter({ hasText: "Messe" }).getByRole("link", { name: "Messe" }).click();
        const brought = page.getByRole("region", { name: t.brought });
        await brought.locator("div").filter({ hasText: t.net }).getByText(t.messeNet, { exact: true }).waitFor();
        await screenshot(page, size, "event-figures");
        await page.goBack();
        await list(t.noFollowUp).getByRole("link", { name: "Anna Bauer" }).click();
        await page.getByRole("heading", { level: 1, name: "Anna Bauer" }).waitFor();
        const earned = await page.locator("dt", { hasText: t.earned }).locator("+ dd").innerText();
        assert.equal(earned.replace(/\s/g, " "), t.annaEarned, "Intl writes a no-break space before €");
        await page.finish();
      } finally {
        laptop.close();
      }
    });
  });
}
