// Issue 12, QR codes at an event: Jana shows her card (the contact marked as her) and scans the
// card of the person she just met with the camera — Chromium's fake camera plays a video of a
// QR code this test draws from what the other device's `contact me` gives — and he is saved
// and checked in at the event in one step, verified through the CLI. A laptop without a camera
// scans a screenshot of a card; a scanned pairing link fills the Join form.
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Device, LAPTOP, PHONE, assertAccessible, assertTouchTargets, launch, openPage, screenshot, screenshotPart, timeFromNow } from "./harness.mjs";

const browsers = [];
after(async () => {
  for (const browser of browsers) await browser.close();
});

/** Chromium whose camera films `video`, or with no camera at all. */
async function chromium(video) {
  const camera = video
    ? ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", `--use-file-for-fake-video-capture=${video}`]
    : [];
  const browser = await launch(camera);
  browsers.push(browser);
  return browser;
}

/**
 * A Y4M video (what Chromium's fake camera plays) of the QR code `rows` ('1' dark), black on
 * white in a 640×480 frame, the way a phone held up to a camera shows it.
 */
function qrVideo(dir, rows) {
  const [width, height] = [640, 480];
  const module = Math.floor(400 / (rows.length + 8));
  const side = module * rows.length;
  const [left, top] = [(width - side) >> 1, (height - side) >> 1];
  const luma = Buffer.alloc(width * height, 235);
  rows.forEach((row, y) => {
    [...row].forEach((cell, x) => {
      if (cell !== "1") return;
      for (let dy = 0; dy < module; dy += 1) {
        const start = (top + y * module + dy) * width + left + x * module;
        luma.fill(16, start, start + module);
      }
    });
  });
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  const file = join(dir, "camera.y4m");
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F5:1 Ip A1:1 C420jpeg\n`);
  writeFileSync(file, Buffer.concat([header, ...Array(5).fill(frame)]));
  return file;
}

const SETUPS = [
  {
    size: PHONE,
    locale: "de-DE",
    t: { scan: "Code scannen", myCard: "Meine Karte", saved: "Łukasz Wójcik gespeichert und bei Gründerabend eingecheckt.", isMe: "Das bin ich", close: "Schließen" },
  },
  {
    size: LAPTOP,
    locale: "en-US",
    t: { scan: "Scan a code", myCard: "My card", saved: "Łukasz Wójcik saved and checked in at Gründerabend.", isMe: "This is me", close: "Close" },
  },
];

for (const { size, locale, t } of SETUPS) {
  describe(`at ${size.width}×${size.height} (${locale})`, () => {
    test("the card of someone just met is scanned with the camera: saved and checked in at the event", async () => {
      const mine = new Device("scan-mine");
      const his = new Device("scan-his");
      try {
        mine.json("event", "add", "--title", "Gründerabend", "--starts", timeFromNow(-1), "--tz", "Europe/Berlin");
        const jana = mine.json("contact", "add", "--name", "Jana Schäfer", "--org", "Schäfer Design").id;
        his.json("contact", "add", "--name", "Łukasz Wójcik", "--org", "Wójcik IT", "--email", "lukasz@example.org");
        const card = his.json("contact", "me", "Łukasz Wójcik");
        const browser = await chromium(qrVideo(his.dir, card.qr));
        const page = await openPage(browser, await mine.serve(), size, locale);

        // Jana marks her own contact as her, and shows her card.
        await page.goto(`${mine.ui}/#/contacts/${jana}`);
        await page.getByRole("button", { name: t.isMe }).click();
        await page.getByRole("button", { name: t.isMe, pressed: true }).waitFor();
        await page.goto(`${mine.ui}/#/`);
        await page.getByRole("button", { name: t.myCard }).click();
        await page.getByRole("img", { name: /Jana Schäfer/ }).waitFor();
        await assertAccessible(page, "my card");
        await assertTouchTargets(page, "my card");
        await screenshot(page, size, "my-card");
        await page.getByRole("button", { name: t.close }).click();

        // She scans his: the camera sees his code.
        await page.getByRole("button", { name: t.scan }).click();
        await page.getByText(t.saved).waitFor();
        await screenshot(page, size, "scanned-card");
        const shown = mine.json("contact", "show", "Łukasz Wójcik");
        assert.deepEqual(
          [shown.contact.organization, shown.contact.email, shown.contact.howMet, shown.checkins[0].eventTitle, shown.checkins[0].kind],
          ["Wójcik IT", "lukasz@example.org", "in-person", "Gründerabend", "in-person"],
        );
        await page.finish();
      } finally {
        mine.close();
        his.close();
      }
    });
  });
}

describe("without a camera, or for pairing", () => {
  test("a laptop without a camera scans a screenshot of a card shown on another screen", async () => {
    const shower = new Device("scan-shower");
    const laptop = new Device("scan-laptop");
    try {
      shower.json("contact", "add", "--name", "Jürgen Müller", "--phone", "0171 7654321");
      shower.json("contact", "me", "Jürgen Müller");
      const browser = await chromium(null);
      const showing = await openPage(browser, await shower.serve(), LAPTOP);
      await showing.getByRole("button", { name: "My card" }).click();
      const code = await showing.getByRole("img", { name: /Jürgen Müller/ }).screenshot();
      await showing.finish();

      const page = await openPage(browser, await laptop.serve(), LAPTOP);
      await page.getByRole("button", { name: "Scan a code" }).click();
      await page.getByText("No camera here.", { exact: false }).waitFor();
      await screenshotPart(page.locator("section", { hasText: "Scan a QR code" }), LAPTOP, "scan-without-camera");
      await page.getByLabel("Scan from an image").setInputFiles({ name: "card.png", mimeType: "image/png", buffer: code });
      await page.getByText("Jürgen Müller saved as met in person.").waitFor();
      const shown = laptop.json("contact", "show", "Jürgen Müller");
      assert.equal(shown.contact.phone, "0171 7654321");
      assert.equal(shown.checkins.length, 1);
      await page.finish();
    } finally {
      shower.close();
      laptop.close();
    }
  });

  test("a pairing link scanned with the camera fills the Join form", async () => {
    const hub = new Device("scan-hub");
    const phone = new Device("scan-phone");
    try {
      const hubPage = await openPage(await chromium(null), await hub.serve(), LAPTOP);
      const invite = await hubPage.evaluate(async () => {
        const answer = await fetch("/v1/api/pairing_invite", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{}" });
        return answer.json();
      });
      await hubPage.finish();
      assert.match(invite.link, /^handschlag:\/\/pair\?/);
      const page = await openPage(await chromium(qrVideo(hub.dir, invite.qr)), await phone.serve(), PHONE);
      await page.goto(`${phone.ui}/#/devices`);
      const join = page.getByRole("region", { name: "Join a hub" });
      await join.getByRole("button", { name: "Scan a code" }).click();
      // The scanner closes once it has read the code.
      await join.getByRole("heading", { name: "Scan a QR code" }).waitFor({ state: "detached" });
      assert.equal(await join.getByLabel("Pairing link", { exact: false }).inputValue(), invite.link);
      await screenshot(page, PHONE, "scanned-pairing-link");
      await page.finish();
    } finally {
      hub.close();
      phone.close();
    }
  });
});
