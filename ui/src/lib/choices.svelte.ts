// Choices that outlive a screen: the event the Today screen checks people in at (kept on this
// device across reloads and restarts), and the contact search while the app is open, so coming
// back from a contact finds the list as it was left.
import { loadChoice, saveChoice, type KeptChoice } from "./today-event";

export type MetFilter = "all" | "met" | "never";

function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === "undefined" ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

let kept = $state<KeptChoice | null>(loadChoice(browserStorage()));

export const todayChoice = {
  /** The kept event choice; null until one is chosen or pre-selected once begun. */
  get kept(): KeptChoice | null {
    return kept;
  },
  keep(choice: KeptChoice): void {
    kept = choice;
    saveChoice(browserStorage(), choice);
  },
};

export const contactSearch = $state<{ query: string; met: MetFilter; tag: string; town: string }>({
  query: "",
  met: "all",
  tag: "",
  town: "",
});
