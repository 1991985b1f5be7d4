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

  it.each(['8.8.8.8', '172.32.0.1', '93.184.216.34', '2001:4860:4860::8888', '::ffff:8.8.8.8'])('treats %s as public', (address) =>
    expect(isPublicAddress(address)).toBe(true),
  );

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
