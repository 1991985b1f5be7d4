import { keyFingerprint, keyRolloutProblem, KeyUse, NO_KEY } from './key-rollout';

const names = { current: 'KEY', previous: 'PREVIOUS_KEYS', allowOneRollout: 'ALLOW_ONE_ROLLOUT' };
const [k1, k2, k3] = [1, 2, 3].map((fill) => Buffer.alloc(32, fill));
const at = (day: number) => new Date(Date.UTC(2026, 11, day));
const use = (key: Buffer | typeof NO_KEY, times: Omit<KeyUse, 'fingerprint'>): KeyUse => ({
  fingerprint: key === NO_KEY ? NO_KEY : keyFingerprint(key),
  ...times,
});

describe('keyRolloutProblem', () => {
  it('lets a first start, a start with no key, and a first key after starts without one, through', () => {
    expect(keyRolloutProblem([], { current: k1, previous: [] }, names)).toBeUndefined();
    expect(keyRolloutProblem([], { previous: [] }, names)).toBeUndefined();
    expect(keyRolloutProblem([use(NO_KEY, { lastCurrentAt: at(1) })], { current: k1, previous: [] }, names)).toBeUndefined();
  });

  it('lets a restart with the same key, and the two rollouts of a rotation, through', () => {
    const before = [use(k1, { lastCurrentAt: at(1) })];
    expect(keyRolloutProblem(before, { current: k1, previous: [] }, names)).toBeUndefined();
    // First rollout: the new key listed beside the current one.
    expect(keyRolloutProblem(before, { current: k1, previous: [k2] }, names)).toBeUndefined();
    const listed = [use(k1, { lastCurrentAt: at(2) }), use(k2, { firstListedAt: at(2) })];
    // Second rollout: the new key current, the old one previous.
    expect(keyRolloutProblem(listed, { current: k2, previous: [k1] }, names)).toBeUndefined();
    const rotating = [use(k1, { lastCurrentAt: at(2) }), use(k2, { firstListedAt: at(2), lastCurrentAt: at(3) })];
    // A replica of the first rollout restarting during the second opens what the new key sealed; and after it, a new one still starts.
    expect(keyRolloutProblem(rotating, { current: k1, previous: [k2] }, names)).toBeUndefined();
    const restartedOld = [use(k1, { lastCurrentAt: at(4) }), use(k2, { firstListedAt: at(2), lastCurrentAt: at(3) })];
    expect(keyRolloutProblem(restartedOld, { current: k2, previous: [k1] }, names)).toBeUndefined();
    // Once the second rollout is complete (its replicas started last), the old key goes.
    const rotated = [use(k1, { lastCurrentAt: at(4) }), use(k2, { firstListedAt: at(2), lastCurrentAt: at(5) })];
    expect(keyRolloutProblem(rotated, { current: k2, previous: [] }, names)).toBeUndefined();
    expect(keyRolloutProblem(rotated, { current: k2, previous: [k3] }, names)).toBeUndefined();
  });

  it('refuses a new key made current in one rollout, naming the settings to change', () => {
    const problem = keyRolloutProblem([use(k1, { lastCurrentAt: at(1) })], { current: k2, previous: [k1] }, names);
    expect(problem).toContain('KEY is a key no replica has started with');
    expect(problem).toContain('PREVIOUS_KEYS');
    expect(problem).toContain('ALLOW_ONE_ROLLOUT=true');
  });

  it('refuses settings without the key replicas last started with as the current one', () => {
    const rotated = [use(k1, { lastCurrentAt: at(1), firstListedAt: at(3) }), use(k2, { firstListedAt: at(2), lastCurrentAt: at(3) })];
    // A rollback to the settings from before the rotation, and the key unset.
    for (const keys of [{ current: k1, previous: [] }, { previous: [] }]) {
      expect(keyRolloutProblem(rotated, keys, names)).toContain(
        'the key replicas last started with as KEY (on 2026-12-03T00:00:00.000Z) is neither KEY nor in PREVIOUS_KEYS',
      );
    }
  });

  it('needs an override once: after a start with it, the same settings start again', () => {
    // A deliberate rollback (the old key current again, the new one dropped) started with the override at day 6.
    const afterRollback = [use(k1, { lastCurrentAt: at(6) }), use(k2, { firstListedAt: at(2), lastCurrentAt: at(5) })];
    expect(keyRolloutProblem(afterRollback, { current: k1, previous: [] }, names)).toBeUndefined();
    // The key unset with the override: restarts without a key, and a key set again later, start.
    const unset = [use(k2, { lastCurrentAt: at(5) }), use(NO_KEY, { lastCurrentAt: at(6) })];
    expect(keyRolloutProblem(unset, { previous: [] }, names)).toBeUndefined();
    expect(keyRolloutProblem(unset, { current: k2, previous: [] }, names)).toBeUndefined();
  });

  it('names keys by a hash that differs per key and is not the key', () => {
    expect(keyFingerprint(k1)).toMatch(/^[0-9a-f]{32}$/);
    expect(keyFingerprint(k1)).not.toBe(keyFingerprint(k2));
    expect(keyFingerprint(k1)).not.toContain(k1.toString('hex').slice(0, 8));
  });
});
