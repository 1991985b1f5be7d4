import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Request } from 'express';
import { BaseConfigSchema } from '../config/base-config.schema';
import { loadConfig } from '../config/load-config';
import { hashApiKey } from './api-keys';
import {
  actingOperatorId,
  admitOperator,
  assertOperatorMayReadPersonalData,
  OperatorCaller,
  newOperatorKey,
  OPERATOR_KEYS_FILE_RECHECK_MS,
  operatorCallerOf,
  operatorCallerOn,
  operatorKeysOf,
  OperatorKeysSetting,
} from './operator-keys';
import { ProblemException } from './problem.exception';

const SHARED = 'shared-operator-token-0123';

function requestWith(headers: Record<string, string> = {}): Request {
  return { headers } as unknown as Request;
}

describe('OPERATOR_KEYS', () => {
  it('reads operatorId:sha256 entries, an operator may hold several keys', () => {
    const a = hashApiKey('key-a');
    const b = hashApiKey('key-b');
    expect(OperatorKeysSetting.parse(` alice:${a}, alice:${b.toUpperCase()},bob@ops.example:${hashApiKey('key-c')},`)).toEqual([
      { operatorId: 'alice', keyHash: a },
      { operatorId: 'alice', keyHash: b },
      { operatorId: 'bob@ops.example', keyHash: hashApiKey('key-c') },
    ]);
    expect(OperatorKeysSetting.parse(undefined)).toEqual([]);
  });

  it.each([
    ['no separator', 'alice'],
    ['a hash that is not 64 hex digits', 'alice:abc'],
    ['an empty id', `:${hashApiKey('k')}`],
    ['a space in the id', `al ice:${hashApiKey('k')}`],
  ])('refuses %s, naming the entry', (_, entry) => {
    const result = OperatorKeysSetting.safeParse(`bob:${hashApiKey('ok')},${entry}`);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].message).toMatch(/^entry 2 is not operatorId:sha256hex/);
  });

  it('reads an optional last day per key; the key is refused from the next day, 00:00 UTC', () => {
    const hash = hashApiKey('expiring');
    expect(OperatorKeysSetting.parse(`carol:${hash}:2027-01-31`)).toEqual([
      { operatorId: 'carol', keyHash: hash, expiresAt: new Date('2027-02-01T00:00:00.000Z') },
    ]);
  });

  it.each([
    ['a day that does not exist', `carol:${hashApiKey('k')}:2027-02-30`],
    ['a time instead of a day', `carol:${hashApiKey('k')}:2027-01-31T12`],
    ['a fourth part', `carol:${hashApiKey('k')}:2027-01-31:x`],
  ])('refuses %s, naming the entry', (_, entry) => {
    const result = OperatorKeysSetting.safeParse(entry);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].message).toMatch(/^entry 1 is not operatorId:sha256hex\[:YYYY-MM-DD\]/);
  });

  it('reads a key without the permission to read personal data, with or without a last day; old entries keep every permission', () => {
    const [a, b, c] = [hashApiKey('support'), hashApiKey('contractor'), hashApiKey('full')];
    expect(OperatorKeysSetting.parse(`sam:${a}:no-personal-data,tia:${b}:2027-01-31:no-personal-data,uma:${c}`)).toEqual([
      { operatorId: 'sam', keyHash: a, noPersonalData: true },
      { operatorId: 'tia', keyHash: b, expiresAt: new Date('2027-02-01T00:00:00.000Z'), noPersonalData: true },
      { operatorId: 'uma', keyHash: c },
    ]);
    const config = { OPERATOR_KEYS: OperatorKeysSetting.parse(`sam:${a}:no-personal-data,uma:${c}`) };
    expect(operatorCallerOf('support', config)).toEqual({ via: 'operator-key', operatorId: 'sam', permissions: [] });
    expect(operatorCallerOf('full', config)).toEqual({ via: 'operator-key', operatorId: 'uma', permissions: ['read-personal-data'] });
  });

  it.each([
    ['a misspelt restriction', `sam:${hashApiKey('k')}:no-personal-dat`],
    ['the restriction in upper case', `sam:${hashApiKey('k')}:NO-PERSONAL-DATA`],
    ['the restriction before the last day', `sam:${hashApiKey('k')}:no-personal-data:2027-01-31`],
    ['the restriction twice', `sam:${hashApiKey('k')}:no-personal-data:no-personal-data`],
    ['an empty field after the hash', `sam:${hashApiKey('k')}:`],
    ['a scopes-style field', `sam:${hashApiKey('k')}:scopes=personal-data`],
  ])('refuses %s, naming the entry, so a typo never leaves a key its permissions', (_, entry) => {
    const result = OperatorKeysSetting.safeParse(`bob:${hashApiKey('ok')}:no-personal-data,${entry}`);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].message).toMatch(/^entry 2 is not operatorId:sha256hex\[:YYYY-MM-DD\]\[:no-personal-data\]/);
  });

  it('refuses a key without the permission (403 problem) and lets every other operator through', () => {
    const refusal = (caller?: OperatorCaller) => {
      try {
        assertOperatorMayReadPersonalData(caller);
        return undefined;
      } catch (error) {
        return { status: (error as ProblemException).getStatus(), detail: (error as ProblemException).detail };
      }
    };
    expect(refusal({ via: 'operator-key', operatorId: 'sam', permissions: [] })).toEqual({
      status: 403,
      detail: expect.stringMatching(/^this operator key may not read personal data/),
    });
    expect(refusal({ via: 'operator-key', operatorId: 'uma', permissions: ['read-personal-data'] })).toBeUndefined();
    expect(refusal({ via: 'shared-token', operatorKeysConfigured: false, permissions: ['read-personal-data'] })).toBeUndefined();
    expect(refusal(undefined)).toBeUndefined();
  });

  it('refuses one key hash under two operators', () => {
    const hash = hashApiKey('same');
    const result = OperatorKeysSetting.safeParse(`alice:${hash},bob:${hash}`);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].message).toMatch(/entry 2 repeats a key hash/);
  });
});

