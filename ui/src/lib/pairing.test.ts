import { describe, expect, it } from "vitest";
import { deviceRole, formatShortCode, joinedHub, newRequests, splitPeers, waitingIds } from "./pairing";

const laptop = { id: "a1", pending: false, dialed: true };
const phone = { id: "b2", pending: true, dialed: false };
const tablet = { id: "c3", pending: true, dialed: false };
const lostPhone = { id: "d4", pending: false, dialed: false };

describe("formatShortCode", () => {
  it("groups the six digits in threes, as the code is read aloud", () => {
    expect(formatShortCode("482913")).toBe("482 913");
    expect(formatShortCode("004217")).toBe("004 217");
  });

  it("leaves anything that is not six digits as it is", () => {
    expect(formatShortCode("12345")).toBe("12345");
    expect(formatShortCode("482 913")).toBe("482 913");
  });
});

describe("splitPeers", () => {
  it("keeps the devices waiting for Allow apart from the paired and revoked ones, in order", () => {
    expect(splitPeers([laptop, phone, lostPhone, tablet])).toEqual({
      waiting: [phone, tablet],
      paired: [laptop, lostPhone],
    });
    expect(splitPeers([])).toEqual({ waiting: [], paired: [] });
  });
});

describe("newRequests", () => {
  it("finds the devices that asked to pair after the code was shown", () => {
    const before = waitingIds([laptop, phone]);
    expect([...before]).toEqual(["b2"]);
    expect(newRequests([laptop, phone, tablet], before)).toEqual([tablet]);
  });

  it("forgets a request once it is allowed or refused", () => {
    const before = waitingIds([laptop]);
    expect(newRequests([laptop, { ...tablet, pending: false }], before)).toEqual([]);
    expect(newRequests([laptop], before)).toEqual([]);
  });
});

describe("joinedHub", () => {
  it("is the hub the join added", () => {
    const hub = { id: "e5", pending: false, dialed: true };
    expect(joinedHub([laptop], [laptop, hub])).toEqual(hub);
  });

  it("is the only hub this device dials when the join renewed a known one", () => {
    expect(joinedHub([laptop, lostPhone], [laptop, lostPhone])).toEqual(laptop);
  });

  it("cannot tell among several known hubs", () => {
    const other = { id: "f6", pending: false, dialed: true };
    expect(joinedHub([laptop, other], [laptop, other])).toBeNull();
    expect(joinedHub([], [])).toBeNull();
  });
});

describe("deviceRole", () => {
  const named = (peer: typeof laptop, name: string, revoked = false) => ({ ...peer, name, revoked });
  const overview = (hubRunning: boolean, hubAddresses: string[], peers: ReturnType<typeof named>[]) => ({
    hubRunning,
    hubAddresses,
    peers,
  });

  it("says a device that dials a hub joins it, by the hub's name", () => {
    expect(deviceRole(overview(false, [], [named(laptop, "Laptop")]))).toEqual({ kind: "joins", hub: "Laptop" });
  });

  it("calls a device the hub while its hub runs, reachable only at a network address", () => {
    expect(deviceRole(overview(true, ["192.168.1.20:7878"], [named(phone, "Phone")]))).toEqual({ kind: "hub", reachable: true });
    expect(deviceRole(overview(true, ["127.0.0.1:7878", "[::1]:7878"], []))).toEqual({ kind: "hub", reachable: false });
  });

  it("does not count a revoked hub; without a hub it is on its own", () => {
    expect(deviceRole(overview(false, [], [named(laptop, "Old laptop", true), named(lostPhone, "Lost")]))).toEqual({ kind: "alone" });
  });
});
