// What the header says about sync, derived from the last device overview: "Synced", "N changes
// waiting" or "Offline". Pure, so every case is tested without a network.
import { ApiError } from "./api/client";
import { READ_COMMANDS } from "./api/generated/api";

/** The part of the device overview the status depends on. */
export interface SyncFacts {
  /** Local changes no paired device has yet. */
  waiting: number;
  /** Pending ones asked to pair and wait for this device's Allow: they cannot sync yet. */
  peers: ReadonlyArray<{ revoked: boolean; pending: boolean; lastSyncAt: number | null }>;
  /** The sync this device runs now: `done` of `all` changes. */
  syncing: { hub: string; done: number; all: number } | null;
}

export type SyncStatus =
  | { kind: "checking" }
  | { kind: "offline" }
  | { kind: "unpaired" }
  | { kind: "unavailable"; message: string }
  | { kind: "syncing"; hub: string; done: number; all: number }
  | { kind: "waiting"; changes: number }
  | { kind: "synced" };

export interface SyncObservation {
  online: boolean;
  overview: SyncFacts | null;
  /** Why the last device_overview failed, or null when it answered. */
  failure: unknown;
}

/**
 * Offline when the browser says so or the core could not be reached at all (a network error
 * rather than an `ApiError`); otherwise what the overview says.
 */
export function deriveSyncStatus({ online, overview, failure }: SyncObservation): SyncStatus {
  if (!online) return { kind: "offline" };
  if (failure !== null) {
    return failure instanceof ApiError ? { kind: "unavailable", message: failure.message } : { kind: "offline" };
  }
  if (overview === null) return { kind: "checking" };
  if (overview.syncing) return { kind: "syncing", ...overview.syncing };
  if (!overview.peers.some((peer) => !peer.revoked && !peer.pending)) return { kind: "unpaired" };
  if (overview.waiting > 0) return { kind: "waiting", changes: overview.waiting };
  return { kind: "synced" };
}

/** How far a sync has come, as a fraction for a percentage (a sync with nothing to move is done). */
export function syncFraction({ done, all }: { done: number; all: number }): number {
  return all === 0 ? 1 : Math.min(done / all, 1);
}

/**
 * A fingerprint of when each peer last synced: when it changes, another device's changes may
 * have arrived and the screens reload.
 */
export function syncFingerprint(overview: SyncFacts | null): string {
  return overview === null ? "" : overview.peers.map((peer) => peer.lastSyncAt ?? 0).join(",");
}

/** Whether a command changes the notebook, so the sync status and the screens must refresh. */
export function isWriteCommand(command: string): boolean {
  return !(READ_COMMANDS as ReadonlySet<string>).has(command);
}
