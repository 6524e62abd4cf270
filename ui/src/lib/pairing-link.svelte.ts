// A pairing link that came from outside the Join form — scanned on Today, or a
// `handschlag://pair?…` link the system opened the app with — waits here until the Join form
// takes it: when it opens, or at once when it is already open.
class PairingLinkInbox {
  waiting = $state("");

  put(link: string) {
    this.waiting = link;
  }

  /** The waiting link, once ("" when none). */
  take(): string {
    const link = this.waiting;
    this.waiting = "";
    return link;
  }
}

export const pairingLinkInbox = new PairingLinkInbox();
