// Keeps only the newest of overlapping requests: take a ticket before asking, and use the
// answer only if no newer ticket was taken meanwhile.

export class Ticket {
  private latest = 0;

  /** Takes a new ticket; all earlier ones are now stale. */
  next(): number {
    this.latest += 1;
    return this.latest;
  }

  isCurrent(ticket: number): boolean {
    return ticket === this.latest;
  }
}
