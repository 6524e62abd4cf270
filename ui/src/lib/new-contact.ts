// A new contact with just a name and what the caller adds; every other text field empty.
import type { ContactCreate } from "./api/generated/api";

export function contactNamed(name: string, extra: Partial<ContactCreate> = {}): ContactCreate {
  return {
    name,
    organization: "",
    role: "",
    phone: "",
    email: "",
    town: "",
    referredBy: "",
    notes: "",
    tags: [],
    metNow: false,
    ...extra,
  };
}
