import { describe, expect, it } from 'vitest';
import { addressKey, clientAddressOf } from './client-address';

describe('clientAddressOf', () => {
  it.each([
    // remote, X-Forwarded-For, trusted hops, client
    ['203.0.113.9', undefined, 0, '203.0.113.9'],
    ['203.0.113.9', '198.51.100.1', 0, '203.0.113.9'], // no proxy trusted: the header is the client's word
    ['10.0.0.2', '198.51.100.1', 1, '198.51.100.1'],
    ['10.0.0.2', 'forged, 198.51.100.1', 1, '198.51.100.1'], // an entry the client wrote itself is not believed
    ['10.0.0.2', '198.51.100.1, 10.0.0.1', 2, '198.51.100.1'],
    ['10.0.0.2', '198.51.100.1, 10.0.0.1', 1, '10.0.0.1'],
    ['10.0.0.2', undefined, 1, '10.0.0.2'], // fewer entries than hops: the farthest known
    ['10.0.0.2', '198.51.100.1', 5, '198.51.100.1'],
    ['10.0.0.2', 'not an address', 1, 'unknown'],
    ['10.0.0.2', '2001:db8:1:2:aaaa::1', 1, '2001:db8:1:2::/64'],
  ] as const)('%s with X-Forwarded-For %s and %i trusted hops is %s', (remote, forwarded, hops, client) => {
    expect(clientAddressOf(remote, forwarded, hops)).toBe(client);
  });
});

describe('addressKey', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2:ffff::', '2001:db8:1:2::/64'], // the same /64: one budget
    ['2001:db8:1:3::1', '2001:db8:1:3::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['[2001:db8::1]', '2001:db8:0:0::/64'],
    ['', 'unknown'],
    [undefined, 'unknown'],
    ['300.1.1.1', 'unknown'],
  ])('%s → %s', (raw, key) => expect(addressKey(raw)).toBe(key));
});
