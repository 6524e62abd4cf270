// Hash routing: every screen has an address like `#/contacts/<id>`, so back/forward and reload
// work in the desktop window and in a browser alike.

export type Route =
  | { screen: "dashboard" }
  | { screen: "today" }
  | { screen: "contacts" }
  | { screen: "contact-new" }
  | { screen: "contact-import" }
  | { screen: "contact-duplicates" }
  | { screen: "contact"; id: string }
  | { screen: "events" }
  | { screen: "event-new" }
  | { screen: "event"; id: string }
  | { screen: "event-edit"; id: string }
  | { screen: "follow-ups" }
  | { screen: "deals" }
  | { screen: "devices" };

/** The places the navigation leads to; every route belongs to one. */
export type Section = "dashboard" | "today" | "contacts" | "events" | "follow-ups" | "deals" | "devices";

/** In navigation order: what it all earned first (on a laptop; a phone reaches it from Deals). */
export const SECTIONS: readonly Section[] = ["dashboard", "today", "contacts", "events", "follow-ups", "deals", "devices"];

/** Reads a route from `location.hash`; anything unknown is the Today screen. */
export function parseRoute(hash: string): Route {
  const parts = hash
    .replace(/^#\/?/, "")
    .split("/")
    .filter((part) => part !== "")
    .map(decodeURIComponent);
  const [first, second, third] = parts;
  switch (first) {
    case "contacts":
      if (second === undefined) return { screen: "contacts" };
      if (second === "new" && parts.length === 2) return { screen: "contact-new" };
      if (second === "import" && parts.length === 2) return { screen: "contact-import" };
      if (second === "duplicates" && parts.length === 2) return { screen: "contact-duplicates" };
      return parts.length === 2 ? { screen: "contact", id: second } : { screen: "today" };
    case "events":
      if (second === undefined) return { screen: "events" };
      if (second === "new" && parts.length === 2) return { screen: "event-new" };
      if (parts.length === 2) return { screen: "event", id: second };
      return third === "edit" && parts.length === 3 ? { screen: "event-edit", id: second } : { screen: "today" };
    case "dashboard":
    case "follow-ups":
    case "deals":
    case "devices":
      return parts.length === 1 ? { screen: first } : { screen: "today" };
    default:
      return { screen: "today" };
  }
}

/** The address of a route, e.g. `#/events/<id>/edit`. */
export function formatRoute(route: Route): string {
  switch (route.screen) {
    case "today":
      return "#/";
    case "contact-new":
      return "#/contacts/new";
    case "contact-import":
      return "#/contacts/import";
    case "contact-duplicates":
      return "#/contacts/duplicates";
    case "contact":
      return `#/contacts/${encodeURIComponent(route.id)}`;
    case "event-new":
      return "#/events/new";
    case "event":
      return `#/events/${encodeURIComponent(route.id)}`;
    case "event-edit":
      return `#/events/${encodeURIComponent(route.id)}/edit`;
    default:
      return `#/${route.screen}`;
  }
}

/** Which navigation entry a route is under. */
export function sectionOf(route: Route): Section {
  switch (route.screen) {
    case "contact-new":
    case "contact-import":
    case "contact-duplicates":
    case "contact":
      return "contacts";
    case "event-new":
    case "event":
    case "event-edit":
      return "events";
    default:
      return route.screen;
  }
}

/** Goes to a route; `replace` keeps the current entry out of the history (e.g. after a delete). */
export function navigate(route: Route, { replace = false } = {}): void {
  const address = formatRoute(route);
  if (replace) location.replace(address);
  else location.hash = address;
}
