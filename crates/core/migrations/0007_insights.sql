-- Schema 7: what the insights (insights.rs) read, measured at 50,000 contacts, 200,000
-- check-ins, 2,000 events and 10,000 deals.
--
-- Whether a check-in is retracted, and the event it is at as corrected, are kept on the
-- check-in's own row, so the figures over the meetings read an index instead of probing the
-- tombstones and the corrections for each of 200,000 rows. Both columns are derived, never
-- synced (the feed sends a check-in's recorded columns only), and kept by triggers on every write
-- path — local writes and sync merges alike — whatever the order in which a check-in, its
-- retraction and its correction arrive (a page applies its rows, corrections among them, before
-- its records).
ALTER TABLE checkin ADD COLUMN retracted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE checkin ADD COLUMN current_event BLOB;

CREATE TRIGGER tombstone_retracts_checkin AFTER INSERT ON tombstone BEGIN
    UPDATE checkin SET retracted = 1 WHERE id = NEW.target;
END;
CREATE TRIGGER correction_moves_checkin AFTER INSERT ON checkin_edit BEGIN
    UPDATE checkin SET current_event = NEW.event WHERE id = NEW.id;
END;
CREATE TRIGGER correction_moves_checkin_again AFTER UPDATE OF event ON checkin_edit BEGIN
    UPDATE checkin SET current_event = NEW.event WHERE id = NEW.id;
END;
-- By sync, a check-in can arrive after its retraction or correction. (A new check-in's INSERT
-- sets `current_event` to its recorded event.)
CREATE TRIGGER checkin_arrives_late AFTER INSERT ON checkin
WHEN EXISTS (SELECT 1 FROM tombstone WHERE target = NEW.id)
    OR EXISTS (SELECT 1 FROM checkin_edit WHERE id = NEW.id)
BEGIN
    UPDATE checkin SET
        retracted = EXISTS (SELECT 1 FROM tombstone WHERE target = NEW.id),
        current_event = iif(EXISTS (SELECT 1 FROM checkin_edit WHERE id = NEW.id),
            (SELECT event FROM checkin_edit WHERE id = NEW.id), NEW.event)
    WHERE id = NEW.id;
END;
UPDATE checkin SET
    retracted = EXISTS (SELECT 1 FROM tombstone t WHERE t.target = checkin.id),
    current_event = iif(EXISTS (SELECT 1 FROM checkin_edit x WHERE x.id = checkin.id),
        (SELECT x.event FROM checkin_edit x WHERE x.id = checkin.id), event);

-- Live check-ins with their note and event as corrected. A query that reads no note skips the
-- join (SQLite drops an unused LEFT JOIN on a primary key).
DROP VIEW live_checkin;
CREATE VIEW live_checkin AS
    SELECT k.id, k.contact, k.current_event AS event, k.kind, k.at, k.place,
           iif(x.id IS NULL, k.note, x.note) AS note, k.hlc, k.origin, k.lseq
    FROM checkin k LEFT JOIN checkin_edit x ON x.id = k.id
    WHERE k.retracted = 0;

-- Each contact's live encounters in time order, and an event's check-ins by the event they are
-- at now: both covering what the insights read, so no check-in row is read (a partial index on
-- `retracted = 0` would not cover: SQLite reads the row to check it).
DROP INDEX checkin_by_event;
DROP INDEX checkin_edit_by_event;
CREATE INDEX checkin_by_event ON checkin (current_event, retracted, kind, contact);
CREATE INDEX checkin_live ON checkin (retracted, contact, at, kind, current_event);
-- A contact's won deals, without reading the deal rows (the funnel asks it of every person).
DROP INDEX deal_by_contact;
CREATE INDEX deal_by_contact ON deal (contact, deleted, status, date);

-- Each person's live meetings in brief: the first in person (when, which check-in, at which
-- event), the latest in person, and the first encounter of any kind after the first meeting that
-- was not at its event (when they were followed up). Derived, never synced; one narrow row per
-- person met and no index on it, so a check-in rewrites a few bytes and no further page (an
-- index on `last_at` took the people not followed up from 17 ms to 0.7 ms, but the check-in
-- write from 1.7x to 2.1x a plain INSERT). A check-in after the first meeting moves the row
-- forward; any other change — an earlier or first meeting, a retraction, a moved check-in —
-- recounts the person from `checkin_live`, the same statement in both triggers below.
CREATE TABLE meeting (
    contact       BLOB PRIMARY KEY,
    first_at      INTEGER NOT NULL,
    first_checkin BLOB NOT NULL,
    first_event   BLOB,
    last_at       INTEGER NOT NULL,
    followed_at   INTEGER
) STRICT, WITHOUT ROWID;

