import { describe, expect, it } from "vitest";
import { de, detectLocale, en, initialLocale, saveLocale, sectionLabel, storedLocale, type LocaleStorage } from "./i18n";

/** Every leaf of a dictionary as "path: kind", so the two languages can be compared whole. */
function shape(dictionary: object, prefix = ""): string[] {
  return Object.entries(dictionary).flatMap(([key, value]) => {
    const path = `${prefix}${key}`;
    if (typeof value === "object" && value !== null) return shape(value, `${path}.`);
    return [`${path}: ${typeof value === "function" ? `function/${value.length}` : typeof value}`];
  });
}

function memoryStorage(): LocaleStorage & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}

describe("dictionaries", () => {
  it("German has exactly the keys of English, with the same kinds and parameters", () => {
    expect(shape(de)).toEqual(shape(en));
  });

  it("has no empty text in either language", () => {
    for (const dictionary of [en, de]) {
      const empty = shape(dictionary).filter((leaf) => leaf.endsWith(": string")).filter((leaf) => {
        const value = leaf
          .split(": ")[0]
          .split(".")
          .reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], dictionary);
        return value === "";
      });
      expect(empty).toEqual([]);
    }
  });

  it("names the navigation and the search as the product asks", () => {
    expect(Object.values(en.nav).slice(1)).toEqual(["Dashboard", "Today", "Contacts", "Events", "Follow-ups", "Deals", "Devices"]);
    expect(Object.values(de.nav).slice(1)).toEqual([
      "Übersicht",
      "Heute",
      "Kontakte",
      "Veranstaltungen",
      "Nachfassen",
      "Aufträge",
      "Geräte",
    ]);
    expect(en.common.search).toBe("Search");
    expect(de.common.search).toBe("Suchen");
  });

  it("counts in the singular for one and the plural otherwise, grouped per language", () => {
    expect(en.sync.waiting(1)).toBe("1 change waiting");
    expect(en.sync.waiting(1234)).toBe("1,234 changes waiting");
    expect(de.sync.waiting(1)).toBe("1 Änderung wartet");
    expect(de.sync.waiting(1234)).toBe("1.234 Änderungen warten");
    expect(en.contacts.total(0)).toBe("0 contacts");
    expect(de.contacts.total(50000)).toBe("50.000 Kontakte");
  });

  it("words pairing requests, open links and restores as the product asks", () => {
    expect(en.devices.wantsToPair("Anna's phone")).toBe("Anna's phone wants to pair");
    expect(de.devices.wantsToPair("Annas Handy")).toBe("Annas Handy möchte sich koppeln");
    expect(en.devices.openInvites(1)).toBe("1 pairing link is open");
    expect(en.devices.openInvites(2)).toBe("2 pairing links are open");
    expect(de.devices.openInvites(1)).toBe("1 Kopplungslink ist offen");
    expect(de.devices.openInvites(3)).toBe("3 Kopplungslinks sind offen");
    expect(en.backups.restoreConfirm("2 Dec 2026, 14:03")).toBe(
      "Replace everything in this notebook with the backup of 2 Dec 2026, 14:03? The notebook as it is now is kept as a backup first. Paired devices receive the restored notebook at their next sync.",
    );
    expect(en.backups.restoreLabel("2 Dec 2026, 14:03", "Daily backup")).toBe("Restore the backup of 2 Dec 2026, 14:03 (Daily backup)");
    expect(de.backups.restoreLabel("02.12.2026, 14:03", "")).toBe("Wiederherstellen: Sicherung vom 02.12.2026, 14:03");
  });

  it("puts names into sentences as given", () => {
    expect(en.today.savedAt("Anna Bauer", "Sommerfest")).toBe("Anna Bauer saved and checked in at Sommerfest.");
    expect(de.today.checkedInNotice("<b>x</b>")).toBe("<b>x</b> eingecheckt.");
  });
});

describe("detectLocale", () => {
  it("speaks German to every German variant", () => {
    expect(detectLocale("de")).toBe("de");
    expect(detectLocale("de-AT")).toBe("de");
    expect(detectLocale("de-CH")).toBe("de");
    expect(detectLocale("DE-de")).toBe("de");
  });

  it("speaks English to everyone else", () => {
    expect(detectLocale("fr")).toBe("en");
    expect(detectLocale("en-US")).toBe("en");
    expect(detectLocale("")).toBe("en");
    expect(detectLocale(undefined)).toBe("en");
  });
});

describe("remembering the language", () => {
  it("keeps a switch across restarts, over the browser's language", () => {
    const storage = memoryStorage();
    expect(initialLocale(storage, "fr-FR")).toBe("en");
    saveLocale(storage, "de");
    expect(initialLocale(storage, "fr-FR")).toBe("de");
    saveLocale(storage, "en");
    expect(initialLocale(storage, "de-AT")).toBe("en");
  });

  it("ignores a stored value that is not a language", () => {
    const storage = memoryStorage();
    storage.items.set("handschlag.locale", "klingon");
    expect(storedLocale(storage)).toBeNull();
    expect(initialLocale(storage, "de-DE")).toBe("de");
  });

  it("falls back to the browser's language when storage is blocked", () => {
    const blocked: LocaleStorage = {
      getItem: () => {
        throw new Error("blocked");
      },
      setItem: () => {
        throw new Error("blocked");
      },
    };
    expect(() => saveLocale(blocked, "de")).not.toThrow();
    expect(initialLocale(blocked, "de-AT")).toBe("de");
    expect(initialLocale(undefined, "fr")).toBe("en");
  });
});

describe("sectionLabel", () => {
  it("names each section with its navigation label", () => {
    expect(sectionLabel(en, "follow-ups")).toBe("Follow-ups");
    expect(sectionLabel(de, "deals")).toBe("Aufträge");
    expect(sectionLabel(de, "events")).toBe("Veranstaltungen");
  });
});
