// How many contacts a search cannot find yet: right after a sync brought many, the app indexes
// them in the background, and each search answers with how many still wait (`indexing`). While
// some do, the screens ask again shortly (the data revision goes up), until every one is found.
import { dataRevision } from "./revision.svelte";

/** How long to wait before searching again while contacts are being indexed. */
const ASK_AGAIN_MS = 500;

let waiting = $state(0);
let again: ReturnType<typeof setTimeout> | null = null;

export const searchIndex = {
  /** Contacts the last search said are not yet searchable. */
  get waiting(): number {
    return waiting;
  },
  /** A search answered that `count` contacts still wait to be indexed. */
  heard(count: number): void {
    waiting = count;
    if (count > 0 && again === null) {
      again = setTimeout(() => {
        again = null;
        dataRevision.bump();
      }, ASK_AGAIN_MS);
    }
  },
};
