import { describe, expect, it } from "vitest";
import { ApiError } from "./api/client";
import { errorText, localizeMessage } from "./errors";
import { messages } from "./i18n";

/** Refusals as the core words them, which a user can meet from the UI (and the stories trigger). */
const MET_IN_THE_UI = [
  "a contact needs a name; give at least a first name",
  'a deal needs a title, such as "Workshop"',
  'an event needs a title, such as "Sommerfest TSV"',
  "an event needs a title; keep the old one or type a new one",
  "'anna@' is not an email address; leave it empty or write it as name@example.org",
  "'EURO' is not a currency code; use three letters such as EUR or CHF",
  "an amount cannot be negative; enter the amount without a minus sign",
  "the event ends before it starts; check the end time",
  "date '2026-02-30' is not a date; write it as 2026-07-07",
  "starts '2026-02-30T15:00' is not a date and time; write it as 2026-07-04T15:00",
  "no contact with id 01a2; it may have been deleted",
  "another program is writing to this notebook; try again in a moment",
  "this is the hub's own pairing link; a device cannot pair with itself — open the link on your other device",
  "this pairing link has expired (it is valid for 5 minutes); show a new pairing code on the hub",
  "this pairing link was already used; show a new pairing code on the hub",
  "this is not a Handschlag pairing link (it starts with handschlag://pair?); scan the pairing code again",
  "Anna's phone was revoked on the hub; to let it sync again, allow it on the hub (`handschlag devices allow`)",
  "`handschlag serve` runs this hub for as long as it runs; to stop the hub, stop `handschlag serve` (Ctrl+C in its terminal)",
];

describe("localizeMessage", () => {
  it("has German for every refusal a user meets in the UI", () => {
    for (const message of MET_IN_THE_UI) {
      const german = localizeMessage(message, "invalid", "de");
      expect(german, message).not.toBe(message);
      expect(german, message).toMatch(/^[A-ZÄÖÜ„`]/);
    }
  });

  it("keeps names and values from the sentence", () => {
    expect(localizeMessage("'anna@' is not an email address; leave it empty or write it as name@example.org", "invalid", "de")).toBe(
      "„anna@“ ist keine E-Mail-Adresse; lassen Sie das Feld leer oder schreiben Sie sie als name@example.org",
    );
  });

  it("shows the core's sentence in English, and an unknown one as it came", () => {
    expect(localizeMessage("a contact needs a name; give at least a first name", "invalid", "en")).toBe(
      "a contact needs a name; give at least a first name",
    );
    expect(localizeMessage("something new went wrong", "invalid", "de")).toBe("something new went wrong");
    expect(localizeMessage("a lock we never saw", "busy", "de")).toMatch(/^Ein anderes Programm/);
  });

  it("is what the error display shows", () => {
    const error = new ApiError("invalid", "a contact needs a name; give at least a first name");
    expect(errorText(error, messages.de, "de")).toBe("Ein Kontakt braucht einen Namen; geben Sie mindestens einen Vornamen ein");
    expect(errorText(new TypeError("fetch failed"), messages.de, "de")).toBe(messages.de.errors.unreachable);
  });
});

describe("sync failures", () => {
  it("are told by their kind in the user's language, whatever sentence came with them", () => {
    for (const code of ["unreachable", "notPaired", "pending", "revoked", "certificateMismatch", "versionMismatch"] as const) {
      const error = new ApiError(code, "the hub at 192.168.1.20:7878 did not answer");
      expect(errorText(error, messages.de, "de")).toBe(messages.de.errors.byCode[code]);
      expect(errorText(error, messages.en, "en")).toBe(messages.en.errors.byCode[code]);
      expect(messages.de.errors.byCode[code]).not.toBe(messages.en.errors.byCode[code]);
    }
  });

  it("other kinds keep the core's sentence", () => {
    const error = new ApiError("invalid", "the hub at 192.168.1.20:7878 did not answer");
    expect(errorText(error, messages.en, "en")).toBe("the hub at 192.168.1.20:7878 did not answer");
  });
});

describe("the core's refusals", () => {
  /** Fixed sentences in the core that only the CLI or a broken client can meet. */
  const NOT_FROM_THE_UI = new Set([
    "an id must be 16 bytes",
    "an in-memory notebook cannot be restored",
    "an in-memory notebook has no backups folder",
    "name a contact by its name or id",
    "name an event by its title or id",
    "second step failed",
    "the backups folder's path is not valid UTF-8",
    "the backup's path is not valid UTF-8; choose another --out file",
    "the clock is out of range; check the system time",
  ]);

  it("every fixed sentence in crates/core has German", () => {
    const sources = import.meta.glob<string>("../../../crates/core/src/*.rs", { query: "?raw", import: "default", eager: true });
    const sentences = Object.values(sources)
      .flatMap((source) => [...source.matchAll(/Error::invalid\(\s*"((?:[^"\\]|\\.)*)"\s*,?\s*\)/g)])
      .map((match) => match[1].replace(/\\"/g, '"'))
      .filter((sentence) => !NOT_FROM_THE_UI.has(sentence));
    expect(sentences.length).toBeGreaterThan(5);
    for (const sentence of sentences) expect(localizeMessage(sentence, "invalid", "de"), sentence).not.toBe(sentence);
  });
});
