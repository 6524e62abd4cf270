// Sums of won orders, one per currency (amounts in different currencies are never added up).
import type { Deal } from "./api/generated/api";

export function wonTotals(deals: readonly Deal[]): { currency: string; cents: number }[] {
  const totals = new Map<string, number>();
  for (const deal of deals) {
    if (deal.status === "won") totals.set(deal.currency, (totals.get(deal.currency) ?? 0) + deal.amountCents);
  }
  return [...totals]
    .map(([currency, cents]) => ({ currency, cents }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
}