describe('operatorCallerOf', () => {
  const made = newOperatorKey('alice');
  const config = { ADMIN_API_TOKEN: SHARED, OPERATOR_KEYS: OperatorKeysSetting.parse(made.entry) };

  it('names the operator whose key it is; the key itself is never configured', () => {
    expect(made.entry).not.toContain(made.key);
    expect(operatorCallerOf(made.key, config)).toEqual({ via: 'operator-key', operatorId: 'alice', permissions: ['read-personal-data'] });
  });

  it('tells the shared token apart, and whether operators have keys of their own', () => {
    expect(operatorCallerOf(SHARED, config)).toEqual({
      via: 'shared-token',
      operatorKeysConfigured: true,
      permissions: ['read-personal-data'],
    });
    expect(operatorCallerOf(SHARED, { ADMIN_API_TOKEN: SHARED, OPERATOR_KEYS: [] })).toEqual({
      via: 'shared-token',
      operatorKeysConfigured: false,
      permissions: ['read-personal-data'],
    });
  });

  it("is no operator for a key past its last day, while the operator's other key still works", () => {
    const old = newOperatorKey('alice', '2027-01-31');
    const current = newOperatorKey('alice');
    const rotating = { ADMIN_API_TOKEN: SHARED, OPERATOR_KEYS: OperatorKeysSetting.parse(`${old.entry},${current.entry}`) };
    const lastDay = new Date('2027-01-31T18:00:00Z');
    const after = new Date('2027-02-01T00:00:00Z');
    expect(operatorCallerOf(old.key, rotating, lastDay)).toEqual({
      via: 'operator-key',
      operatorId: 'alice',
      permissions: ['read-personal-data'],
    });
    expect(operatorCallerOf(old.key, rotating, after)).toBeUndefined();
    expect(operatorCallerOf(current.key, rotating, after)).toEqual({
      via: 'operator-key',
      operatorId: 'alice',
      permissions: ['read-personal-data'],
    });
  });

  it('is no operator for any other token, nor for the hash of a key', () => {
    expect(operatorCallerOf('someone-else', config)).toBeUndefined();
    expect(operatorCallerOf(hashApiKey(made.key), config)).toBeUndefined();
    expect(operatorCallerOf(SHARED, { OPERATOR_KEYS: config.OPERATOR_KEYS })).toBeUndefined();
  });

  it('makes an entry without the permission to read personal data, after the last day when there is one', () => {
    const restricted = newOperatorKey('sam', '2027-01-31', { noPersonalData: true });
    expect(restricted.entry).toBe(`sam:${hashApiKey(restricted.key)}:2027-01-31:no-personal-data`);
    const config = { OPERATOR_KEYS: OperatorKeysSetting.parse(restricted.entry) };
    expect(operatorCallerOf(restricted.key, config, new Date('2027-01-01T00:00:00Z'))).toEqual({
      via: 'operator-key',
      operatorId: 'sam',
      permissions: [],
    });
    expect(newOperatorKey('uma').entry).not.toContain('no-personal-data');
  });

  it('refuses to make a key for an id OPERATOR_KEYS could not hold', () => {
    expect(() => newOperatorKey('a:b')).toThrow(/without ':' or ','/);
    expect(() => newOperatorKey('')).toThrow();
  });
});

