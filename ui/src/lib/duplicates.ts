// Merging two contacts: which fields need the person's choice, and the `take` list the core
// expects (the fields whose value comes from the contact merged away).
import type { Contact, ContactField } from "./api/generated/api";

/** The fields chosen between when merging; the event met at is only ever filled in. */
export const CHOSEN_FIELDS = [
  "name",
  "organization",
  "role",
  "phone",
  "email",
  "town",
  "how-met",
  "referred-by",
  "notes",
] as const satisfies readonly ContactField[];

export type ChosenField = (typeof CHOSEN_FIELDS)[number];

/** Which contact's value a field keeps. */
export type Side = "kept" | "other";

export function fieldValue(contact: Contact, field: ChosenField): string {
  switch (field) {
    case "how-met":
      return contact.howMet;
    case "referred-by":
      return contact.referredBy;
    default:
      return contact[field];
  }
}

/** The fields where both have a value and the values differ: only these need a choice (an
 * empty field takes the other's value by itself). */
export function conflicts(kept: Contact, other: Contact): ChosenField[] {
  return CHOSEN_FIELDS.filter((field) => {
    const [mine, theirs] = [fieldValue(kept, field).trim(), fieldValue(other, field).trim()];
    return mine !== "" && theirs !== "" && mine !== theirs;
  });
}

/** The fields for which the other contact's value was chosen. */
export function takeList(choices: Partial<Record<ChosenField, Side>>): ContactField[] {
  return CHOSEN_FIELDS.filter((field) => choices[field] === "other");
}
