// Picks the transport once: inside the Tauri window use IPC, in a browser use HTTP.
import { ApiError, createClient } from "./client";
import { httpImportProgress, httpTransport } from "./transports/http";
import { saveFileNatively, tauriImportProgress, tauriTransport } from "./transports/tauri";

const inTauri = typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;

export const call = createClient(inTauri ? tauriTransport : httpTransport);
/** The desktop app's save dialog; a browser downloads instead. */
export const saveNatively = inTauri ? saveFileNatively : null;
/** How far the import under way has come, asked beside the command that holds the notebook. */
export const importProgress = inTauri ? tauriImportProgress : httpImportProgress;
export { ApiError };
