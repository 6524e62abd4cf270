// Sums of won orders, one per currency (amounts in different currencies are never added up).
import type { Deal, DealStatus } from "./api/generated/api";

export function wonTotals(deals: readonly Deal[]): { currency: string; cents: number }[] {
  const totals = new Map<string, number>();
  for (const deal of deals) {
    if (deal.status === "won") totals.set(deal.currency, (totals.get(deal.currency) ?? 0) + deal.amountCents);
  }
  return [...totals]
    .map(([currency, cents]) => ({ currency, cents }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

/** The statuses one tap can move an order to: an open one is won or lost; a closed one reopens. */
export function nextStatuses(status: DealStatus): DealStatus[] {
  return status === "open" ? ["won", "lost"] : ["open"];
}
