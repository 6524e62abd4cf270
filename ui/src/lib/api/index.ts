// Picks the transport once: inside the Tauri window use IPC, in a browser use HTTP.
import { ApiError, createClient } from "./client";
import { httpImportProgress, httpTransport } from "./transports/http";
import {
  recentLogNatively,
  saveFileNatively,
  tauriImportProgress,
  tauriTransport,
  watchOpenedLinksNatively,
} from "./transports/tauri";

const inTauri = typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;

export const call = createClient(inTauri ? tauriTransport : httpTransport);
/** The desktop app's save dialog; a browser downloads instead. */
export const saveNatively = inTauri ? saveFileNatively : null;
/** How far the import under way has come, asked beside the command that holds the notebook. */
export const importProgress = inTauri ? tauriImportProgress : httpImportProgress;
/** The pairing links the system opens the desktop app with; a browser page gets none. */
export const watchOpenedLinks = inTauri ? watchOpenedLinksNatively : null;
/** The desktop app's log; `handschlag serve` logs to the terminal it runs in instead. */
export const recentLog = inTauri ? recentLogNatively : null;
export { ApiError };
