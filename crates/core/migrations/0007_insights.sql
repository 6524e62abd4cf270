-- Schema 7: indexes for the insights (insights.rs), measured at 50,000 contacts, 200,000
-- check-ins, 2,000 events and 10,000 deals:
-- * each contact's first in-person meeting (the funnel, new contacts at an event, the deals'
--   attribution) is read along this covering index instead of from every check-in row:
--   0.45 s → 0.055 s for the GROUP BY over every in-person check-in;
-- * "met only online, in a town where you meet people" reads two small index ranges instead of
--   every contact twice: 0.04 s → under 1 ms.
CREATE INDEX checkin_by_kind ON checkin (kind, contact, at, event);
CREATE INDEX contact_by_town ON contact (met_in_person, how_met, town) WHERE deleted = 0 AND town <> '';

-- Keep in touch: how often to meet a contact, or anyone with a tag. A last-writer-wins row per
-- contact (the contact's id) or per tag (an id derived from the tag, so the same tag's cadence
-- set on two devices is one row), merged field by field like any other. Clearing deletes it.
-- What is due is computed from the check-ins, never stored.
CREATE TABLE cadence (
    id         BLOB PRIMARY KEY,               -- the contact's id, or cadence::tag_id(tag)
    tag        TEXT,                           -- the tag of a tag's default; NULL for a contact's own
    kind       TEXT NOT NULL,                  -- which encounters count: 'in-person' or 'any'
    days       INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    deleted    INTEGER NOT NULL,
    clk        BLOB NOT NULL,
    lseq       INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX cadence_by_lseq ON cadence (lseq);

-- Search folds more letters than schema 6 did (ł, ı, ø, æ, œ, đ, ð, þ: search.rs `fold`), so
-- every contact is indexed again by the next search.
INSERT OR IGNORE INTO search_stale (contact) SELECT id FROM contact;
