// Choices that outlive a screen while the app is open: the event the Today screen checks people
// in at, and the contact search, so coming back from a contact finds the list as it was left.

export type MetFilter = "all" | "met" | "never";

export const todayChoice = $state<{
  /** The chosen event's id; null for "no event"; undefined until the user chooses. */
  eventId: string | null | undefined;
}>({ eventId: undefined });

export const contactSearch = $state<{ query: string; met: MetFilter; tag: string; town: string }>({
  query: "",
  met: "all",
  tag: "",
  town: "",
});
