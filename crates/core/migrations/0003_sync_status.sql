-- Schema 3: what the Devices screen and search need to know about sync.

-- How far each peer has this device's change feed, so the Devices screen and the sync status
-- can say what is not yet synced. `acked` is this device's lseq up to which the peer is known to
-- hold every change (from the cursor it pulls with, or from a completed push).
ALTER TABLE peer ADD COLUMN acked INTEGER NOT NULL DEFAULT 0;

-- Contacts whose search entry is stale because a write or a merge changed them: both only note
-- them here, and the next search (or the end of a sync) indexes them in one pass, so writes stay
-- cheap and a large sync spends its transactions on the merge alone.
CREATE TABLE search_stale (
    contact BLOB PRIMARY KEY
) STRICT, WITHOUT ROWID;
