// The only module that imports @tauri-apps/*: the desktop window reaches the core through the
// shell's `rpc` command, asks its `import_progress` while an import runs, and saves files through
// its `save_file` (the system's save dialog). A rejected invoke carries the core's ApiError
// object as is.
import { invoke } from "@tauri-apps/api/core";
import type { ImportProgress } from "../generated/api";
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
