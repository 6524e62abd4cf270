import { describe, expect, it } from "vitest";
import { formatRoute, parseRoute, sectionOf, type Route } from "./router";

const ROUTES: [Route, string][] = [
  [{ screen: "today" }, "#/"],
  [{ screen: "contacts" }, "#/contacts"],
  [{ screen: "contact-new" }, "#/contacts/new"],
  [{ screen: "contact-import" }, "#/contacts/import"],
  [{ screen: "contact-duplicates" }, "#/contacts/duplicates"],
  [{ screen: "contact", id: "01a2-b3" }, "#/contacts/01a2-b3"],
  [{ screen: "events" }, "#/events"],
  [{ screen: "event-new" }, "#/events/new"],
  [{ screen: "event", id: "e1" }, "#/events/e1"],
  [{ screen: "event-edit", id: "e1" }, "#/events/e1/edit"],
  [{ screen: "follow-ups" }, "#/follow-ups"],
  [{ screen: "deals" }, "#/deals"],
  [{ screen: "devices" }, "#/devices"],
  [{ screen: "dashboard" }, "#/dashboard"],
];

describe("routes", () => {
  it.each(ROUTES)("%o is written as %s and read back", (route, address) => {
    expect(formatRoute(route)).toBe(address);
    expect(parseRoute(address)).toEqual(route);
  });

  it("reads the empty hash and a bare # as Today", () => {
    expect(parseRoute("")).toEqual({ screen: "today" });
    expect(parseRoute("#")).toEqual({ screen: "today" });
  });

  it("tolerates a missing slash and a trailing one", () => {
    expect(parseRoute("#contacts")).toEqual({ screen: "contacts" });
    expect(parseRoute("#/events/e1/")).toEqual({ screen: "event", id: "e1" });
  });

  it("sends unknown addresses to Today", () => {
    expect(parseRoute("#/nowhere")).toEqual({ screen: "today" });
    expect(parseRoute("#/deals/extra")).toEqual({ screen: "today" });
    expect(parseRoute("#/contacts/a/b")).toEqual({ screen: "today" });
    expect(parseRoute("#/events/e1/delete")).toEqual({ screen: "today" });
  });

  it("escapes ids so any id survives the round trip", () => {
    const route: Route = { screen: "contact", id: "a/b c?" };
    expect(formatRoute(route)).toBe("#/contacts/a%2Fb%20c%3F");
    expect(parseRoute(formatRoute(route))).toEqual(route);
  });

  it("files every route under its navigation section", () => {
    expect(sectionOf({ screen: "contact", id: "x" })).toBe("contacts");
    expect(sectionOf({ screen: "contact-new" })).toBe("contacts");
    expect(sectionOf({ screen: "event-edit", id: "x" })).toBe("events");
    expect(sectionOf({ screen: "event-new" })).toBe("events");
    expect(sectionOf({ screen: "follow-ups" })).toBe("follow-ups");
    expect(sectionOf({ screen: "today" })).toBe("today");
  });
});
