// Issue 12, the Duplicates screen: Anna was typed twice (once on the laptop, once at the
// Sommerfest); her page says so, the two are compared side by side and merged choosing field by
// field, then the merge is undone from the toast. Two Thomases are told apart. On a phone in
// German and on a laptop in English, checked through the CLI.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { Device, LAPTOP, PHONE, assertAccessible, assertTouchTargets, launch, navigate, openPage, screenshot } from "./harness.mjs";

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
      contacts: "Kontakte",
      maybeSame: "Vielleicht dieselbe Person wie",
      compare: "Vergleichen und zusammenführen",
      title: "Dubletten",
      annaPair: "Anna Bauer und anna bauer",
      thomasPair: "Thomas Müller und Thomas Mueller",
      reasons: "Gleich: Name · E-Mail",
      notSame: "Nicht dieselbe Person",
      dismissed: "Thomas Müller und Thomas Mueller sind zwei Personen; sie werden nicht mehr aufgeführt.",
      merge: "Zusammenführen …",
      town: "Ort",
      howMet: "Wie wir uns kennen",
      inPerson: "Persönlich",
      mergeNow: "Zu einem zusammenführen",
      merged: "Zusammengeführt zu Anna Bauer: 1 Begegnung, 0 Nachfass-Termine, 1 Auftrag übernommen.",
      none: "Keine möglichen Dubletten.",
      undo: "Rückgängig",
      undone: "Rückgängig gemacht: wieder zwei Kontakte.",
    },
  },
  {
    size: LAPTOP,
    locale: "en-US",
    t: {
      contacts: "Contacts",
      maybeSame: "Maybe the same person as",
      compare: "Compare and merge",
      title: "Duplicates",
      annaPair: "Anna Bauer and anna bauer",
      thomasPair: "Thomas Müller and Thomas Mueller",
      reasons: "Same: name · email",
      notSame: "Not the same person",
      dismissed: "Thomas Müller and Thomas Mueller are two people; they are no longer listed.",
      merge: "Merge…",
      town: "Town",
      howMet: "How we met",
      inPerson: "In person",
      mergeNow: "Merge into one",
      merged: "Merged into Anna Bauer: 1 encounter, 0 follow-ups, 1 order moved.",
      none: "No likely duplicates.",
      undo: "Undo",
      undone: "Undone: two contacts again.",
    },
  },
];

/** Anna twice — the second typed at the Sommerfest, with her order — and two Thomases. */
function twoAnnas(laptop) {
  laptop.json("event", "add", "--title", "Sommerfest", "--starts", "2026-07-04T15:00", "--tz", "Europe/Berlin");
  const anna = laptop.json("contact", "add", "--name", "Anna Bauer", "--email", "anna.bauer@example.org", "--town", "Berlin", "--tag", "kunde").id;
  const again = laptop.json(
    "contact", "add", "--name", "anna bauer", "--email", "ANNA.BAUER@example.org", "--phone", "0171 1234567",
    "--town", "Musterstadt", "--tag", "messe", "--met-at", "Sommerfest", "--met-now",
  ).id;
  laptop.json("deal", "add", again, "--title", "Workshop", "--amount", "1200", "--status", "won");
  laptop.json("contact", "add", "--name", "Thomas Müller", "--org", "Müller Bau");
  laptop.json("contact", "add", "--name", "Thomas Mueller", "--org", "Mueller Consulting");
  return { anna, again };
}

for (const setup of SETUPS) {
  const { size, t } = setup;
  describe(`at ${size.width}×${size.height} (${setup.locale})`, () => {
    test("Anna typed twice is merged field by field, and the merge is undone", async () => {
      const laptop = new Device("duplicates");
      const { anna, again } = twoAnnas(laptop);
      const page = await openPage(browser, await laptop.serve(), size, setup.locale);
      try {
        // Found on save: the second Anna's page names the first.
        await navigate(page, t.contacts);
        await screenshot(page, size, "duplicates-contacts");
        await page.goto(`${laptop.ui}/#/contacts/${again}`);
        const note = page.getByRole("note");
        await note.getByText(t.maybeSame, { exact: false }).waitFor();
        await screenshot(page, size, "duplicates-found-on-save");
        await note.getByRole("link", { name: t.compare }).click();
        await page.getByRole("heading", { level: 1, name: t.title }).waitFor();

        const annas = page.getByRole("listitem", { name: t.annaPair });
        await annas.getByText(t.reasons).waitFor();
        const thomases = page.getByRole("listitem", { name: t.thomasPair });
        await thomases.waitFor();
        await assertAccessible(page, "the duplicates");
        await assertTouchTargets(page, "the duplicates");
        await screenshot(page, size, "duplicates");

        await thomases.getByRole("button", { name: t.notSame }).click();
        await page.getByText(t.dismissed).waitFor();
        await thomases.waitFor({ state: "detached" });
        assert.equal(laptop.json("contact", "duplicates").length, 1, "the Thomases are two people");

        await annas.getByRole("button", { name: t.merge }).click();
        await annas.getByRole("group", { name: t.town }).getByLabel("Musterstadt").check();
        await annas.getByRole("group", { name: t.howMet }).getByLabel(t.inPerson).check();
        await assertAccessible(page, "choosing what stays");
        await assertTouchTargets(page, "choosing what stays");
        await screenshot(page, size, "duplicates-merge");
        await annas.getByRole("button", { name: t.mergeNow }).click();
        await page.getByText(t.merged).waitFor();
        await page.getByText(t.none).waitFor();
        const merged = laptop.json("contact", "show", anna);
        assert.deepEqual(
          [merged.contact.name, merged.contact.town, merged.contact.howMet, merged.contact.phone, merged.contact.tags],
          ["Anna Bauer", "Musterstadt", "in-person", "0171 1234567", ["kunde", "messe"]],
        );
        assert.deepEqual([merged.checkins.length, merged.deals.length], [1, 1]);
        assert.equal(laptop.json("contact", "list").total, 3);
        await screenshot(page, size, "duplicates-merged");

        await page.getByRole("button", { name: t.undo }).click();
        await page.getByText(t.undone).waitFor();
        await annas.waitFor();
        assert.equal(laptop.json("contact", "show", anna).contact.town, "Berlin");
        assert.equal(laptop.json("contact", "show", again).deals.length, 1);
        await page.finish();
      } finally {
        laptop.close();
      }
    });
  });
}
