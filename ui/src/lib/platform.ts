// Which build this is. The Tauri CLI sets TAURI_ENV_PLATFORM while it builds the UI for an app
// ("android", "ios", "linux" …); a plain `npm run build` (the desktop app built with cargo, and
// `handschlag serve`) leaves it unset.

/** Whether the UI was built for a phone app: the phone joins a hub and never is one. */
export function isPhoneBuild(platform: string | undefined = import.meta.env.TAURI_ENV_PLATFORM): boolean {
  return platform === "android" || platform === "ios";
}
