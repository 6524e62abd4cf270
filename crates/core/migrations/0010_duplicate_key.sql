-- Schema 10: what each live contact is recognized by — its folded name, case-folded email and
-- phone number as E.164 (duplicate.rs) — so a contact's page finds its likely duplicates along
-- an index instead of folding every contact (110–180 ms at 50,000 contacts), and the
-- Duplicates list groups keys in SQL. Derived from the contact row: rewritten with a contact's
-- search entries when the search catch-up takes it from `search_stale`. Local, never synced.
CREATE TABLE duplicate_key (
    reason  TEXT NOT NULL,
    key     TEXT NOT NULL,
    contact BLOB NOT NULL,
    PRIMARY KEY (reason, key, contact)
) WITHOUT ROWID;
CREATE INDEX duplicate_key_by_contact ON duplicate_key (contact);

-- Notebooks made by the first schema-1 builds lack the name index (it was added to 0001 in place,
-- after 0002 existed), and their searches failed with "no such table"; it is made here if missing.
CREATE VIRTUAL TABLE IF NOT EXISTS contact_names USING fts5 (
    name,
    tokenize = 'trigram'
);

-- The keys of the contacts already here are made at the next catch-up (which reindexes their
-- search entries too, once, filling the name index where it was just made).
INSERT OR IGNORE INTO search_stale (contact) SELECT id FROM contact WHERE deleted = 0;
