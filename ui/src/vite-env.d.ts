/// <reference types="svelte" />
/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Set by the Tauri CLI while it builds the UI for an app ("android", "ios", "linux" …). */
  readonly TAURI_ENV_PLATFORM?: string;
}
