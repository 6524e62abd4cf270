// Keeps the header's sync status current: asks for the device overview every 10 seconds, after
// every write and when the network comes or goes. When a peer's last sync time moves, changes
// may have arrived, so the screens are told to reload.
import { call } from "./api";
import type { DeviceOverview } from "./api/generated/api";
import { dataRevision } from "./revision.svelte";
import { deriveSyncStatus, syncFingerprint, type SyncStatus } from "./sync-status";

const POLL_MS = 10_000;

let overview = $state<DeviceOverview | null>(null);
let failure = $state<unknown>(null);
let online = $state(typeof navigator === "undefined" ? true : navigator.onLine);
let asking: Promise<void> | null = null;
/** A refresh was asked for while one was running: ask once more when it ends. */
let askAgain = false;

async function ask(): Promise<void> {
  try {
    const answer = await call("device_overview", {});
    const moved = overview !== null && syncFingerprint(answer) !== syncFingerprint(overview);
    overview = answer;
    failure = null;
    if (moved) dataRevision.bump();
  } catch (error) {
    failure = error;
  }
}

export const sync = {
  get status(): SyncStatus {
    return deriveSyncStatus({ online, overview, failure });
  },
  /** The last answer, for the Devices screen. */
  get overview(): DeviceOverview | null {
    return overview;
  },
  /** Asks again now; while a request runs, one more follows it, so a write is never missed. */
  refresh(): Promise<void> {
    if (asking) {
      askAgain = true;
      return asking;
    }
    asking = ask().finally(() => {
      asking = null;
      if (askAgain) {
        askAgain = false;
        void sync.refresh();
      }
    });
    return asking;
  },
  /** Takes a fresh overview another command already answered with. */
  accept(answer: DeviceOverview): void {
    overview = answer;
    failure = null;
  },
  /** Starts polling; returns the function that stops it. */
  start(): () => void {
    const onNetworkChange = () => {
      online = navigator.onLine;
      void sync.refresh();
    };
    const timer = setInterval(() => {
      if (!document.hidden) void sync.refresh();
    }, POLL_MS);
    window.addEventListener("online", onNetworkChange);
    window.addEventListener("offline", onNetworkChange);
    void sync.refresh();
    return () => {
      clearInterval(timer);
      window.removeEventListener("online", onNetworkChange);
      window.removeEventListener("offline", onNetworkChange);
    };
  },
};
