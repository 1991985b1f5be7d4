import { randomBytes } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { Logger } from '@nestjs/common';
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

const LAST_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What an operator may do besides the operator routes every operator reaches (replays, lag and
 * outbox checks, partner registration, key issuance): for now one permission, to receive
 * students' and teachers' personal data (ADR 0078). A future OIDC guard maps its claims to these.
 */
export const OPERATOR_PERMISSIONS = ['read-personal-data'] as const;
export type OperatorPermission = (typeof OPERATOR_PERMISSIONS)[number];

/**
 * The field an OPERATOR_KEYS entry ends with to withhold `read-personal-data` from its key. A
 * restriction, not a grant, so entries written before it keep every permission; a word, never a
 * day, so it cannot be taken for the last-day field; plain lowercase ASCII, so a Secret holds it.
 */
export const NO_PERSONAL_DATA = 'no-personal-data';

/** One entry of OPERATOR_KEYS: an operator, the SHA-256 (hex) of one of its keys, and when the key stops working. */
export interface OperatorKeyEntry {
  operatorId: string;
  keyHash: string;
  /** The first instant the key is refused (the day after its last day, 00:00 UTC); absent: no end. */
  expiresAt?: Date;
  /** The entry ends with `no-personal-data`: the key may not receive students' or teachers' personal data. */
  noPersonalData?: true;
}

const ENTRY_SYNTAX = `operatorId:sha256hex[:YYYY-MM-DD][:${NO_PERSONAL_DATA}]`;

/**
 * `OPERATOR_KEYS`: each operator's own bearer keys, as `operatorId:sha256hex` entries separated
 * by commas (an operator may have several during a rotation), each optionally with the last day
 * it works (`operatorId:sha256hex:YYYY-MM-DD`, UTC) and then `:no-personal-data` for a key that
 * may do every operator thing except receive students' or teachers' personal data (support and
 * on-call staff: `alice:<hash>:no-personal-data`, `bob:<hash>:2027-03-31:no-personal-data`).
 * Only hashes are configured, so the Secret that holds them does not hold the keys. Unset or
 * empty: no named operator keys. Any other field stops the service at start, naming the entry.
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
      const [operatorId = '', rawHash = '', ...optional] = entry.split(':');
      const keyHash = rawHash.toLowerCase();
      const noPersonalData = optional[optional.length - 1] === NO_PERSONAL_DATA;
      const days = noPersonalData ? optional.slice(0, -1) : optional;
      const expiresAt = days.length === 0 ? undefined : dayAfter(days[0]);
      if (!OPERATOR_ID.test(operatorId) || !KEY_HASH.test(keyHash) || days.length > 1 || expiresAt === null) {
        ctx.addIssue({
          code: 'custom',
          message: `entry ${index + 1} is not ${ENTRY_SYNTAX} (an id of 1-200 visible characters without ':' or ',', a 64-digit hex hash, the key's last day, the key's restriction)`,
        });
        continue;
      }
      if (hashes.has(keyHash)) {
        ctx.addIssue({ code: 'custom', message: `entry ${index + 1} repeats a key hash: one key names one operator` });
        continue;
      }
      hashes.add(keyHash);
      entries.push({ operatorId, keyHash, ...(expiresAt ? { expiresAt } : {}), ...(noPersonalData ? { noPersonalData } : {}) });
    }
    return entries;
  });

/** 00:00 UTC of the day after `day` (YYYY-MM-DD), or null when it is no calendar day. */
function dayAfter(day: string): Date | null {
  const start = new Date(`${day}T00:00:00.000Z`);
  if (!LAST_DAY.test(day) || Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== day) return null;
  return new Date(start.getTime() + 86_400_000);
}

/**
 * An operator as its bearer token proved it: by a key of its own (its id is authenticated), or
 * by the shared ADMIN_API_TOKEN (whoever holds it; an id it sends is only a statement), with
 * what it may do. Whatever else admits an operator later (an OIDC guard) produces the same.
 */
export type OperatorCaller =
  | { via: 'operator-key'; operatorId: string; permissions: readonly OperatorPermission[] }
  | {
      via: 'shared-token';
      /** OPERATOR_KEYS is set: reads that must name who read refuse the shared token. */
      operatorKeysConfigured: boolean;
      /** Every permission: what keeps the shared token from personal data is attribution (ADR 0073), not a permission. */
      permissions: readonly OperatorPermission[];
    };

/** What an OPERATOR_KEYS entry's key may do: every permission, less what the entry withholds. */
export function permissionsOf(entry: OperatorKeyEntry): OperatorPermission[] {
  return OPERATOR_PERMISSIONS.filter((permission) => !(permission === 'read-personal-data' && entry.noPersonalData));
}

/** Why a key may not receive personal data (the 403's detail). */
export const NO_PERSONAL_DATA_DETAIL = 'this operator key may not read personal data';

/**
 * Refuses (403) an operator whose credential lacks `read-personal-data`, before anything is read,
 * changed or logged: on a read of personal data, and on a write whose answer is a person's record
 * (`'write'`: the answer would hand over what the read is refused, ADR 0078 addendum), and on a
 * route that answers with a partner's or a person's API key (`'key'`: the key would read, as its
 * holder, what the operator is refused, second addendum). Undefined
 * (no operator on the request: a school's, a teacher's call) passes: the route's own guard decides those.
 */
export function assertOperatorMayReadPersonalData(caller: OperatorCaller | undefined, on: 'read' | 'write' | 'key' = 'read'): void {
  if (caller && !caller.permissions.includes('read-personal-data')) {
    const why = {
      read: '',
      write: ", and this write answers with a person's record",
      key: ', and this route answers with an API key that reads personal data as its holder',
    }[on];
    throw new ProblemException(
      403,
      'forbidden',
      `${NO_PERSONAL_DATA_DETAIL} (its OPERATOR_KEYS entry ends with :${NO_PERSONAL_DATA})${why}; ask an operator whose key may`,
    );
  }
}