describe('admitOperator and actingOperatorId', () => {
  it('a key holder acts as its key says, whatever it would state', () => {
    const request = requestWith({ 'x-operator-id': 'alice' });
    admitOperator(request, { via: 'operator-key', operatorId: 'alice', permissions: ['read-personal-data'] });
    expect(operatorCallerOn(request)).toEqual({ via: 'operator-key', operatorId: 'alice', permissions: ['read-personal-data'] });
    expect(actingOperatorId(request)).toBe('alice');
    const silent = requestWith();
    admitOperator(silent, { via: 'operator-key', operatorId: 'alice', permissions: ['read-personal-data'] });
    expect(actingOperatorId(silent)).toBe('alice');
  });

  it('a key holder naming another operator is refused (403)', () => {
    const request = requestWith({ 'x-operator-id': 'bob' });
    let thrown: unknown;
    try {
      admitOperator(request, { via: 'operator-key', operatorId: 'alice', permissions: ['read-personal-data'] });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProblemException);
    expect((thrown as ProblemException).getStatus()).toBe(403);
    expect(operatorCallerOn(request)).toBeUndefined();
  });

  it('the shared token acts as whoever the header states', () => {
    const request = requestWith({ 'x-operator-id': '  carol ' });
    admitOperator(request, { via: 'shared-token', operatorKeysConfigured: false, permissions: ['read-personal-data'] });
    expect(actingOperatorId(request)).toBe('carol');
    expect(actingOperatorId(requestWith())).toBeUndefined();
  });
});

describe('OPERATOR_KEYS_FILE', () => {
  const dir = mkdtempSync(join(tmpdir(), 'operator-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the keys from the file, and again once it changed and the recheck interval passed: a removed key stops working', () => {
    const path = join(dir, 'rotating');
    const alice = newOperatorKey('alice');
    const bob = newOperatorKey('bob');
    writeFileSync(path, `${alice.entry}\n`);
    const config = { ADMIN_API_TOKEN: SHARED, OPERATOR_KEYS_FILE: path };
    const t0 = new Date('2027-01-01T00:00:00Z');
    const later = (ms: number) => new Date(t0.getTime() + ms);
    expect(operatorCallerOf(alice.key, config, t0)).toEqual({
      via: 'operator-key',
      operatorId: 'alice',
      permissions: ['read-personal-data'],
    });

    // Kubernetes swaps the file's content in place (a new inode behind the same path).
    rmSync(path);
    writeFileSync(path, `${bob.entry}\n`);
    // Until the recheck interval passes, the keys read last stand.
    expect(operatorCallerOf(alice.key, config, later(OPERATOR_KEYS_FILE_RECHECK_MS - 1))).toEqual({
      via: 'operator-key',
      operatorId: 'alice',
      permissions: ['read-personal-data'],
    });
    expect(operatorCallerOf(alice.key, config, later(OPERATOR_KEYS_FILE_RECHECK_MS))).toBeUndefined();
    expect(operatorCallerOf(bob.key, config, later(OPERATOR_KEYS_FILE_RECHECK_MS))).toEqual({
      via: 'operator-key',
      operatorId: 'bob',
      permissions: ['read-personal-data'],
    });
    // With a key in the file, the shared token is told keys are configured (personal-data reads refuse it).
    expect(operatorCallerOf(SHARED, config, later(OPERATOR_KEYS_FILE_RECHECK_MS))).toEqual({
      via: 'shared-token',
      operatorKeysConfigured: true,
      permissions: ['read-personal-data'],
    });
  });

  it('keeps the keys read last when the file stops parsing, and holds none when the file is gone', () => {
    const path = join(dir, 'broken');
    const carol = newOperatorKey('carol');
    writeFileSync(path, carol.entry);
    const config = { OPERATOR_KEYS_FILE: path };
    const t0 = Date.parse('2027-01-01T00:00:00Z');
    expect(operatorKeysOf(config, t0).map((k) => k.operatorId)).toEqual(['carol']);
    rmSync(path);
    writeFileSync(path, `${carol.entry},not-an-entry`);
    expect(operatorKeysOf(config, t0 + OPERATOR_KEYS_FILE_RECHECK_MS).map((k) => k.operatorId)).toEqual(['carol']);
    rmSync(path);
    expect(operatorKeysOf(config, t0 + 2 * OPERATOR_KEYS_FILE_RECHECK_MS)).toEqual([]);
  });

  it('adds to OPERATOR_KEYS; at start a file that does not parse stops the service, naming the setting, and a missing one holds no keys', () => {
    const path = join(dir, 'merged');
    const dana = newOperatorKey('dana');
    const erin = newOperatorKey('erin');
    writeFileSync(path, erin.entry);
    const config = { OPERATOR_KEYS: OperatorKeysSetting.parse(dana.entry), OPERATOR_KEYS_FILE: path };
    expect(operatorKeysOf(config).map((k) => k.operatorId)).toEqual(['dana', 'erin']);

    const env = { SERVICE_NAME: 's', MONGO_URI: 'mongodb://m', KAFKA_BROKERS: 'k:9092' };
    const bad = join(dir, 'bad');
    writeFileSync(bad, 'alice:abc');
    expect(() => loadConfig(BaseConfigSchema, { ...env, OPERATOR_KEYS_FILE: bad })).toThrow(
      /OPERATOR_KEYS_FILE: entry 1 is not operatorId:sha256hex/,
    );
    expect(loadConfig(BaseConfigSchema, { ...env, OPERATOR_KEYS_FILE: join(dir, 'not-there') }).OPERATOR_KEYS_FILE).toBe(
      join(dir, 'not-there'),
    );
  });
});
