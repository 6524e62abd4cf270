// The only module that imports @tauri-apps/*: the desktop window reaches the core through the
// shell's `rpc` command, asks its `import_progress` while an import runs, saves files through
// its `save_file` (the system's save dialog), takes the pairing links the system opened the app
// with, and reads the end of the app's log. A rejected invoke carries the core's ApiError
// object as is.
import { invoke } from "@tauri-apps/api/core";
import { listen } from "@tauri-apps/api/event";
import type { AppLog, ImportProgress } from "../generated/api";
import type { Transport } from "../client";

export const tauriTransport: Transport = {
  send: (command, request) => invoke("rpc", { command, request }),
};

/** Saves `contents` where the user picks in the system's save dialog; resolves to the path, or
 * null when the dialog was cancelled. */
export function saveFileNatively(title: string, fileName: string, contents: string): Promise<string | null> {
  return invoke("save_file", { title, fileName, contents });
}

/** How far the import under way has come, or null when none runs. */
export function tauriImportProgress(): Promise<ImportProgress | null> {
  return invoke("import_progress");
}

/** Hands `open` every pairing link the system opened the app with (`handschlag://pair?…`):
 * the one it was started with, and each one opened while it runs. */
export async function watchOpenedLinksNatively(open: (link: string) => void): Promise<void> {
  const take = async () => {
    const links: string[] = await invoke("take_opened_links");
    links.forEach(open);
  };
  await listen("links-opened", () => void take());
  await take();
}

/** The end of the app's log and the folder its files are in. */
export function recentLogNatively(): Promise<AppLog> {
  return invoke("recent_log");
}
