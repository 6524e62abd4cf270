// Pages of a contact list fetched on demand with limit/offset. A new search or filter starts a
// new generation; answers that belong to an older generation are discarded, so a slow answer to
// "mü" never overwrites the list for "müller".
import type { Contact, ContactPage } from "./api/generated/api";
import { pagesFor, pagesToDrop, type RowRange } from "./virtual-list";

export type FetchPage = (offset: number, limit: number) => Promise<ContactPage>;

/** How many pages beyond the visible ones stay loaded; farther ones are dropped to save memory. */
const KEEP_PAGES = 10;

export class ContactPages {
  readonly pageSize: number;
  private pages = new Map<number, Contact[]>();
  /** Pages from before a refresh, still shown until their fresh copies arrive. */
  private stale = new Map<number, Contact[]>();
  private pending = new Set<number>();
  private generation = 0;
  /** How many contacts match, once the first answer came; null before. */
  total: number | null = null;

  constructor(pageSize: number) {
    this.pageSize = pageSize;
  }

  /** Forgets everything: the query or filters changed. */
  reset(): void {
    this.generation += 1;
    this.pages.clear();
    this.stale.clear();
    this.pending.clear();
    this.total = null;
  }

  /**
   * The same query again after the data changed: every page is fetched anew, but the old rows
   * stay visible (and focusable) until their fresh copies arrive.
   */
  refresh(): void {
    this.generation += 1;
    for (const [page, contacts] of this.pages) this.stale.set(page, contacts);
    this.pages.clear();
    this.pending.clear();
  }

  /** The contact at a row, if its page is loaded (or, during a refresh, was). */
  at(row: number): Contact | undefined {
    const page = Math.floor(row / this.pageSize);
    return (this.pages.get(page) ?? this.stale.get(page))?.[row % this.pageSize];
  }

  /**
   * Fetches the pages the rows need (the first when there are none) that are neither loaded
   * nor on their way, and drops far ones. Resolves once the fetches settled; `changed` runs after each page that still counts.
   */
  async ensure(range: RowRange, fetchPage: FetchPage, changed: () => void): Promise<void> {
    // An empty list shows no rows, yet asking again must still ask: the first page.
    const rows = pagesFor(range, this.pageSize);
    const needed = rows.length > 0 ? rows : [0];
    for (const page of pagesToDrop(this.pages.keys(), needed, KEEP_PAGES)) this.pages.delete(page);
    for (const page of pagesToDrop(this.stale.keys(), needed, KEEP_PAGES)) this.stale.delete(page);
    const missing = needed.filter((page) => !this.pages.has(page) && !this.pending.has(page));
    await Promise.all(missing.map((page) => this.load(page, fetchPage, changed)));
  }

  private async load(page: number, fetchPage: FetchPage, changed: () => void): Promise<void> {
    const generation = this.generation;
    this.pending.add(page);
    try {
      const answer = await fetchPage(page * this.pageSize, this.pageSize);
      if (generation !== this.generation) return;
      this.pages.set(page, answer.contacts);
      this.stale.delete(page);
      this.total = answer.total;
      changed();
    } finally {
      if (generation === this.generation) this.pending.delete(page);
    }
  }
}
