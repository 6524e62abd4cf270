// Issue 12, the Import screen: contacts from LinkedIn, from a table of another layout (its
// columns named by hand) and from a table with broken rows, previewed, then taken in — on a
// phone in German and on a laptop in English, checked through the CLI.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Device, LAPTOP, PHONE, assertAccessible, assertTouchTargets, launch, linkedInConnections, navigate, openPage, screenshot } from "./harness.mjs";

const FIXTURES = resolve(import.meta.dirname, "../../tests/fixtures/import");

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
      import: "Import & Export",
      title: "Import & Export",
      exportCsv: "Kontakte als Tabelle (.csv)",
      exportVcard: "Kontakte als vCard (.vcf)",
      exportCalendar: "Veranstaltungen und Nachfassen (.ics)",
      csvFile: "handschlag-kontakte.csv",
      file: "Eine vCard- (.vcf) oder CSV-Datei",
      counts: "3 neue Kontakte, 0 zu ergänzen, 0 schon vorhanden",
      read: "3 Einträge gelesen · LinkedIn · UTF-8",
      run: "3 Kontakte importieren",
      done: "Importiert: 3 neue Kontakte, 0 ergänzt.",
      another: "Weitere Datei importieren",
      again: "0 neue Kontakte, 0 zu ergänzen, 3 schon vorhanden",
      nothing: "Nichts zu importieren: Alle Kontakte der Datei sind schon da.",
      columns: "Welche Spalte enthält was?",
      name: "Name",
      town: "Ort",
      phone: "Telefon",
      previewAgain: "Vorschau mit diesen Spalten",
      runOne: "1 Kontakt importieren",
      skipped: "2 Einträge übersprungen",
      line3: "Zeile 3: „not-an-email“ ist keine E-Mail-Adresse",
      line4: "Zeile 4: kein Name, keine E-Mail-Adresse und keine Telefonnummer",
      runTwo: "2 Kontakte importieren",
      runBig: "20.000 Kontakte importieren",
      doneBig: "Importiert: 20.000 neue Kontakte, 0 ergänzt.",
      takenIn: /^[\d.]+ von 20\.000 übernommen …$/,
      showContacts: "Kontakte anzeigen",
      eleven: "11 Kontakte",
    },
  },
  {
    size: LAPTOP,
    locale: "en-US",
    t: {
      contacts: "Contacts",
      import: "Import & export",
      title: "Import & export",
      exportCsv: "Contacts as a table (.csv)",
      exportVcard: "Contacts as vCard (.vcf)",
      exportCalendar: "Events and follow-ups (.ics)",
      csvFile: "handschlag-contacts.csv",
      file: "A vCard (.vcf) or CSV file",
      counts: "3 new contacts, 0 to fill in, 0 already here",
      read: "3 entries read · LinkedIn · UTF-8",
      run: "Import 3 contacts",
      done: "Imported: 3 new contacts, 0 filled in.",
      another: "Import another file",
      again: "0 new contacts, 0 to fill in, 3 already here",
      nothing: "Nothing to import: every contact in the file is here already.",
      columns: "Which column holds what?",
      name: "Name",
      town: "Town",
      phone: "Phone",
      previewAgain: "Preview with these columns",
      runOne: "Import 1 contact",
      skipped: "2 entries skipped",
      line3: "line 3: 'not-an-email' is not an email address",
      line4: "line 4: no name, email or phone number",
      runTwo: "Import 2 contacts",
      runBig: "Import 20,000 contacts",
      doneBig: "Imported: 20,000 new contacts, 0 filled in.",
      takenIn: /^[\d,]+ of 20,000 taken in…$/,
      showContacts: "Show contacts",
      eleven: "11 contacts",
    },
  },
];

