import { describe, expect, it } from "vitest";
import { Ticket } from "./ticket";

describe("Ticket", () => {
  it("keeps only the newest ticket current", () => {
    const ticket = new Ticket();
    const first = ticket.next();
    const second = ticket.next();
    expect(ticket.isCurrent(first)).toBe(false);
    expect(ticket.isCurrent(second)).toBe(true);
  });
});
