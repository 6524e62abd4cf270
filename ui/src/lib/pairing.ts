// Pairing as the Devices screen shows it: the 6-digit code in two groups of three, the devices
// waiting for this one's Allow kept apart from the paired ones, the requests that arrived while
// a pairing code was shown, the hub a join just asked, and whether this device is the hub or joins
// one. Pure, so each case is tested.
import { phoneAddresses } from "./hub";

interface PeerFacts {
  id: string;
  pending: boolean;
  dialed: boolean;
}

/** "482913" → "482 913", as both devices show it; anything else as it is. */
export function formatShortCode(code: string): string {
  return /^\d{6}$/.test(code) ? `${code.slice(0, 3)} ${code.slice(3)}` : code;
}

/** The devices waiting to be allowed, and the others (paired or revoked), each in list order. */
export function splitPeers<T extends PeerFacts>(peers: readonly T[]): { waiting: T[]; paired: T[] } {
  return {
    waiting: peers.filter((peer) => peer.pending),
    paired: peers.filter((peer) => !peer.pending),
  };
}

/** The ids of the devices waiting now, to tell later which requests are new. */
export function waitingIds(peers: readonly PeerFacts[]): Set<string> {
  return new Set(peers.filter((peer) => peer.pending).map((peer) => peer.id));
}

/** The devices that asked to pair since `before` (the ids that were already waiting then). */
export function newRequests<T extends PeerFacts>(peers: readonly T[], before: ReadonlySet<string>): T[] {
  return peers.filter((peer) => peer.pending && !before.has(peer.id));
}

/**
 * The hub a join just asked to pair: the hub this device dials that was not known before the
 * join, or, when the join renewed a known hub, the only hub it dials. Null when it cannot tell.
 */
export function joinedHub<T extends PeerFacts>(before: readonly PeerFacts[], after: readonly T[]): T | null {
  const known = new Set(before.map((peer) => peer.id));
  const hubs = after.filter((peer) => peer.dialed);
  const added = hubs.filter((peer) => !known.has(peer.id));
  if (added.length === 1) return added[0];
  return hubs.length === 1 ? hubs[0] : null;
}

/** What this device is in the user's network, in the words the Devices screen uses. */
export type DeviceRole = { kind: "joins"; hub: string } | { kind: "hub"; reachable: boolean } | { kind: "alone" };

interface OverviewFacts {
  hubRunning: boolean;
  hubAddresses: readonly string[];
  peers: readonly (PeerFacts & { name: string; revoked: boolean })[];
}

/**
 * A device that dials a hub joins it (a phone); otherwise a device whose hub runs is the hub —
 * reachable only when a phone on the network can dial one of its addresses; otherwise it is
 * on its own.
 */
export function deviceRole(overview: OverviewFacts): DeviceRole {
  const hub = overview.peers.find((peer) => peer.dialed && !peer.revoked && !peer.pending);
  if (hub) return { kind: "joins", hub: hub.name };
  if (overview.hubRunning) return { kind: "hub", reachable: phoneAddresses(overview.hubAddresses).length > 0 };
  return { kind: "alone" };
}
