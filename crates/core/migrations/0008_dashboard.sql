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
