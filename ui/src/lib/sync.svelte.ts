// Keeps the header's sync status current: asks for the device overview every 10 seconds (every
// half second while a sync runs, for its progress), after every write and when the network comes
// or goes. When a peer's last sync time moves, changes
// may have arrived, so the screens are told to reload.
import { call } from "./api";
import type { DeviceOverview } from "./api/generated/api";
import { dataRevision } from "./revision.svelte";
import { deriveSyncStatus, syncFingerprint, type SyncStatus } from "./sync-status";

const POLL_MS = 10_000;
/** How often the overview is asked for while a sync runs. */
const PROGRESS_MS = 500;

let overview = $state<DeviceOverview | null>(null);
let failure = $state<unknown>(null);
let online = $state(typeof navigator === "undefined" ? true : navigator.onLine);
let asking: Promise<void> | null = null;
/** A refresh was asked for while one was running: ask once more when it ends. */
let askAgain = false;
/** The next quick ask while a sync runs. */
let progressTimer: ReturnType<typeof setTimeout> | undefined;
/** Syncs this window started that have not answered yet. */
let started = 0;

async function ask(): Promise<void> {
  try {
    const answer = await call("device_overview", {});
    const moved = overview !== null && syncFingerprint(answer) !== syncFingerprint(overview);
    overview = answer;
    failure = null;
    if (moved) dataRevision.bump();
    followProgress(answer.syncing !== null);
  } catch (error) {
    failure = error;
  }
}

/** While a sync runs (or one this window started has not answered), asks again soon. */
function followProgress(running: boolean): void {
  clearTimeout(progressTimer);
  if (running || started > 0) progressTimer = setTimeout(() => void sync.refresh(), PROGRESS_MS);
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
  /** Runs a sync this window started, its progress asked for meanwhile; the overview after it. */
  async during<T>(work: Promise<T>): Promise<T> {
    started += 1;
    followProgress(true);
    try {
      return await work;
    } finally {
      started -= 1;
      await sync.refresh();
    }
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
      clearTimeout(progressTimer);
      window.removeEventListener("online", onNetworkChange);
      window.removeEventListener("offline", onNetworkChange);
    };
  },
};
