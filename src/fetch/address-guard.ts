import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import ipaddr from 'ipaddr.js';

/** Which resolved addresses may be connected to. `true` = any, for tests and the demo only. */
export type PrivateAddressPolicy = boolean | ((address: string) => boolean);

/** The ipaddr.js range name when the address is not a public unicast address, else null. */
export function nonPublicRange(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address);
  } catch {
    return 'unparseable';
  }
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    // An IPv4 address wrapped in IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it is.
    if (v6.isIPv4MappedAddress()) return nonPublicRange(v6.toIPv4Address().toString());
    const range = v6.range();
    return range === 'unicast' ? null : range;
  }
  const range = ip.range();
  return range === 'unicast' ? null : range;
}

export function isAllowedAddress(address: string, policy: PrivateAddressPolicy): boolean {
  if (policy === true) return true;
  if (nonPublicRange(address) === null) return true;
  return typeof policy === 'function' && policy(address);
}

export class AddressRefused extends Error {
  override name = 'AddressRefused';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`${host} resolves to ${address} (${range})`);
    (this as { code?: string }).code = 'EADDRREFUSED';
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A dns.lookup for the HTTP agent that refuses non-public addresses at connect time, so a redirect or a
 * DNS answer that changes between check and connect (rebinding) cannot reach an internal service.
 */
export function guardedLookup(policy: PrivateAddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '');
      const list = addresses;
      const refused = list.find((a) => !isAllowedAddress(a.address, policy));
      if (refused)
        return callback(
          new AddressRefused(hostname, refused.address, nonPublicRange(refused.address) ?? 'private'),
          '',
        );
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
}

/**
 * The range of a host that is plainly not on the public internet, before anything is looked up: an IP
 * literal outside public unicast, or localhost and names below it. Null otherwise (a name that resolves
 * to a private address is refused at connect time by guardedLookup).
 */
export function nonPublicHostname(hostname: string): string | null {
  const literal = literalAddressOf(hostname);
  if (literal) return nonPublicRange(literal);
  return /(?:^|\.)localhost\.?$/i.test(hostname) ? 'loopback' : null;
}

/** A host that is an IP literal is never looked up, so it is checked here before connecting. */
export function literalAddressOf(hostname: string): string | null {
  const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  return ipaddr.isValid(bare) ? bare : null;
}
