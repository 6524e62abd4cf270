// The order form and its one-tap status changes.
import type { Channel, Deal, DealStatus, DealUpdate } from "./api/generated/api";

/** The statuses one tap can move an order to: an open one is won or lost; a closed one reopens. */
export function nextStatuses(status: DealStatus): DealStatus[] {
  return status === "open" ? ["won", "lost"] : ["open"];
}

/** What the order form holds, as typed (amount already read into cents; "" = automatic). */
export interface DealFormValues {
  contactId: string;
  title: string;
  amountCents: number;
  currency: string;
  status: DealStatus;
  date: string;
  channel: Channel | "";
  eventId: string;
}

/**
 * The update that turns `deal` into what the form holds, carrying only what changed. The
 * attribution is sent only when its channel or event changed: both "automatic" sends `{}`, which
 * returns the order to the derived attribution.
 */
export function dealChanges(deal: Deal, form: DealFormValues): DealUpdate {
  const update: DealUpdate = { id: deal.id };
  if (form.contactId !== deal.contactId) update.contactId = form.contactId;
  if (form.title !== deal.title) update.title = form.title;
  if (form.amountCents !== deal.amountCents) update.amountCents = form.amountCents;
  const currency = form.currency.trim().toUpperCase();
  if (currency !== "" && currency !== deal.currency) update.currency = currency;
  if (form.status !== deal.status) update.status = form.status;
  if (form.date !== deal.date) update.date = form.date;
  const before = deal.attribution.overridden
    ? { channel: deal.attribution.channel, eventId: deal.attribution.eventId ?? "" }
    : { channel: "", eventId: "" };
  if (form.channel !== before.channel || form.eventId !== before.eventId) {
    update.attribution = {};
    if (form.channel !== "") update.attribution.channel = form.channel;
    if (form.eventId !== "") update.attribution.eventId = form.eventId;
  }
  return update;
}
