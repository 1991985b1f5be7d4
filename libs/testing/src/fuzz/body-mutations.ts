import fc from 'fast-check';

/**
 * Mutations of a valid request body, as fast-check arbitraries: a field missing, null, of the
 * wrong type, huge, odd unicode, deeply nested, an unknown or prototype-polluting key, or the
 * whole body replaced or broken as text. Applied at any depth of the body.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'set'; at: number; value: Json; label: string }
  | { kind: 'nest'; at: number | 'body'; depth: number; shape: 'array' | 'object' }
  | { kind: 'extra-key'; at: number; key: string; value: Json }
  | { kind: 'replace-body'; value: Json; label: string }
  | { kind: 'raw-text'; text: (validJson: string) => string; label: string };

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uD800', // lone surrogate
  '\uDFFF\uD800',
  '\u202Eevil', // right-to-left override
  '\u200B', // zero-width space
  '😀'.repeat(50),
  'İıẞß',
  '%s%n%x',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  "'; DROP TABLE x; --",
  '{"$gt": ""}',
  '$where',
  '../../etc/passwd',
  'a'.repeat(257),
  '9'.repeat(400),
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '-000001-01-01',
  '2026-03-01T25:00:00Z',
  'http://169.254.169.254/latest',
  'javascript:alert(1)',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
];

const ODD_NUMBERS = [0, -1, 1.5, 0.1 + 0.2, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 1e-300, 24.004, 10001];

/** Values of every JSON type, odd ones weighted in. */
type Labelled = { value: Json; label: string };
const anyValue: fc.Arbitrary<Labelled> = fc.oneof<fc.Arbitrary<Labelled>[]>(
  fc.constant({ value: null, label: 'null' }),
  fc.boolean().map((value) => ({ value, label: 'boolean' })),
  fc.constantFrom(...ODD_NUMBERS).map((value) => ({ value, label: 'odd number' })),
  fc.integer().map((value) => ({ value, label: 'integer' })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => ({ value, label: 'double' })),
  fc.constantFrom(...ODD_STRINGS).map((value) => ({ value, label: 'odd string' })),
  fc.string({ unit: 'binary', maxLength: 40 }).map((value) => ({ value, label: 'unicode string' })),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((value) => ({ value, label: 'grapheme string' })),
  fc.constant({ value: [], label: 'empty array' }),
  fc.constant({ value: {}, label: 'empty object' }),
  fc.jsonValue({ maxDepth: 3 }).map((value) => ({ value: value as Json, label: 'random json' })),
);

/** Strings and arrays far beyond any field bound, some beyond the body limit. */
const hugeValue: fc.Arbitrary<{ value: Json; label: string }> = fc.oneof(
  fc.integer({ min: 1_000, max: 300_000 }).map((n) => ({ value: 'x'.repeat(n), label: `string of ${n}` })),
  fc.integer({ min: 600_000, max: 1_200_000 }).map((n) => ({ value: 'y'.repeat(n), label: `string of ${n} (over the body limit)` })),
  fc.integer({ min: 101, max: 20_000 }).map((n) => ({ value: Array<Json>(n).fill('z'), label: `array of ${n}` })),
  fc
    .integer({ min: 101, max: 5_000 })
    .map((n) => ({ value: Array.from({ length: n }, (_, i) => ({ label: `s${i}` })), label: `array of ${n} objects` })),
  fc
    .integer({ min: 51, max: 5_000 })
    .map((n) => ({ value: Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 3])), label: `object of ${n} keys` })),
);

/** Deep nesting, which recursive code (parsers, validators, stringify) must survive; built when applied. */
const nesting = fc.record({ depth: fc.integer({ min: 10, max: 3_000 }), shape: fc.constantFrom<'array' | 'object'>('array', 'object') });

function nest(depth: number, wrap: (inner: Json) => Json): Json {
  let value: Json = 'bottom';
  for (let i = 0; i < depth; i++) value = wrap(value);
  return value;
}

const keyName = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', '$set', 'isAdmin', '_id', 'version', 'status', 'id', ''),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

const fieldMutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.nat().map((at) => ({ kind: 'delete' as const, at })) },
  {
    weight: 5,
    arbitrary: fc.tuple(fc.nat(), anyValue).map(([at, v]) => ({ kind: 'set' as const, at, value: v.value, label: v.label })),
  },
  { weight: 2, arbitrary: fc.tuple(fc.nat(), hugeValue).map(([at, v]) => ({ kind: 'set' as const, at, value: v.value, label: v.label })) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), nesting).map(([at, n]) => ({ kind: 'nest' as const, at, ...n })) },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.nat(), keyName, anyValue).map(([at, key, v]) => ({ kind: 'extra-key' as const, at, key, value: v.value })),
  },
);

