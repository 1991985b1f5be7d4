import { Request } from 'express';
import { FixedWindowRateLimiter } from './fixed-window-rate-limiter';
import { rateLimitKeyOf } from './rate-limit.middleware';

describe('FixedWindowRateLimiter', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => (now = 1_000_000));

  it('allows up to the limit in a window, then refuses with the seconds left until the window ends', () => {
    const limiter = new FixedWindowRateLimiter(3, 60_000, clock);
    expect([1, 2, 3].map(() => limiter.check('a').allowed)).toEqual([true, true, true]);
    now += 15_000;
    expect(limiter.check('a')).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 45 });
  });

  it('counts each client on its own', () => {
    const limiter = new FixedWindowRateLimiter(1, 60_000, clock);
    expect(limiter.check('a').allowed).toBe(true);
    expect(limiter.check('b').allowed).toBe(true);
    expect(limiter.check('a').allowed).toBe(false);
  });

  it('starts a fresh window once the old one has passed', () => {
    const limiter = new FixedWindowRateLimiter(1, 60_000, clock);
    limiter.check('a');
    expect(limiter.check('a').allowed).toBe(false);
    now += 60_000;
    expect(limiter.check('a')).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('forgets idle clients, so memory does not grow with every address ever seen', () => {
    const limiter = new FixedWindowRateLimiter(5, 1_000, clock);
    for (let i = 0; i < 1_000; i++) limiter.check(`client-${i}`);
    expect(limiter.trackedClients).toBe(1_000);
    now += 2_000;
    limiter.check('late');
    expect(limiter.trackedClients).toBe(1);
  });
});

describe('rateLimitKeyOf', () => {
  const request = (headers: Record<string, string>, ip = '203.0.113.7') => ({ headers, ip, socket: {} }) as unknown as Request;

  it('keys a request by its credential, hashed', () => {
    const key = rateLimitKeyOf(request({ authorization: 'Bearer sk_school_secret' }));
    expect(key).toMatch(/^credential:/);
    expect(key).not.toContain('sk_school_secret');
    expect(rateLimitKeyOf(request({ authorization: 'Bearer sk_school_secret' }, '198.51.100.1'))).toBe(key);
  });

  it('keys an ERP request by the enterprise it names and its address, and others by address', () => {
    expect(rateLimitKeyOf(request({ 'x-enterprise-id': 'e-1' }))).toBe('erp:e-1@203.0.113.7');
    expect(rateLimitKeyOf(request({ 'x-enterprise-id': 'e-1' }, '198.51.100.1'))).toBe('erp:e-1@198.51.100.1');
    expect(rateLimitKeyOf(request({}))).toBe('address:203.0.113.7');
  });
});
