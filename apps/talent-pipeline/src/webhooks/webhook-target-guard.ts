import { lookup as dnsLookup, LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Schools choose their webhook URLs, so without a guard a subscription could make the
 * platform POST to its own network: the Mongo or Kafka ports, a cloud metadata endpoint, a
 * Kubernetes service. Unless private targets are explicitly allowed (local development and
 * tests), a URL must name a public host, checked when the subscription is saved and again at
 * every connection, on the addresses DNS actually returned (so a name that later resolves to
 * an internal address is refused too).
 */
const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1): never routed publicly, sometimes inside
  ['192.88.99.0', 24], // former 6to4 relay anycast (deprecated, RFC 7526)
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard-only
  ['2001::', 32], // Teredo: the client's IPv4 address is obfuscated inside, so it cannot be checked
  ['2001:2::', 48], // benchmarking
  ['2001:10::', 28], // ORCHID (deprecated)
  ['2001:20::', 28], // ORCHIDv2: overlay identifiers, not routable
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
  ['5f00::', 16], // SRv6 segment identifiers (RFC 9602): meaningful only inside an operator's network
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed by some stacks)
  ['ff00::', 8], // multicast
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/**
 * IPv6 ranges that carry an IPv4 address; a gateway or the host's own stack turns a
 * connection to one into a connection to that IPv4 address, so it is judged by the IPv4
 * address it wraps (a NAT64 or 6to4 address of 10.0.0.1 reaches 10.0.0.1).
 */
const IPV4_CARRIERS: { prefix: number[]; prefixBits: number; v4Offset: number }[] = [
  { prefix: [0, 0, 0, 0, 0, 0xffff], prefixBits: 96, v4Offset: 12 }, // IPv4-mapped ::ffff:0:0/96
  { prefix: [0, 0, 0, 0, 0, 0], prefixBits: 96, v4Offset: 12 }, // IPv4-compatible ::/96 (deprecated)
  { prefix: [0x64, 0xff9b, 0, 0, 0, 0], prefixBits: 96, v4Offset: 12 }, // NAT64 well-known 64:ff9b::/96
  { prefix: [0x64, 0xff9b, 1], prefixBits: 48, v4Offset: 12 }, // NAT64 local-use 64:ff9b:1::/48 (RFC 8215)
  { prefix: [0x2002], prefixBits: 16, v4Offset: 2 }, // 6to4 2002::/16
];

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !NON_PUBLIC.check(address, 'ipv4');
  if (family !== 6) return false;
  const bytes = ipv6Bytes(address);
  if (!bytes) return false;
  const wrapped = wrappedIpv4(bytes);
  if (wrapped) return isPublicAddress(wrapped);
  return !NON_PUBLIC.check(address.replace(/%.*$/, ''), 'ipv6');
}

function wrappedIpv4(bytes: number[]): string | undefined {
  for (const carrier of IPV4_CARRIERS) {
    const groups = carrier.prefixBits / 16;
    const matches = carrier.prefix.every((group, i) => i >= groups || (bytes[2 * i] << 8) + bytes[2 * i + 1] === group);
    if (matches) return bytes.slice(carrier.v4Offset, carrier.v4Offset + 4).join('.');
  }
  return undefined;
}

/** The 16 bytes of a textual IPv6 address (with `::`, a trailing dotted quad or a zone), or undefined. */
function ipv6Bytes(address: string): number[] | undefined {
  let text = address.replace(/%.*$/, '').toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':') : [];
  const tailGroups = tail ? tail.split(':') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...tailGroups];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

/** Why a URL may not receive webhooks (by its host as written), or undefined if it may. */
export function nonPublicTargetReason(url: string): string | undefined {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is this machine`;
  if (isIP(host) && !isPublicAddress(host)) return `${host} is not a public address`;
  return undefined;
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `dns.lookup` for outgoing webhook connections that fails when the name resolves to any
 * non-public address. Connections to IP literals skip lookups; nonPublicTargetReason covers those.
 */
export function publicOnlyLookup(hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, []);
    const internal = addresses.find((a) => !isPublicAddress(a.address));
    if (internal) {
      const refused = Object.assign(new Error(`${hostname} resolves to ${internal.address}, not a public address`), { code: 'ENOTPUBLIC' });
      return callback(refused, []);
    }
    if ((options as LookupAllOptions).all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}
