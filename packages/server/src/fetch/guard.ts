// Private-address protection for server-side fetches: loopback, private, link-local and metadata addresses are refused
// unless allow-listed, checked on the address actually connected to (so DNS tricks cannot bypass it).
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { Agent } from 'undici';
import type { HostAllowList } from './hosts.ts';

const PRIVATE = new BlockList();
for (const [address, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  PRIVATE.addSubnet(address, prefix, 'ipv4');
}
for (const [address, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['fc00::', 7], // unique local (includes fd00:ec2::254, a metadata address)
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['64:ff9b::', 96], // NAT64 can reach IPv4 private ranges
] as const) {
  PRIVATE.addSubnet(address, prefix, 'ipv6');
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d or ::ffff:xxxx:yyyy), if it is one. */
function mappedIpv4(address: string): string | undefined {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted) return dotted[1];
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return undefined;
  const high = Number.parseInt(hex[1] as string, 16);
  const low = Number.parseInt(hex[2] as string, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** True for loopback, private, link-local, metadata, multicast and other non-public addresses. */
export function isPrivateAddress(address: string): boolean {
  const v4 = mappedIpv4(address) ?? address;
  const family = isIP(v4);
  if (family === 0) return false;
  return PRIVATE.check(v4, family === 4 ? 'ipv4' : 'ipv6');
}

/** Raised (as the cause of a fetch error) when a host resolves to an address that is not allowed. */
export class PrivateAddressError extends Error {
  readonly code = 'PORTICO_PRIVATE_ADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname} resolves to the private address ${address}`);
    this.name = 'PrivateAddressError';
  }
}

/** True when connecting to `address` (reached through `hostname`) is permitted. */
export function addressAllowed(hostname: string, address: string, allow: HostAllowList): boolean {
  return !isPrivateAddress(address) || allow.allows(hostname) || allow.allows(address);
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** An undici Agent whose DNS lookup refuses private addresses that are not allow-listed. */
export function guardedAgent(allow: HostAllowList): Agent {
  const lookup = (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback) => {
    dnsLookup(hostname, { family: options.family ?? 0, all: true }, (error, addresses) => {
      if (error) {
        callback(error, []);
        return;
      }
      const refused = addresses.find((a) => !addressAllowed(hostname, a.address, allow));
      if (refused) {
        callback(new PrivateAddressError(hostname, refused.address) as unknown as NodeJS.ErrnoException, []);
        return;
      }
      const [first] = addresses;
      if (options.all) callback(null, addresses);
      else if (first) callback(null, first.address, first.family);
      else callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
    });
  };
  return new Agent({ connect: { lookup: lookup as never } });
}