for (const setup of SETUPS) {
  const { size, t } = setup;
  describe(`at ${size.width}×${size.height} (${setup.locale})`, () => {
    test("LinkedIn connections come in after a preview, and a second import doubles nothing", async () => {
      const laptop = new Device("import");
      const page = await openPage(browser, await laptop.serve(), size, setup.locale);
      try {
        await navigate(page, t.contacts);
        await page.getByRole("link", { name: t.import, exact: true }).click();
        await page.getByRole("heading", { level: 1, name: t.title }).waitFor();
        await page.getByLabel(t.file).setInputFiles(`${FIXTURES}/Connections.csv`);
        await page.getByText(t.counts).waitFor();
        await page.getByText(t.read).waitFor();
        await page.getByRole("listitem").filter({ hasText: "Petra Schmidt" }).getByText("Schmidt, Wagner & Partner", { exact: false }).waitFor();
        assert.equal(laptop.json("contact", "list").total, 0, "a preview writes nothing");
        await assertAccessible(page, "the import preview");
        await assertTouchTargets(page, "the import preview");
        await screenshot(page, size, "import-preview");

        await page.getByRole("button", { name: t.run }).click();
        await page.getByText(t.done).waitFor();
        const online = laptop.json("contact", "list", "--never-met", "--tag", "linkedin");
        assert.deepEqual(online.contacts.map((c) => c.name).sort(), ["Karl Becker", "Petra Schmidt", "Zoë Lange"]);
        await screenshot(page, size, "import-done");

        await page.getByRole("button", { name: t.another }).click();
        await page.getByLabel(t.file).setInputFiles(`${FIXTURES}/Connections.csv`);
        await page.getByText(t.again).waitFor();
        await page.getByText(t.nothing).waitFor();

        // And out again: the files the CLI writes, saved from the screen.
        const saved = async (label) => {
          const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: label }).click()]);
          return { name: download.suggestedFilename(), text: readFileSync(await download.path(), "utf8") };
        };
        const table = await saved(t.exportCsv);
        assert.equal(table.name, t.csvFile);
        assert.equal(table.text, laptop.json("export", "--format", "csv").csv);
        const cards = await saved(t.exportVcard);
        assert.equal(cards.text, laptop.json("export", "--format", "vcard").vcf);
        const calendar = await saved(t.exportCalendar);
        assert.match(calendar.text, /^BEGIN:VCALENDAR\r\n/);
        await screenshot(page, size, "import-export");
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("a large address book shows how far the import has come, then every contact is there", async () => {
      const laptop = new Device("import-big");
      const file = join(mkdtempSync(join(tmpdir(), "handschlag-import-")), "Connections.csv");
      writeFileSync(file, linkedInConnections(20_000));
      const page = await openPage(browser, await laptop.serve(), size, setup.locale);
      try {
        await navigate(page, t.contacts);
        await page.getByRole("link", { name: t.import, exact: true }).click();
        await page.getByLabel(t.file).setInputFiles(file);
        await page.getByRole("button", { name: t.runBig }).click();
        // The bar tells how many are in while the one transaction runs, without waiting for it.
        const seen = [];
        const done = page.getByText(t.doneBig);
        while (!(await done.isVisible())) {
          const bar = page.getByRole("status").filter({ has: page.locator("progress[max]") });
          const now = await bar.evaluateAll((els) => els.map((el) => ({ text: el.textContent.trim(), value: el.querySelector("progress").value, max: el.querySelector("progress").max })));
          if (now.length > 0 && seen.length === 0) await screenshot(page, size, "import-progress");
          seen.push(...now);
        }
        const midway = seen.filter(({ value, max }) => max === 20_000 && value > 0 && value < max);
        assert.ok(midway.length > 0, `the bar showed the import under way: ${JSON.stringify(seen.slice(0, 5))}`);
        assert.match(midway[0].text, t.takenIn);
        assert.equal(laptop.json("contact", "list").total, 20_000);

        // Searched at once, while they are still being made searchable in the background: the
        // list says so and asks again until every match is found.
        await page.getByRole("link", { name: t.showContacts }).click();
        await page.getByRole("searchbox").first().fill("vorname1999");
        await page.getByText(t.eleven, { exact: true }).waitFor({ timeout: 60_000 });
        await page.finish();
      } finally {
        laptop.close();
      }
    });

    test("a table of another layout gets its columns named; broken rows are named by line", async () => {
      const laptop = new Device("import-map");
      const page = await openPage(browser, await laptop.serve(), size, setup.locale);
      try {
        await navigate(page, t.contacts);
        await page.getByRole("link", { name: t.import, exact: true }).click();
        await page.getByLabel(t.file).setInputFiles(`${FIXTURES}/other-layout.csv`);
        const columns = page.getByRole("region", { name: t.columns });
        await columns.waitFor();
        const preview = columns.getByRole("button", { name: t.previewAgain });
        assert.equal(await preview.isDisabled(), true, "nothing named yet");
        await columns.getByLabel("Kunde").selectOption({ label: t.name });
        await columns.getByLabel("Wohnort").selectOption({ label: t.town });
        await columns.getByLabel("Handy").selectOption({ label: t.phone });
        await assertAccessible(page, "naming the columns");
        await screenshot(page, size, "import-columns");
        await preview.click();
        await page.getByRole("button", { name: t.runOne }).click();
        await page.getByRole("button", { name: t.another }).click();
        const stefan = laptop.json("contact", "show", "Stefan Braun").contact;
        assert.deepEqual([stefan.town, stefan.phone], ["Talstadt", "0176 1212121"]);

        await page.getByLabel(t.file).setInputFiles(`${FIXTURES}/broken.csv`);
        const problems = page.getByRole("region", { name: t.skipped });
        await problems.getByText(t.line3, { exact: false }).waitFor();
        await problems.getByText(t.line4, { exact: false }).waitFor();
        await screenshot(page, size, "import-problems");
        await page.getByRole("button", { name: t.runTwo }).click();
        await page.getByRole("button", { name: t.another }).waitFor();
        const names = laptop.json("contact", "list").contacts.map((c) => c.name).sort();
        assert.deepEqual(names, ["Anna Bauer", "Lena Wolf", "Stefan Braun"]);
        await page.finish();
      } finally {
        laptop.close();
      }
    });
  });
}
