-- Schema 5: a device that redeemed a pairing link waits until the hub's owner has compared the
-- 6-digit code on both screens and allowed it; until then it is refused like an unpaired one.
-- Devices paired before this schema were paired under the old rules and stay allowed.
ALTER TABLE peer ADD COLUMN pending INTEGER NOT NULL DEFAULT 0;
