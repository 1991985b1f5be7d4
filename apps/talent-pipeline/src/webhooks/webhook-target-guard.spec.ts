import { LookupAddress } from 'node:dns';
import { isPublicAddress, nonPublicTargetReason, publicOnlyLookup } from './webhook-target-guard';

describe('webhook target guard', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.20.0.5',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
  ])('treats %s as non-public', (address) => expect(isPublicAddress(address)).toBe(false));

  // Special-purpose ranges that are never routed on the Internet, so a webhook URL has no reason
  // to reach one, but a private network may use them (request-filtering-agent refuses them too;
  // docs/decisions/0048).
  it.each([
    '192.0.2.10',
    '198.51.100.7',
    '203.0.113.99',
    '192.88.99.1',
    '2001:2::1',
    '2001:10::1',
    '2001:20::1',
    '3fff::1',
    '5f00::1',
    '::ffff:203.0.113.99',
    '64:ff9b::c000:20a',
  ])('treats the special-purpose address %s as non-public', (address) => expect(isPublicAddress(address)).toBe(false));

  it.each(['8.8.8.8', '172.32.0.1', '93.184.216.34', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('treats %s as public', (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );

  describe('IPv6 addresses that wrap an IPv4 address are judged by the address they wrap', () => {
    it.each([
      ['NAT64 of loopback', '64:ff9b::127.0.0.1'],
      ['NAT64 of 10.0.0.1 in hex', '64:ff9b::a00:1'],
      ['NAT64 of cloud metadata', '64:ff9b::a9fe:a9fe'],
      ['NAT64 local-use prefix of 192.168.1.1', '64:ff9b:1::c0a8:101'],
      ['6to4 of 10.0.0.1', '2002:a00:1::1'],
      ['6to4 of 127.0.0.1', '2002:7f00:1::'],
      ['6to4 of 169.254.169.254', '2002:a9fe:a9fe:0:0:0:0:1'],
      ['IPv4-mapped loopback in hex', '::ffff:7f00:1'],
      ['IPv4-mapped 172.16.0.1 written out in full', '0:0:0:0:0:ffff:ac10:1'],
      ['IPv4-mapped private in upper case', '::FFFF:192.168.0.1'],
      ['IPv4-compatible loopback', '::127.0.0.1'],
      ['Teredo (its IPv4 is obfuscated)', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
      ['site-local', 'fec0::1'],
      ['a zone-scoped link-local', 'fe80::1%eth0'],
    ])('refuses %s (%s)', (_case, address) => expect(isPublicAddress(address)).toBe(false));

    it.each([
      ['NAT64 of 8.8.8.8', '64:ff9b::808:808'],
      ['6to4 of 8.8.8.8', '2002:808:808::1'],
      ['IPv4-mapped 8.8.8.8 in hex', '::ffff:808:808'],
      ['a global unicast address', '2a00:1450:4001:82b::200e'],
    ])('allows %s (%s)', (_case, address) => expect(isPublicAddress(address)).toBe(true));

    it('refuses malformed addresses', () => {
      for (const address of ['64:ff9b::1::1', '2002:zzzz::1', '1:2:3:4:5:6:7:8:9', 'not-an-ip'])
        expect(isPublicAddress(address)).toBe(false);
    });

    it('refuses URLs whose host is a transition address of a private IPv4', () => {
      expect(nonPublicTargetReason('http://[64:ff9b::10.0.0.1]/hooks')).toContain('not a public address');
      expect(nonPublicTargetReason('http://[2002:a00:1::1]:8080/hooks')).toContain('not a public address');
      expect(nonPublicTargetReason('http://[::ffff:127.0.0.1]/hooks')).toContain('not a public address');
      expect(nonPublicTargetReason('http://[64:ff9b::8.8.8.8]/hooks')).toBeUndefined();
    });
  });

  it('refuses URLs naming this machine or a non-public address, and allows public names', () => {
    expect(nonPublicTargetReason('http://localhost:8080/hooks')).toContain('this machine');
    expect(nonPublicTargetReason('http://api.localhost/hooks')).toContain('this machine');
    expect(nonPublicTargetReason('http://127.0.0.1:3001/hooks')).toContain('not a public address');
    expect(nonPublicTargetReason('http://[::1]:3001/hooks')).toContain('not a public address');
    expect(nonPublicTargetReason('http://169.254.169.254/latest/meta-data')).toContain('not a public address');
    expect(nonPublicTargetReason('https://placement-office.example-school.edu/hooks')).toBeUndefined();
    expect(nonPublicTargetReason('https://8.8.8.8/hooks')).toBeUndefined();
  });

  it('fails a connection lookup whose name resolves to a loopback address', async () => {
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => publicOnlyLookup('localhost', {}, (e) => resolve(e)));
    expect(error?.code).toBe('ENOTPUBLIC');
    expect(error?.message).toMatch(/localhost resolves to (127\.0\.0\.1|::1), not a public address/);
  });

  it('answers like dns.lookup for a name that resolves publicly (an IP literal resolves to itself)', async () => {
    const one = await new Promise<[unknown, unknown, unknown]>((resolve) =>
      publicOnlyLookup('8.8.8.8', {}, (e, a, f) => resolve([e, a, f])),
    );
    expect(one).toEqual([null, '8.8.8.8', 4]);
    const all = await new Promise<LookupAddress[]>((resolve) =>
      publicOnlyLookup('8.8.8.8', { all: true }, (_e, a) => resolve(a as LookupAddress[])),
    );
    expect(all).toEqual([{ address: '8.8.8.8', family: 4 }]);
  });
});
