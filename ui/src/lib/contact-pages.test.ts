import { describe, expect, it } from "vitest";
import type { Contact, ContactPage } from "./api/generated/api";
import { ContactPages, type FetchPage } from "./contact-pages";

function contact(index: number): Contact {
  return {
    id: `c${index}`,
    name: `Contact ${index}`,
    organization: "",
    role: "",
    phone: "",
    email: "",
    town: "",
    howMet: "online",
    metAtEventId: null,
    referredBy: "",
    notes: "",
    tags: [],
    metInPerson: false,
    lastMetAt: null,
    createdAt: 0,
  };
}

/** A fake contact_list over `total` contacts whose answers arrive only when released. */
function slowList(total: number) {
  const asked: { offset: number; limit: number; release: () => void }[] = [];
  const fetchPage: FetchPage = (offset, limit) =>
    new Promise<ContactPage>((resolve) => {
      const contacts = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => contact(offset + i));
      asked.push({ offset, limit, release: () => resolve({ contacts, total, indexing: 0 }) });
    });
  return { fetchPage, asked };
}

describe("ContactPages", () => {
  it("fetches the pages a range needs with limit and offset", async () => {
    const pages = new ContactPages(100);
    const list = slowList(50_000);
    const done = pages.ensure({ start: 95, end: 114 }, list.fetchPage, () => {});
    expect(list.asked.map(({ offset, limit }) => [offset, limit])).toEqual([
      [0, 100],
      [100, 100],
    ]);
    list.asked.forEach((request) => request.release());
    await done;
    expect(pages.total).toBe(50_000);
    expect(pages.at(95)?.name).toBe("Contact 95");
    expect(pages.at(113)?.id).toBe("c113");
    expect(pages.at(250)).toBeUndefined();
  });

  it("does not ask twice for a page that is loaded or on its way", async () => {
    const pages = new ContactPages(100);
    const list = slowList(1_000);
    const first = pages.ensure({ start: 0, end: 20 }, list.fetchPage, () => {});
    const second = pages.ensure({ start: 5, end: 30 }, list.fetchPage, () => {});
    expect(list.asked).toHaveLength(1);
    list.asked[0].release();
    await Promise.all([first, second]);
    await pages.ensure({ start: 10, end: 40 }, list.fetchPage, () => {});
    expect(list.asked).toHaveLength(1);
  });

  it("discards an answer that arrives after the filter changed", async () => {
    const pages = new ContactPages(100);
    const old = slowList(5_000);
    let changes = 0;
    const stale = pages.ensure({ start: 0, end: 10 }, old.fetchPage, () => (changes += 1));
    pages.reset();
    const fresh = slowList(3);
    const current = pages.ensure({ start: 0, end: 10 }, fresh.fetchPage, () => (changes += 1));
    fresh.asked[0].release();
    await current;
    old.asked[0].release();
    await stale;
    expect(changes).toBe(1);
    expect(pages.total).toBe(3);
    expect(pages.at(0)?.id).toBe("c0");
    expect(pages.at(3)).toBeUndefined();
  });

  it("drops pages far from the visible ones and fetches them again when needed", async () => {
    const pages = new ContactPages(10);
    const list = slowList(10_000);
    const load = async (start: number) => {
      const done = pages.ensure({ start, end: start + 5 }, list.fetchPage, () => {});
      list.asked.forEach((request) => request.release());
      await done;
    };
    await load(0);
    await load(5_000);
    expect(pages.at(0)).toBeUndefined();
    expect(pages.at(5_000)?.id).toBe("c5000");
    await load(0);
    expect(list.asked.filter((request) => request.offset === 0)).toHaveLength(2);
  });

  it("lets a failed page be asked for again", async () => {
    const pages = new ContactPages(100);
    let fail = true;
    const fetchPage: FetchPage = async (offset, limit) => {
      if (fail) throw new TypeError("Failed to fetch");
      return { contacts: Array.from({ length: limit }, (_, i) => contact(offset + i)), total: 100, indexing: 0 };
    };
    await expect(pages.ensure({ start: 0, end: 5 }, fetchPage, () => {})).rejects.toThrow("Failed to fetch");
    fail = false;
    await pages.ensure({ start: 0, end: 5 }, fetchPage, () => {});
    expect(pages.at(4)?.id).toBe("c4");
  });
});

describe("ContactPages.refresh", () => {
  it("keeps showing the old rows until the fresh page arrives", async () => {
    const pages = new ContactPages(100);
    const before = slowList(10);
    const first = pages.ensure({ start: 0, end: 10 }, before.fetchPage, () => {});
    before.asked[0].release();
    await first;

    pages.refresh();
    expect(pages.at(3)?.id).toBe("c3");
    const after = slowList(4);
    const again = pages.ensure({ start: 0, end: 10 }, after.fetchPage, () => {});
    expect(after.asked).toHaveLength(1);
    after.asked[0].release();
    await again;
    expect(pages.total).toBe(4);
    expect(pages.at(3)?.id).toBe("c3");
    expect(pages.at(5)).toBeUndefined();
  });

  it("asks again for a list that was empty: a search that found nobody may find someone now", async () => {
    const pages = new ContactPages(100);
    const nobody = slowList(0);
    const first = pages.ensure({ start: 0, end: 100 }, nobody.fetchPage, () => {});
    nobody.asked[0].release();
    await first;
    expect(pages.total).toBe(0);

    pages.refresh();
    const someone = slowList(1);
    // An empty list shows no rows, so the visible range is empty.
    const again = pages.ensure({ start: 0, end: 0 }, someone.fetchPage, () => {});
    expect(someone.asked.map(({ offset }) => offset)).toEqual([0]);
    someone.asked[0].release();
    await again;
    expect(pages.total).toBe(1);
  });
});
