-- Schema 6: a check-in's note and event can be corrected after the fact. The check-in itself
-- stays insert-only (who, when, how); once its note or event is first corrected, both live in a
-- last-writer-wins row of the same id here, so corrections made on two devices merge field by
-- field like any other edit. Readers take the note and event from here when a row exists.
CREATE TABLE checkin_edit (
    id         BLOB PRIMARY KEY,               -- the check-in's id
    note       TEXT NOT NULL,
    event      BLOB,
    created_at INTEGER NOT NULL,
    deleted    INTEGER NOT NULL,
    clk        BLOB NOT NULL,
    lseq       INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX checkin_edit_by_lseq ON checkin_edit (lseq);
CREATE INDEX checkin_edit_by_event ON checkin_edit (event);

-- Live check-ins with their note and event as corrected.
DROP VIEW live_checkin;
CREATE VIEW live_checkin AS
    SELECT k.id, k.contact, iif(x.id IS NULL, k.event, x.event) AS event, k.kind, k.at, k.place,
           iif(x.id IS NULL, k.note, x.note) AS note, k.hlc, k.origin, k.lseq
    FROM checkin k LEFT JOIN checkin_edit x ON x.id = k.id
    WHERE NOT EXISTS (SELECT 1 FROM tombstone t WHERE t.target = k.id);
