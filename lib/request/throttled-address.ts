import { isIPv4, isIPv6 } from 'node:net';

const IPV4_MAPPED = '::ffff:';

/**
 * What an IP's failed lookups are counted under: one IPv6 client usually holds a whole /64 (its
 * interface ids are free to pick, so counting each address would give it 2^64 budgets), and a
 * dual-stack socket shows an IPv4 client as `::ffff:a.b.c.d`. An address with an IPv4 tail
 * otherwise (NAT64, where the /64 is the gateway's) and anything else count as written.
 */
export function throttledAddressOf(ip: string): string {
  if (ip.toLowerCase().startsWith(IPV4_MAPPED) && isIPv4(ip.slice(IPV4_MAPPED.length))) {
    return ip.slice(IPV4_MAPPED.length);
  }
  const address = ip.split('%')[0];
  if (!isIPv6(address) || address.includes('.')) return ip;
  const [head, tail] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const prefix = [...left, ...zeros, ...right].slice(0, 4);
  return `${prefix.map((group) => parseInt(group, 16).toString(16)).join(':')}::/64`;
}
