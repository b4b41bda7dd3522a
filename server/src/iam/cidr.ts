import { parseCidr } from './evaluator';

/** An IPv4 or IPv6 range as the IP condition operators read it (IPv4-mapped IPv6 reads as IPv4). */
export type Cidr = NonNullable<ReturnType<typeof parseCidr>>;

/**
 * Ranges a request to a public AWS endpoint never comes from: RFC 1918, loopback and link-local IPv4; unique-local,
 * link-local and loopback IPv6. `aws:SourceIp` holds the public address a request came from (and is absent for
 * requests through a VPC endpoint), so these values never match it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip
 */
const PRIVATE_RANGES: readonly Cidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'].map(
  (text) => parseCidr(text)!,
);

/** The whole range lies inside a private range. */
export function isPrivateRange(cidr: Cidr): boolean {
  return PRIVATE_RANGES.some((p) => p.bits === cidr.bits && cidr.prefix >= p.prefix && network(cidr.address, cidr.bits, p.prefix) === p.address);
}

/** The range with the bits after the prefix cleared: what IAM compares (`203.0.113.7/24` is `203.0.113.0/24`). */
export function networkOf(cidr: Cidr): Cidr {
  return { ...cidr, address: network(cidr.address, cidr.bits, cidr.prefix) };
}

function network(address: bigint, bits: number, prefix: number): bigint {
  const host = BigInt(bits - prefix);
  return (address >> host) << host;
}

/** `203.0.113.0/24`, `2001:db8::/32` (RFC 5952: lower case, the longest run of zero groups compressed). */
export function formatCidr(cidr: Cidr): string {
  const full = cidr.prefix === cidr.bits ? '' : `/${cidr.prefix}`;
  if (cidr.bits === 32) {
    const a = cidr.address;
    return `${[24n, 16n, 8n, 0n].map((s) => String((a >> s) & 0xffn)).join('.')}${full}`;
  }
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => Number((cidr.address >> s) & 0xffffn));
  let best = { at: -1, length: 1 };
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.length) best = { at: i, length: j - i };
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  const text = best.at < 0 ? hex.join(':') : `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.length).join(':')}`;
  return `${text}${full}`;
}
