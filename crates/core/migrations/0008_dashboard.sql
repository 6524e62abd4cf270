-- Indexes for the Dashboard and the filters at 50,000 contacts and 20,000 follow-ups; each
-- covers what its query reads, so no table row is read (BENCHMARKS.md, "Insights").

-- The towns of the live contacts (the filters' and the cadence editor's choices): an index
-- range instead of every contact's row.
CREATE INDEX contact_by_town_name ON contact (deleted, town);

-- A contact's follow-ups with when they were made and whether they are done: the funnel, the
-- per-event follow-ups and "not followed up" ask it of every person met.
DROP INDEX follow_up_by_contact;
CREATE INDEX follow_up_by_contact ON follow_up (contact, deleted, created_at, done);

-- The people first met at an event (its "new contacts"). `meeting_moves_forward`, the trigger
-- every later check-in of a person runs, changes no column of it.
CREATE INDEX meeting_by_first_event ON meeting (first_event);

-- The won deals with what revenue sums and groups by, without reading a deal's row.
CREATE INDEX deal_won ON deal (status, deleted, contact, date, currency, amount_cents, channel, event);

-- Who carries a tag, without reading each tag's row: keep in touch reads everyone with a tag
-- that has a cadence. A record's own elements stay found by their owner: with only the index
-- above covering, the planner took it for "this contact's tags" too and read every tag for
-- each contact (indexing 50,000 imported contacts for search: 115 s; with both: 0.1 s).
DROP INDEX element_by_value;
CREATE INDEX element_by_value ON element (kind, value, owner);
DROP INDEX element_by_owner;
CREATE INDEX element_by_owner ON element (owner, kind, value);

-- "Invite them to the next event" lists its people in the order the index holds them.
DROP INDEX contact_by_town;
CREATE INDEX contact_by_town
    ON contact (met_in_person, deleted, how_met, town COLLATE NOCASE, name COLLATE NOCASE, id);

-- The follow-ups that count for an event: made within 30 days of its start, for someone met
-- there in person (a live check-in at it, as corrected). Derived and local like `meeting`, and
-- kept like it by triggers on every path by which a follow-up, a check-in or an event changes —
-- local writes and sync merges, in any order — so the Dashboard counts each event's follow-ups
-- from this table instead of joining every follow-up with every check-in of its person (55 ms
-- at 20,000 follow-ups). A check-in pays only when it is in person at an event: one lookup of
-- its person's follow-ups.
CREATE TABLE event_follow_up (
    event     BLOB NOT NULL,
    follow_up BLOB NOT NULL,
    done      INTEGER NOT NULL,
    PRIMARY KEY (event, follow_up)
) STRICT, WITHOUT ROWID;
CREATE INDEX event_follow_up_by_follow_up ON event_follow_up (follow_up);

-- What `event_follow_up` holds, with what each trigger narrows it by.
CREATE VIEW follow_up_counted AS
    SELECT k.current_event AS event, f.id AS follow_up, f.done, f.contact, k.id AS checkin
    FROM follow_up f
    JOIN checkin k ON k.contact = f.contact AND k.retracted = 0 AND k.kind = 'in-person'
    JOIN event e ON e.id = k.current_event
    WHERE f.deleted = 0 AND f.created_at BETWEEN e.starts_at AND e.starts_at + 30 * 86400000;

CREATE TRIGGER follow_up_counts AFTER INSERT ON follow_up BEGIN
    INSERT OR IGNORE INTO event_follow_up
        SELECT event, follow_up, done FROM follow_up_counted WHERE follow_up = NEW.id;
END;
CREATE TRIGGER follow_up_recounted AFTER UPDATE OF contact, done, created_at, deleted ON follow_up
BEGIN
    DELETE FROM event_follow_up WHERE follow_up = NEW.id;
    INSERT OR IGNORE INTO event_follow_up
        SELECT event, follow_up, done FROM follow_up_counted WHERE follow_up = NEW.id;
END;
CREATE TRIGGER checkin_counts_follow_ups AFTER INSERT ON checkin
WHEN NEW.kind = 'in-person' AND NEW.current_event IS NOT NULL
BEGIN
    INSERT OR IGNORE INTO event_follow_up
        SELECT event, follow_up, done FROM follow_up_counted WHERE checkin = NEW.id;
END;
CREATE TRIGGER checkin_recounts_follow_ups AFTER UPDATE OF retracted, current_event ON checkin
BEGIN
    DELETE FROM event_follow_up
        WHERE follow_up IN (SELECT id FROM follow_up WHERE contact = NEW.contact);
    INSERT OR IGNORE INTO event_follow_up
        SELECT event, follow_up, done FROM follow_up_counted WHERE contact = NEW.contact;
END;
CREATE TRIGGER event_counts_follow_ups AFTER INSERT ON event BEGIN
    INSERT OR IGNORE INTO event_follow_up
        SELECT event, follow_up, done FROM follow_up_counted WHERE event = NEW.id;
END;
CREATE TRIGGER event_recounts_follow_ups AFTER UPDATE OF starts_at ON event BEGIN
    DELETE FROM event_follow_up WHERE event = NEW.id;
    INSERT OR IGNORE INTO event_follow_up
        SELECT event, follow_up, done FROM follow_up_counted WHERE event = NEW.id;
END;
INSERT OR IGNORE INTO event_follow_up SELECT event, follow_up, done FROM follow_up_counted;
