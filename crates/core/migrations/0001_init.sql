-- Handschlag schema 1. Append-only: never edit a shipped migration, add the next file instead.
--
-- Synced tables come in two shapes (see ARCHITECTURE.md, "The write path"):
--   * LWW rows (contact, event, follow_up, deal): every field is a last-writer-wins register;
--     `clk` packs one (hlc u64, device ordinal u16) clock per field, in the field order declared
--     in crates/core/src/table.rs; `deleted` is itself such a field (a tombstone, never removed).
--   * Insert-only records (checkin, element): never updated; removal is a row in `tombstone`.
-- `lseq` is this database's change counter at the row's last local write or winning merge: the
-- change feed for peers is `WHERE lseq > cursor`.
-- References between synced records are soft (no FOREIGN KEY): peers receive rows in lseq
-- order, not causal order, and synced records are never physically removed.

CREATE TABLE replica (
    singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
    device_id   BLOB NOT NULL,                 -- this installation, 16 random bytes
    instance_id BLOB NOT NULL,                 -- new whenever the file is created or restored
    lseq        INTEGER NOT NULL DEFAULT 0,    -- last change counter handed out
    hlc         INTEGER NOT NULL DEFAULT 0     -- last hybrid logical clock handed out
) STRICT;

CREATE TABLE device (
    ord       INTEGER PRIMARY KEY,             -- compact local number used inside `clk`
    device_id BLOB NOT NULL UNIQUE,
    name      TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE contact (
    seq          INTEGER PRIMARY KEY,          -- local row number; the search index's rowid
    id           BLOB NOT NULL UNIQUE,         -- UUIDv7
    name         TEXT NOT NULL,
    organization TEXT NOT NULL,
    role         TEXT NOT NULL,
    phone        TEXT NOT NULL,
    email        TEXT NOT NULL,
    town         TEXT NOT NULL,
    how_met      TEXT NOT NULL,
    met_at_event BLOB,
    referred_by  TEXT NOT NULL,
    notes        TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    deleted      INTEGER NOT NULL,
    clk          BLOB NOT NULL,
    lseq         INTEGER NOT NULL,
    -- Derived and local (not synced, no clock): 1 when a live in-person check-in exists.
    -- Kept by checkin::refresh_met so "never met" filters 50,000 contacts without a join.
    met_in_person INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX contact_by_lseq ON contact (lseq);
CREATE INDEX contact_by_name ON contact (deleted, name COLLATE NOCASE);

CREATE TABLE event (
    id           BLOB PRIMARY KEY,
    title        TEXT NOT NULL,
    kind         TEXT NOT NULL,
    status       TEXT NOT NULL,
    starts_at    INTEGER NOT NULL,             -- UTC milliseconds
    ends_at      INTEGER,
    time_zone    TEXT NOT NULL,                -- IANA zone the event happens in
    place        TEXT NOT NULL,
    organizer    TEXT NOT NULL,
    goal         TEXT NOT NULL,
    contribution TEXT NOT NULL,
    cost_cents   INTEGER NOT NULL,
    currency     TEXT NOT NULL,
    checklist    TEXT NOT NULL,                -- JSON array of {text, done}
    created_at   INTEGER NOT NULL,
    deleted      INTEGER NOT NULL,
    clk          BLOB NOT NULL,
    lseq         INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX event_by_lseq ON event (lseq);
CREATE INDEX event_by_start ON event (starts_at);

CREATE TABLE follow_up (
    id         BLOB PRIMARY KEY,
    contact    BLOB NOT NULL,
    action     TEXT NOT NULL,
    due        TEXT NOT NULL,                  -- calendar date YYYY-MM-DD
    note       TEXT NOT NULL,
    done       INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    deleted    INTEGER NOT NULL,
    clk        BLOB NOT NULL,
    lseq       INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX follow_up_by_lseq ON follow_up (lseq);
CREATE INDEX follow_up_by_due ON follow_up (done, due);
CREATE INDEX follow_up_by_contact ON follow_up (contact);

CREATE TABLE deal (
    id           BLOB PRIMARY KEY,
    contact      BLOB NOT NULL,
    title        TEXT NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents >= 0),
    currency     TEXT NOT NULL,
    status       TEXT NOT NULL,
    date         TEXT NOT NULL,                -- calendar date YYYY-MM-DD
    channel      TEXT,                         -- attribution override; NULL = derived
    event        BLOB,                         -- attribution override; NULL = derived
    created_at   INTEGER NOT NULL,
    deleted      INTEGER NOT NULL,
    clk          BLOB NOT NULL,
    lseq         INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX deal_by_lseq ON deal (lseq);
CREATE INDEX deal_by_contact ON deal (contact);

CREATE TABLE checkin (
    id      BLOB PRIMARY KEY,
    contact BLOB NOT NULL,
    event   BLOB,
    kind    TEXT NOT NULL,
    at      INTEGER NOT NULL,                  -- UTC milliseconds
    place   TEXT NOT NULL,
    note    TEXT NOT NULL,
    hlc     INTEGER NOT NULL,
    origin  INTEGER NOT NULL REFERENCES device (ord),
    lseq    INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX checkin_by_lseq ON checkin (lseq);
CREATE INDEX checkin_by_contact ON checkin (contact, at);
CREATE INDEX checkin_by_event ON checkin (event);

-- Members of add-wins sets: a contact's tags (kind 'tag'), an event's people to meet ('meet').
-- Adding creates an element; removing tombstones the elements the remover saw, so an add made
-- concurrently elsewhere survives.
CREATE TABLE element (
    id     BLOB PRIMARY KEY,
    owner  BLOB NOT NULL,
    kind   TEXT NOT NULL,
    value  TEXT NOT NULL,
    hlc    INTEGER NOT NULL,
    origin INTEGER NOT NULL REFERENCES device (ord),
    lseq   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX element_by_lseq ON element (lseq);
CREATE INDEX element_by_owner ON element (owner, kind);
CREATE INDEX element_by_value ON element (kind, value);

-- Permanent removals of insert-only records: a retracted check-in, a removed set element.
CREATE TABLE tombstone (
    target BLOB PRIMARY KEY,
    hlc    INTEGER NOT NULL,
    origin INTEGER NOT NULL REFERENCES device (ord),
    lseq   INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX tombstone_by_lseq ON tombstone (lseq);

-- Search over contacts: German-folded text (see crates/core/src/search.rs); rowid = contact.seq.
-- Maintained by the write path. Trigrams for substrings of three letters or more (names also
-- alone, to rank name matches first cheaply), and a word index with short prefixes for the
-- first one or two keystrokes.
CREATE VIRTUAL TABLE contact_search USING fts5 (
    name, organization, town, tags, notes,
    tokenize = 'trigram'
);
CREATE VIRTUAL TABLE contact_names USING fts5 (
    name,
    tokenize = 'trigram'
);
CREATE VIRTUAL TABLE contact_words USING fts5 (
    name, organization, town, tags, notes,
    tokenize = 'unicode61', prefix = '1 2'
);

-- What is not tombstoned.
CREATE VIEW live_element AS
    SELECT * FROM element e WHERE NOT EXISTS (SELECT 1 FROM tombstone t WHERE t.target = e.id);
CREATE VIEW live_checkin AS
    SELECT * FROM checkin k WHERE NOT EXISTS (SELECT 1 FROM tombstone t WHERE t.target = k.id);