CREATE TRIGGER meeting_moves_forward AFTER INSERT ON checkin
WHEN EXISTS (SELECT 1 FROM meeting WHERE contact = NEW.contact AND first_at < NEW.at)
    AND NOT EXISTS (SELECT 1 FROM tombstone WHERE target = NEW.id)
    AND NOT EXISTS (SELECT 1 FROM checkin_edit WHERE id = NEW.id)
BEGIN
    UPDATE meeting SET
        last_at = iif(NEW.kind = 'in-person', max(last_at, NEW.at), last_at),
        followed_at = iif((NEW.current_event IS NULL OR NEW.current_event IS NOT first_event)
            AND (followed_at IS NULL OR NEW.at < followed_at), NEW.at, followed_at)
    WHERE contact = NEW.contact;
END;
CREATE TRIGGER meeting_recounted_on_insert AFTER INSERT ON checkin
WHEN NOT EXISTS (SELECT 1 FROM meeting WHERE contact = NEW.contact AND first_at < NEW.at)
BEGIN
    DELETE FROM meeting WHERE contact = NEW.contact;
    INSERT INTO meeting (contact, first_at, first_checkin, first_event, last_at, followed_at)
    SELECT f.contact, f.at, f.id, f.current_event, (
            SELECT max(l.at) FROM checkin l
            WHERE l.retracted = 0 AND l.kind = 'in-person' AND l.contact = f.contact), (
            SELECT min(n.at) FROM checkin n
            WHERE n.retracted = 0 AND n.contact = f.contact AND n.at > f.at
            AND (n.current_event IS NULL OR n.current_event IS NOT f.current_event))
    FROM checkin f WHERE f.retracted = 0 AND f.kind = 'in-person' AND f.contact = NEW.contact
    ORDER BY f.at, f.id LIMIT 1;
END;
CREATE TRIGGER meeting_recounted_on_change AFTER UPDATE OF retracted, current_event ON checkin
BEGIN
    DELETE FROM meeting WHERE contact = NEW.contact;
    INSERT INTO meeting (contact, first_at, first_checkin, first_event, last_at, followed_at)
    SELECT f.contact, f.at, f.id, f.current_event, (
            SELECT max(l.at) FROM checkin l
            WHERE l.retracted = 0 AND l.kind = 'in-person' AND l.contact = f.contact), (
            SELECT min(n.at) FROM checkin n
            WHERE n.retracted = 0 AND n.contact = f.contact AND n.at > f.at
            AND (n.current_event IS NULL OR n.current_event IS NOT f.current_event))
    FROM checkin f WHERE f.retracted = 0 AND f.kind = 'in-person' AND f.contact = NEW.contact
    ORDER BY f.at, f.id LIMIT 1;
END;
INSERT INTO meeting
    SELECT contact, at, id, current_event, last_at, (
            SELECT min(n.at) FROM checkin n
            WHERE n.retracted = 0 AND n.contact = first.contact AND n.at > first.at
            AND (n.current_event IS NULL OR n.current_event IS NOT first.current_event))
    FROM (
        SELECT contact, at, id, current_event, max(at) OVER (PARTITION BY contact) AS last_at,
            row_number() OVER (PARTITION BY contact ORDER BY at, id) AS n
        FROM checkin WHERE retracted = 0 AND kind = 'in-person') AS first
    WHERE n = 1;

-- "Met only online, in a town where you meet people" reads two index ranges instead of every
-- contact twice; a deal's attribution reads how its contact was met without the contact's row.
-- Both cover what they are read for (not partial: see `checkin_live`).
CREATE INDEX contact_by_town ON contact (met_in_person, deleted, how_met, town, name, id);
CREATE INDEX contact_attribution ON contact (id, how_met, met_at_event, deleted);

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
