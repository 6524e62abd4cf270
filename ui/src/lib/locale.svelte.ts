// The language the UI speaks right now: reactive, remembered in localStorage, and mirrored in
// `<html lang>` so screen readers and hyphenation follow it.
import { initialLocale, messages, saveLocale, type Locale, type Messages } from "./i18n";

function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

function mirrorToDocument(locale: Locale): void {
  if (typeof document !== "undefined") document.documentElement.lang = locale;
}

const startLocale = initialLocale(browserStorage(), typeof navigator === "undefined" ? undefined : navigator.language);
let current = $state<Locale>(startLocale);
mirrorToDocument(startLocale);

export const i18n = {
  get locale(): Locale {
    return current;
  },
  /** The messages in the current language. */
  get t(): Messages {
    return messages[current];
  },
  switchTo(locale: Locale): void {
    current = locale;
    saveLocale(browserStorage(), locale);
    mirrorToDocument(locale);
  },
};
