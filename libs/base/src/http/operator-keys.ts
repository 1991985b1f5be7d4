import { randomBytes } from 'node:crypto';
import { Request } from 'express';
import { z } from 'zod';
import { hashApiKey } from './api-keys';
import { constantTimeEquals } from './bearer-token';
import { ProblemException } from './problem.exception';

/** The header an operator names itself with when it calls with the shared token. */
export const OPERATOR_ID_HEADER = 'X-Operator-Id';

/** An operator id: 1-200 visible ASCII characters, no `:` or `,` (they separate OPERATOR_KEYS' entries). */
const OPERATOR_ID = /^[\x21-\x2b\x2d-\x39\x3b-\x7e]{1,200}$/;
const KEY_HASH = /^[0-9a-f]{64}$/;

/** One entry of OPERATOR_KEYS: an operator and the SHA-256 (hex) of one of its keys. */
export interface OperatorKeyEntry {
  operatorId: string;
  keyHash: string;
}

/**
 * `OPERATOR_KEYS`: each operator's own bearer keys, as `operatorId:sha256hex` entries separated
 * by commas (an operator may have several during a rotation). Only hashes are configured, so the
 * Secret that holds them does not hold the keys. Unset or empty: no named operator keys.
 */
export const OperatorKeysSetting = z
  .string()
  .default('')
  .transform((value, ctx): OperatorKeyEntry[] => {
    const entries: OperatorKeyEntry[] = [];
    const hashes = new Set<string>();
    for (const [index, raw] of value.split(',').entries()) {
      const entry = raw.trim();
      if (!entry) continue;
      const at = entry.lastIndexOf(':');
      const operatorId = entry.slice(0, Math.max(at, 0));
      const keyHash = entry.slice(at + 1).toLowerCase();
      if (at < 0 || !OPERATOR_ID.test(operatorId) || !KEY_HASH.test(keyHash)) {
        ctx.addIssue({
          code: 'custom',
          message: `entry ${index + 1} is not operatorId:sha256hex (an id of 1-200 visible characters without ':' or ',', a 64-digit hex hash)`,
        });
        continue;
      }
      if (hashes.has(keyHash)) {
        ctx.addIssue({ code: 'custom', message: `entry ${index + 1} repeats a key hash: one key names one operator` });
        continue;
      }
      hashes.add(keyHash);
      entries.push({ operatorId, keyHash });
    }
    return entries;
  });

/**
 * An operator as its bearer token proved it: by a key of its own (its id is authenticated), or
 * by the shared ADMIN_API_TOKEN (whoever holds it; an id it sends is only a statement).
 */
export type OperatorCaller =
  | { via: 'operator-key'; operatorId: string }
  | {
      via: 'shared-token';
      /** OPERATOR_KEYS is set: reads that must name who read refuse the shared token. */
      operatorKeysConfigured: boolean;
    };

/** What of a service's configuration says who is an operator. */
interface OperatorSettings {
  ADMIN_API_TOKEN?: unknown;
  OPERATOR_KEYS?: unknown;
}

/** The operator a bearer token belongs to, or undefined when it is no operator's. */
export function operatorCallerOf(token: string, config: object): OperatorCaller | undefined {
  const settings = config as OperatorSettings;
  const keys = Array.isArray(settings.OPERATOR_KEYS) ? (settings.OPERATOR_KEYS as OperatorKeyEntry[]) : [];
  if (keys.length > 0) {
    const hash = hashApiKey(token);
    const entry = keys.find((k) => constantTimeEquals(k.keyHash, hash));
    if (entry) return { via: 'operator-key', operatorId: entry.operatorId };
  }
  const shared = settings.ADMIN_API_TOKEN;
  if (typeof shared === 'string' && shared.length > 0 && constantTimeEquals(token, shared)) {
    return { via: 'shared-token', operatorKeysConfigured: keys.length > 0 };
  }
  return undefined;
}

type RequestWithOperator = Request & { operatorCaller?: OperatorCaller };

/**
 * Puts the operator on the request for what runs after the guard (the access log, records of who
 * acted). A named key's holder may not name another operator: an `X-Operator-Id` that differs
 * from its key's id is refused (403) before anything runs.
 */
export function admitOperator(request: Request, caller: OperatorCaller): void {
  if (caller.via === 'operator-key') {
    const stated = statedOperatorId(request);
    if (stated !== undefined && stated !== caller.operatorId) {
      throw new ProblemException(
        403,
        'forbidden',
        `${OPERATOR_ID_HEADER} names another operator than this key's (${caller.operatorId}); send your own id or none`,
      );
    }
  }
  (request as RequestWithOperator).operatorCaller = caller;
}

/** The operator a guard admitted on this request, if one did. */
export function operatorCallerOn(request: Request): OperatorCaller | undefined {
  return (request as RequestWithOperator).operatorCaller;
}

/**
 * Who acts, for records of who did what: the key's operator when a named key was used, else the
 * `X-Operator-Id` the caller stated (trimmed), else undefined.
 */
export function actingOperatorId(request: Request): string | undefined {
  const caller = operatorCallerOn(request);
  return caller?.via === 'operator-key' ? caller.operatorId : statedOperatorId(request);
}

function statedOperatorId(request: Request): string | undefined {
  const header = request.headers[OPERATOR_ID_HEADER.toLowerCase()];
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  return value ? value : undefined;
}

/** A new operator key and the OPERATOR_KEYS entry that names it (only the hash goes into configuration). */
export function newOperatorKey(operatorId: string): { key: string; entry: string } {
  if (!OPERATOR_ID.test(operatorId)) {
    throw new Error("an operator id is 1-200 visible ASCII characters without ':' or ','");
  }
  const key = `op_${randomBytes(32).toString('base64url')}`;
  return { key, entry: `${operatorId}:${hashApiKey(key)}` };
}
