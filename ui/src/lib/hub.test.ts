import { describe, expect, test } from "vitest";
import { phoneAddresses } from "./hub";

describe("phoneAddresses", () => {
  test("keeps network addresses and drops loopback ones", () => {
    expect(phoneAddresses(["192.168.1.20:7878", "10.0.0.5:7878", "127.0.0.1:7878"])).toEqual([
      "192.168.1.20:7878",
      "10.0.0.5:7878",
    ]);
  });

  test("a hub on loopback only has none a phone can dial", () => {
    expect(phoneAddresses(["127.0.0.1:7878", "[::1]:7878", "localhost:7878"])).toEqual([]);
  });

  test("IPv6 network addresses stay", () => {
    expect(phoneAddresses(["[fd00::20]:7878"])).toEqual(["[fd00::20]:7878"]);
  });
});
