import { describe, expect, it } from "vitest";
import { ApiError } from "./api/client";
import apiSource from "./api/generated/api.ts?raw";
import { deriveSyncStatus, isWriteCommand, syncFingerprint, syncFraction, type SyncFacts } from "./sync-status";

const phone = { revoked: false, pending: false, lastSyncAt: 1_000 };
const lostPhone = { revoked: true, pending: false, lastSyncAt: 500 };
const askingPhone = { revoked: false, pending: true, lastSyncAt: null };

/** Every command of the generated API, in the order ApiSchema declares them. */
const COMMANDS = [...apiSource.slice(apiSource.indexOf("export type ApiSchema")).matchAll(/^ {2}([a-z_]+): \[/gm)].map(
  (match) => match[1],
);

function overview(waiting: number, peers: SyncFacts["peers"] = [phone]): SyncFacts {
  return { waiting, peers, syncing: null };
}

describe("deriveSyncStatus", () => {
  it("is Synced when paired and nothing waits", () => {
    expect(deriveSyncStatus({ online: true, overview: overview(0), failure: null })).toEqual({ kind: "synced" });
  });

  it("counts the changes that wait", () => {
    expect(deriveSyncStatus({ online: true, overview: overview(3), failure: null })).toEqual({
      kind: "waiting",
      changes: 3,
    });
  });

  it("says how far a sync under way has come, before anything else the overview says", () => {
    const syncing = { hub: "Laptop", done: 1_500, all: 6_000 };
    expect(deriveSyncStatus({ online: true, overview: { ...overview(4), syncing }, failure: null })).toEqual({
      kind: "syncing",
      hub: "Laptop",
      done: 1_500,
      all: 6_000,
    });
    expect(syncFraction(syncing)).toBe(0.25);
    expect(syncFraction({ done: 0, all: 0 }), "nothing to move is done").toBe(1);
    expect(syncFraction({ done: 7, all: 5 })).toBe(1);
  });

  it("is Offline when the browser is offline, whatever the last overview said", () => {
    expect(deriveSyncStatus({ online: false, overview: overview(0), failure: null })).toEqual({ kind: "offline" });
  });

  it("is Offline when the core could not be reached", () => {
    const failure = new TypeError("Failed to fetch");
    expect(deriveSyncStatus({ online: true, overview: overview(0), failure })).toEqual({ kind: "offline" });
  });

  it("reports an answer from the core that is an error as unavailable, with its message", () => {
    const failure = new ApiError("storage", "the database is locked; close other copies of the app");
    expect(deriveSyncStatus({ online: true, overview: null, failure })).toEqual({
      kind: "unavailable",
      message: "the database is locked; close other copies of the app",
    });
  });

  it("says Not paired when no device, or only revoked ones, are paired", () => {
    expect(deriveSyncStatus({ online: true, overview: overview(0, []), failure: null })).toEqual({ kind: "unpaired" });
    expect(deriveSyncStatus({ online: true, overview: overview(7, [lostPhone]), failure: null })).toEqual({
      kind: "unpaired",
    });
  });

  it("says Not paired while the only other device still waits for Allow", () => {
    expect(deriveSyncStatus({ online: true, overview: overview(2, [askingPhone]), failure: null })).toEqual({
      kind: "unpaired",
    });
    expect(deriveSyncStatus({ online: true, overview: overview(2, [askingPhone, phone]), failure: null })).toEqual({
      kind: "waiting",
      changes: 2,
    });
  });

  it("is still checking before the first answer", () => {
    expect(deriveSyncStatus({ online: true, overview: null, failure: null })).toEqual({ kind: "checking" });
  });
});

describe("syncFingerprint", () => {
  it("changes when a peer synced again", () => {
    const before = syncFingerprint(overview(0, [phone, lostPhone]));
    const after = syncFingerprint(overview(0, [{ ...phone, lastSyncAt: 2_000 }, lostPhone]));
    expect(after).not.toBe(before);
    expect(syncFingerprint(overview(5, [phone, lostPhone]))).toBe(before);
  });
});

describe("isWriteCommand", () => {
  it("tells writes from reads", () => {
    for (const write of ["contact_create", "checkin_create", "follow_up_snooze", "deal_update", "device_rename", "sync_now"]) {
      expect(isWriteCommand(write)).toBe(true);
    }
    for (const read of [
      "contact_list",
      "contact_get",
      "event_list",
      "device_overview",
      "deal_list",
      "checkin_list",
      "follow_up_calendar",
    ]) {
      expect(isWriteCommand(read)).toBe(false);
    }
  });

  it("lists backup_list as a read and the backup, restore, allow, refuse and cancel commands as writes", () => {
    expect(isWriteCommand("backup_list")).toBe(false);
    for (const write of ["backup_create", "backup_restore", "device_allow", "device_refuse", "pairing_cancel", "pairing_invite"]) {
      expect(isWriteCommand(write)).toBe(true);
    }
  });

  it("takes the reads from the generated API: every command named as a read is one, and no other (one missing would make the screens reload forever)", () => {
    expect(COMMANDS).toContain("contact_create");
    expect(COMMANDS).toContain("sync_now");
    const reads = COMMANDS.filter((command) => /_(get|list|resolve|calendar|export|overview)$/.test(command));
    expect(reads.filter(isWriteCommand)).toEqual([]);
    // And nothing else is taken for a read.
    expect(COMMANDS.filter((command) => !isWriteCommand(command))).toEqual(reads);
  });
});
