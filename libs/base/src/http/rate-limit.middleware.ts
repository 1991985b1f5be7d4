import { createHash } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';
import { FixedWindowRateLimiter } from './fixed-window-rate-limiter';

/** Probes, metrics and the API document stay reachable for the platform's own tooling. */
const EXEMPT = /^\/(health\/|metrics$|docs)/;

/**
 * The client a request counts against: its credential when it presents one (a bearer token
 * or API key, hashed, so a key never sits in memory in clear), otherwise its address. An
 * ERP's signed request counts against the enterprise it names and its address, so a forged
 * header cannot use up another enterprise's allowance from elsewhere.
 */
export function rateLimitKeyOf(request: Request): string {
  const authorization = request.headers.authorization;
  if (authorization) return `credential:${createHash('sha256').update(authorization).digest('base64url')}`;
  const enterprise = request.headers['x-enterprise-id'];
  const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
  if (typeof enterprise === 'string' && enterprise) return `erp:${enterprise.slice(0, 64)}@${address}`;
  return `address:${address}`;
}

/**
 * 429 problem+json with Retry-After once a client exceeds its allowance in the current
 * window; every answer carries RateLimit-Limit / RateLimit-Remaining / RateLimit-Reset.
 * Runs before the body is read, so a limited client costs no parsing.
 */
export function rateLimitMiddleware(limiter: FixedWindowRateLimiter) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (EXEMPT.test(request.path)) return next();
    const decision = limiter.check(rateLimitKeyOf(request));
    response.setHeader('RateLimit-Limit', String(decision.limit));
    response.setHeader('RateLimit-Remaining', String(decision.remaining));
    response.setHeader('RateLimit-Reset', String(decision.resetSeconds));
    if (decision.allowed) return next();
    response.setHeader('Retry-After', String(decision.resetSeconds));
    response
      .status(429)
      .type('application/problem+json')
      .json({
        type: 'about:blank',
        status: 429,
        title: 'too many requests',
        detail: `at most ${decision.limit} requests per window; retry after ${decision.resetSeconds} s`,
        instance: request.originalUrl,
      });
  };
}
