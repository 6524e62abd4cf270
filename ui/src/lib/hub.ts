// Which of the hub's addresses to show for phones: a phone on the Wi-Fi cannot dial this
// machine's loopback address, so only network addresses count.

/** The addresses (`host:port`) a phone on the same network can dial. */
export function phoneAddresses(addresses: readonly string[]): string[] {
  return addresses.filter((address) => !isLoopback(address));
}

function isLoopback(address: string): boolean {
  const host = address.replace(/:\d+$/, "").replace(/^\[(.*)\]$/, "$1");
  return host.startsWith("127.") || host === "::1" || host === "localhost";
}
