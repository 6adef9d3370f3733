// Host allow-lists: exact names, `*.suffix` wildcards, IP literals and CIDR ranges.
import { BlockList, isIP } from 'node:net';

/** Checks hosts against a fixed allow-list; built once, asked for every URL and redirect target. */
export interface HostAllowList {
  allows(hostname: string): boolean;
  readonly entries: readonly string[];
}

/** Strips the brackets of an IPv6 URL hostname and lower-cases names. */
export function normaliseHostname(hostname: string): string {
  const bare = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return bare.toLowerCase().replace(/\.$/, '');
}

/** Builds an allow-list from entries such as `api.example.com`, `*.example.com`, `127.0.0.1`, `10.0.0.0/8`, `::1`. */
export function createHostAllowList(entries: readonly string[]): HostAllowList {
  const names = new Set<string>();
  const suffixes: string[] = [];
  const ranges = new BlockList();
  for (const raw of entries) {
    const entry = normaliseHostname(raw.trim());
    if (entry === '') continue;
    const slash = entry.indexOf('/');
    if (slash > 0) {
      const address = entry.slice(0, slash);
      const prefix = Number(entry.slice(slash + 1));
      const family = isIP(address);
      if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) {
        throw new Error(
          `"${raw}" in the host allow-list is not a valid CIDR range; write it like 10.0.0.0/8 or fd00::/8.`,
        );
      }
      ranges.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    } else if (entry.startsWith('*.')) {
      suffixes.push(entry.slice(1));
    } else {
      names.add(entry);
    }
  }
  return {
    entries: [...entries],
    allows(hostname) {
      const host = normaliseHostname(hostname);
      if (names.has(host)) return true;
      if (suffixes.some((suffix) => host.endsWith(suffix) && host.length > suffix.length)) return true;
      const family = isIP(host);
      return family !== 0 && ranges.check(host, family === 4 ? 'ipv4' : 'ipv6');
    },
  };
}
