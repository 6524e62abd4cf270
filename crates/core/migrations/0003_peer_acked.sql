-- Schema 3: how far each peer has this device's change feed, so the Devices screen and the
-- sync status can say what is not yet synced. `acked` is this device's lseq up to which the peer
-- is known to hold every change (from the cursor it pulls with, or from a completed push).
ALTER TABLE peer ADD COLUMN acked INTEGER NOT NULL DEFAULT 0;
