import { describe, expect, it } from 'vitest';
import { type AllowedHost, checkUrl, classifyAddress, parseAllowedHost } from './guard.core';

describe('classifyAddress', () => {
  it.each<[string, string, string | true]>([
    ['a public IPv4 address', '93.184.216.34', true],
    ['a public IPv6 address', '2606:4700:4700::1111', true],
    ['a public IPv6 address in brackets', '[2606:4700:4700::1111]', true],
    ['loopback', '127.0.0.1', 'loopback'],
    ['loopback elsewhere in 127/8', '127.1.2.3', 'loopback'],
    ['IPv6 loopback', '::1', 'loopback'],
    ['the unspecified address', '0.0.0.0', 'unspecified'],
    ['IPv6 unspecified', '::', 'unspecified'],
    ['10/8', '10.1.2.3', 'private'],
    ['172.16/12', '172.31.255.1', 'private'],
    ['192.168/16', '192.168.0.1', 'private'],
    ['cloud metadata (link-local)', '169.254.169.254', 'linkLocal'],
    ['CGNAT 100.64/10', '100.100.100.200', 'carrierGradeNat'],
    ['multicast', '224.0.0.251', 'multicast'],
    ['broadcast', '255.255.255.255', 'broadcast'],
    ['documentation (TEST-NET-3)', '203.0.113.7', 'reserved'],
    ['benchmarking 198.18/15', '198.18.0.1', 'reserved'],
    ['IETF protocol assignments 192.0.0/24', '192.0.0.170', 'reserved'],
    ['class E 240/4', '240.0.0.1', 'reserved'],
    ['IPv6 link-local', 'fe80::1', 'linkLocal'],
    ['IPv6 unique local (ULA)', 'fd00:ec2::254', 'uniqueLocal'],
    ['IPv6 site-local (deprecated)', 'fec0::1', 'deprecatedSiteLocal'],
    ['IPv6 multicast', 'ff02::1', 'multicast'],
    ['IPv6 documentation', '2001:db8::1', 'reserved'],
    ['IPv6 discard-only', '100::1', 'discard'],
    ['IPv6 outside global unicast', '4000::1', 'reserved'],
    ['IPv4-mapped IPv6 of metadata', '::ffff:169.254.169.254', 'ipv4Mapped of linkLocal'],
    ['IPv4-mapped IPv6 of metadata, hex', '::ffff:a9fe:a9fe', 'ipv4Mapped of linkLocal'],
    ['IPv4-mapped IPv6 of loopback', '[::ffff:127.0.0.1]', 'ipv4Mapped of loopback'],
    ['IPv4-mapped IPv6 of a public address', '::ffff:93.184.216.34', true],
    ['IPv4-translated of a private address', '::ffff:0:10.0.0.1', 'rfc6145 of private'],
    ['IPv4-compatible (deprecated)', '::169.254.169.254', 'ipv4Compatible'],
    ['NAT64 of a private address', '64:ff9b::192.168.1.1', 'rfc6052 of private'],
    ['NAT64 of a public address', '64:ff9b::93.184.216.34', true],
    ['local-use NAT64', '64:ff9b:1::1.2.3.4', 'rfc6052 local use'],
    ['6to4 of metadata', '2002:a9fe:a9fe::1', '6to4 of linkLocal'],
    ['6to4 of a public address', '2002:5db8:d822::1', true],
    ['Teredo', '2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
    ['a zone id', 'fe80::1%eth0', 'not an address'],
    ['a name', 'metadata.google.internal', 'not an address'],
    ['an IPv4 address in decimal', '2852039166', 'not an address'],
  ])('%s (%s)', (_name, address, expected) => {
    expect(classifyAddress(address)).toEqual(expected === true ? { public: true } : { public: false, range: expected });
  });
});

describe('checkUrl', () => {
  const allow: AllowedHost[] = [{ host: '127.0.0.1' }, { host: 'lookup.demo', port: 4105 }];
  it.each<[string, string, string | 'allowed' | 'checked at connect']>([
    ['https to a name', 'https://crm.volt.example/lookup?store=1', 'checked at connect'],
    ['https to a public address', 'https://93.184.216.34/lookup', 'checked at connect'],
    ['http to a public name', 'http://crm.volt.example/lookup', 'the backend calls https URLs only (an operator can allow a host in OUTBOUND_ALLOW_HOSTS)'],
    ['another scheme', 'ftp://crm.volt.example/', 'the backend calls https URLs, not ftp'],
    ['not a URL', 'crm.volt.example/lookup', 'it is not a URL'],
    ['credentials', 'https://user:pw@crm.volt.example/', 'it carries a user name or password'],
    ['loopback', 'https://127.0.0.2/', '127.0.0.2 is not a public address (loopback)'],
    ['localhost', 'https://localhost:8443/', 'localhost is this machine, not a public host'],
    ['a name under localhost', 'https://crm.localhost/', 'crm.localhost is this machine, not a public host'],
    ['cloud metadata', 'https://169.254.169.254/latest/meta-data/', '169.254.169.254 is not a public address (linkLocal)'],
    ['cloud metadata in decimal', 'https://2852039166/', '169.254.169.254 is not a public address (linkLocal)'],
    ['cloud metadata in hex', 'https://0xa9.0xfe.0xa9.0xfe/', '169.254.169.254 is not a public address (linkLocal)'],
    ['IPv4-mapped IPv6 of metadata', 'https://[::ffff:169.254.169.254]/', '[::ffff:a9fe:a9fe] is not a public address (ipv4Mapped of linkLocal)'],
    ['IPv6 loopback', 'https://[::1]/', '[::1] is not a public address (loopback)'],
    ['a private address', 'https://10.0.0.5/', '10.0.0.5 is not a public address (private)'],
    ['an allowed host, any port, http', 'http://127.0.0.1:43123/lookup', 'allowed'],
    ['an allowed host and port', 'http://lookup.demo:4105/', 'allowed'],
    ['an allowed host on another port', 'http://lookup.demo:4106/', 'the backend calls https URLs only (an operator can allow a host in OUTBOUND_ALLOW_HOSTS)'],
    ['an allowed host with credentials', 'http://u:p@127.0.0.1/', 'it carries a user name or password'],
  ])('%s: %s', (_name, url, expected) => {
    const verdict = checkUrl(url, allow);
    if (expected === 'allowed') expect(verdict).toEqual({ ok: true, allowed: true });
    else if (expected === 'checked at connect') expect(verdict).toEqual({ ok: true, allowed: false });
    else expect(verdict).toEqual({ ok: false, reason: expected });
  });
});

describe('parseAllowedHost', () => {
  it.each<[string, AllowedHost | null]>([
    ['127.0.0.1', { host: '127.0.0.1' }],
    ['localhost:4105', { host: 'localhost', port: 4105 }],
    [' Lookup.Demo:80 ', { host: 'lookup.demo', port: 80 }],
    ['[::1]:8080', { host: '[::1]', port: 8080 }],
    ['http://x', null],
    ['a/b', null],
    ['u@host', null],
    ['host:99999', null],
    ['', null],
  ])('%s', (entry, expected) => expect(parseAllowedHost(entry)).toEqual(expected));
});
