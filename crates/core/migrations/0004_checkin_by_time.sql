-- Schema 4: check-ins by when they happened, for "whom I met today" across every event
-- (`checkin_list` with a time range and no event). Without it, one day's check-ins are found by
-- probing every contact's check-ins: ~70 ms at 50,000 contacts and 200,000 check-ins, against
-- well under a millisecond along this index.
CREATE INDEX checkin_by_at ON checkin (at);