const wholeBodyMutation: fc.Arbitrary<Mutation> = fc.oneof(
  anyValue.map((v) => ({ kind: 'replace-body' as const, value: v.value, label: `body is ${v.label}` })),
  nesting.map((n) => ({ kind: 'nest' as const, at: 'body' as const, ...n })),
  fc.constantFrom<Mutation>(
    { kind: 'raw-text', text: (json) => json.slice(0, Math.max(1, json.length >> 1)), label: 'truncated JSON' },
    { kind: 'raw-text', text: () => '', label: 'empty text' },
    { kind: 'raw-text', text: (json) => `${json}${json}`, label: 'two documents' },
    { kind: 'raw-text', text: (json) => json.replace(/^\{/, '{"__proto__":{"isAdmin":true,"status":"active"},'), label: '__proto__ key' },
    { kind: 'raw-text', text: (json) => json.replace(/^\{/, '{"constructor":{"prototype":{"x":1}},'), label: 'constructor key' },
    { kind: 'raw-text', text: (json) => json.replace(/"([^"]+)":/, '"$1":1,"$1":'), label: 'duplicate key' },
    { kind: 'raw-text', text: (json) => json.replace(/:/g, ': NaN, "n":'), label: 'NaN literals' },
    { kind: 'raw-text', text: (json) => `\uFEFF${json}`, label: 'byte order mark' },
    { kind: 'raw-text', text: (json) => json.replace(/"/g, "'"), label: 'single quotes' },
  ),
);

/** One to three field mutations, or one whole-body mutation. */
export const bodyMutations: fc.Arbitrary<Mutation[]> = fc.oneof(
  { weight: 6, arbitrary: fc.array(fieldMutation, { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: wholeBodyMutation.map((m) => [m]) },
);

/** Every place in a JSON value a mutation can target (the root and each key or index), to a depth of 20. */
function locations(value: Json): (string | number)[][] {
  const found: (string | number)[][] = [];
  const pending: { node: Json; path: (string | number)[] }[] = [{ node: value, path: [] }];
  while (pending.length) {
    const { node, path } = pending.pop()!;
    found.push(path);
    if (path.length >= 20 || !node || typeof node !== 'object') continue;
    const entries: [string | number, Json][] = Array.isArray(node) ? node.map((item, i) => [i, item]) : Object.entries(node);
    for (const [key, child] of entries.slice(0, 200)) pending.push({ node: child, path: [...path, key] });
  }
  return found;
}

function parentOf(body: Json, path: (string | number)[]): Record<string | number, Json> | undefined {
  let node: Json = body;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, Json>)[key];
  return node && typeof node === 'object' ? (node as Record<string | number, Json>) : undefined;
}

/** Applies the mutations to a copy of `valid`; returns the text to send and a description. */
export function applyMutations(valid: Json, mutations: Mutation[]): { text: string; description: string } {
  let body: Json = structuredClone(valid);
  const described: string[] = [];
  for (const mutation of mutations) {
    switch (mutation.kind) {
      case 'replace-body':
        body = structuredClone(mutation.value);
        described.push(mutation.label);
        break;
      case 'raw-text':
        return { text: mutation.text(JSON.stringify(body)), description: [...described, mutation.label].join('; ') };
      case 'nest': {
        const deep = nest(mutation.depth, mutation.shape === 'array' ? (inner) => [inner] : (inner) => ({ a: inner }));
        const label = `${mutation.shape} nested ${mutation.depth} deep`;
        if (mutation.at === 'body') {
          body = deep;
          described.push(`body is ${label}`);
        } else {
          body = setAt(body, mutation.at, deep, label, described);
        }
        break;
      }
      case 'extra-key':
        addKeyAt(body, mutation.at, mutation.key, structuredClone(mutation.value), described);
        break;
      case 'delete':
        body = deleteAt(body, mutation.at, described);
        break;
      case 'set':
        // A copy: fast-check hands out the same constant objects run after run; mutating those
        // would leak across runs (and can make a body contain itself).
        body = setAt(body, mutation.at, structuredClone(mutation.value), mutation.label, described);
        break;
    }
  }
  return { text: JSON.stringify(body) ?? '', description: described.join('; ') };
}

function pick(body: Json, at: number): (string | number)[] {
  const targets = locations(body);
  return targets[at % targets.length];
}

const nameOf = (path: (string | number)[]) => (path.length ? path.join('.') : '(body)');

function setAt(body: Json, at: number, value: Json, label: string, described: string[]): Json {
  const path = pick(body, at);
  described.push(`${nameOf(path)} set to ${label}`);
  if (path.length === 0) return value;
  parentOf(body, path)![path[path.length - 1]] = value;
  return body;
}

function deleteAt(body: Json, at: number, described: string[]): Json {
  const path = pick(body, at);
  described.push(path.length ? `${nameOf(path)} missing` : 'body removed');
  if (path.length === 0) return null;
  const parent = parentOf(body, path)!;
  const key = path[path.length - 1];
  if (Array.isArray(parent)) parent.splice(key as number, 1);
  else delete parent[key];
  return body;
}

function addKeyAt(body: Json, at: number, key: string, value: Json, described: string[]): void {
  const path = pick(body, at);
  let node: Json = body;
  for (const step of path) node = (node as Record<string | number, Json>)[step];
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  // defineProperty, so "__proto__" becomes an own key as JSON.parse would make it.
  Object.defineProperty(node, key, { value, enumerable: true, configurable: true, writable: true });
  described.push(`extra key ${JSON.stringify(key).slice(0, 30)} at ${nameOf(path)}`);
}