/** What of a service's configuration says who is an operator. */
interface OperatorSettings {
  ADMIN_API_TOKEN?: unknown;
  OPERATOR_KEYS?: unknown;
  OPERATOR_KEYS_FILE?: unknown;
}

/** How often a keys file is looked at again (a stat, on an operator's request). */
export const OPERATOR_KEYS_FILE_RECHECK_MS = 5_000;

/**
 * OPERATOR_KEYS_FILE: the same entries in a file (a Kubernetes Secret mounted as a volume), read
 * again when it changes, so an entry added or removed works on every replica within seconds of
 * the file, without a restart. A file that is not there holds no keys (the Secret is optional);
 * one that no longer parses keeps the keys read last, and says so in the log.
 */
export class OperatorKeysFile {
  private static readonly logger = new Logger('OperatorKeysFile');
  private entries: OperatorKeyEntry[] = [];
  private stamp = '';
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly path: string) {}

  /** The entries as the file held them at the last look; looks again when the last look is older than the recheck interval. */
  current(nowMs = Date.now()): OperatorKeyEntry[] {
    if (nowMs - this.checkedAt >= OPERATOR_KEYS_FILE_RECHECK_MS) {
      this.checkedAt = nowMs;
      this.reload();
    }
    return this.entries;
  }

  private reload(): void {
    let stamp: string;
    try {
      const stat = statSync(this.path);
      stamp = `${stat.ino}:${stat.mtimeMs}:${stat.size}`;
    } catch {
      if (this.stamp !== 'absent') OperatorKeysFile.logger.warn(`${this.path} is not there: no operator keys from it`);
      this.entries = [];
      this.stamp = 'absent';
      return;
    }
    if (stamp === this.stamp) return;
    const parsed = parseOperatorKeysFile(this.path);
    if (!parsed.ok) {
      OperatorKeysFile.logger.error(`${this.path} was not read: ${parsed.error}; the keys read before stay`);
      return;
    }
    this.entries = parsed.entries;
    this.stamp = stamp;
    OperatorKeysFile.logger.log(`${this.path} read: ${this.entries.length} operator key(s)`);
  }
}

/** The entries of a keys file (commas or line breaks between them), or why it does not parse. */
export function parseOperatorKeysFile(path: string): { ok: true; entries: OperatorKeyEntry[] } | { ok: false; error: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: true, entries: [] };
    return { ok: false, error: (error as Error).message };
  }
  const result = OperatorKeysSetting.safeParse(text.replace(/\s*\n\s*/g, ','));
  return result.success ? { ok: true, entries: result.data } : { ok: false, error: result.error.issues.map((i) => i.message).join('; ') };
}

const keysFiles = new Map<string, OperatorKeysFile>();

/** Every operator key a service knows now: OPERATOR_KEYS, and OPERATOR_KEYS_FILE as it is now. */
export function operatorKeysOf(config: object, nowMs = Date.now()): OperatorKeyEntry[] {
  const settings = config as OperatorSettings;
  const configured = Array.isArray(settings.OPERATOR_KEYS) ? (settings.OPERATOR_KEYS as OperatorKeyEntry[]) : [];
  const path = typeof settings.OPERATOR_KEYS_FILE === 'string' && settings.OPERATOR_KEYS_FILE ? settings.OPERATOR_KEYS_FILE : undefined;
  if (!path) return configured;
  let file = keysFiles.get(path);
  if (!file) keysFiles.set(path, (file = new OperatorKeysFile(path)));
  return [...configured, ...file.current(nowMs)];
}

/**
 * The operator a bearer token belongs to, or undefined when it is no operator's. A key past its
 * last day is no operator's (401, as for a key never issued).
 */
export function operatorCallerOf(token: string, config: object, now = new Date()): OperatorCaller | undefined {
  const settings = config as OperatorSettings;
  const keys = operatorKeysOf(config, now.getTime());
  if (keys.length > 0) {
    const hash = hashApiKey(token);
    const entry = keys.find((k) => constantTimeEquals(k.keyHash, hash));
    if (entry) {
      if (entry.expiresAt && entry.expiresAt <= now) return undefined;
      return { via: 'operator-key', operatorId: entry.operatorId, permissions: permissionsOf(entry) };
    }
  }
  const shared = settings.ADMIN_API_TOKEN;
  if (typeof shared === 'string' && shared.length > 0 && constantTimeEquals(token, shared)) {
    return { via: 'shared-token', operatorKeysConfigured: keys.length > 0, permissions: [...OPERATOR_PERMISSIONS] };
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

/**
 * A new operator key and the OPERATOR_KEYS entry that names it (only the hash goes into
 * configuration), with the key's last day (YYYY-MM-DD, UTC) when one is given, and
 * `:no-personal-data` when the key may not receive personal data.
 */
export function newOperatorKey(
  operatorId: string,
  lastDay?: string,
  options: { noPersonalData?: boolean } = {},
): { key: string; entry: string } {
  if (!OPERATOR_ID.test(operatorId)) {
    throw new Error("an operator id is 1-200 visible ASCII characters without ':' or ','");
  }
  if (lastDay !== undefined && dayAfter(lastDay) === null) throw new Error('the last day is a calendar day, YYYY-MM-DD');
  const key = `op_${randomBytes(32).toString('base64url')}`;
  const fields = [
    operatorId,
    hashApiKey(key),
    ...(lastDay === undefined ? [] : [lastDay]),
    ...(options.noPersonalData ? [NO_PERSONAL_DATA] : []),
  ];
  return { key, entry: fields.join(':') };
}
