-- Schema 11: the name and word indexes keep no copy of the text (FTS5 contentless tables that
-- can still delete a row). Searches read only their rowids — contact_search keeps the folded
-- text, which the LIKE conditions of short query words read — so a contact's text was stored
-- three times for nothing: dropping the copies makes a sync's indexing ~10% cheaper and the file
-- smaller. Rebuilt empty; every contact is reindexed at the next catch-up.
DROP TABLE contact_names;
DROP TABLE contact_words;
CREATE VIRTUAL TABLE contact_names USING fts5 (
    name,
    tokenize = 'trigram', content = '', contentless_delete = 1
);
CREATE VIRTUAL TABLE contact_words USING fts5 (
    name, organization, town, tags, notes,
    tokenize = 'unicode61', prefix = '1 2', content = '', contentless_delete = 1
);
INSERT OR IGNORE INTO search_stale (contact) SELECT id FROM contact;
