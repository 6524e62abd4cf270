import { describe, expect, it } from "vitest";
import type { Contact } from "./api/generated/api";
import { conflicts, takeList } from "./duplicates";

function contact(fields: Partial<Contact>): Contact {
  return {
    id: "c1",
    name: "Anna Bauer",
    organization: "",
    role: "",
    phone: "",
    email: "",
    town: "",
    howMet: "online",
    metAtEventId: null,
    referredBy: "",
    notes: "",
    createdAt: 0,
    tags: [],
    metInPerson: false,
    lastMetAt: null,
    ...fields,
  };
}

describe("merging two contacts", () => {
  it("asks only where both have a value and they differ", () => {
    const kept = contact({ town: "Berlin", email: "anna@example.org", phone: "" });
    const other = contact({ name: "anna  BAUER", town: "Musterstadt", email: "anna@example.org", phone: "0171 1234567", howMet: "in-person" });
    expect(conflicts(kept, other)).toEqual(["name", "town", "how-met"]);
  });

  it("takes from the other contact exactly the fields chosen for it", () => {
    expect(takeList({ name: "kept", town: "other", "how-met": "other" })).toEqual(["town", "how-met"]);
    expect(takeList({})).toEqual([]);
  });
});
