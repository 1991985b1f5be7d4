import { keyFingerprint, keyRolloutProblem, KeyUse } from './key-rollout';

const names = { current: 'KEY', previous: 'PREVIOUS_KEYS', allowOneRollout: 'ALLOW_ONE_ROLLOUT' };
const [k1, k2, k3] = [1, 2, 3].map((fill) => Buffer.alloc(32, fill));
const at = (day: number) => new Date(Date.UTC(2026, 11, day));
const use = (key: Buffer, times: Omit<KeyUse, 'fingerprint'>): KeyUse => ({ fingerprint: keyFingerprint(key), ...times });

describe('keyRolloutProblem', () => {
  it('lets a first start, and a start with no key where none was ever current, through', () => {
    expect(keyRolloutProblem([], { current: k1, previous: [] }, names)).toBeUndefined();
    expect(keyRolloutProblem([], { previous: [] }, names)).toBeUndefined();
  });

  it('lets a restart with the same key, and the two rollouts of a rotation, through', () => {
    const before = [use(k1, { firstCurrentAt: at(1) })];
    expect(keyRolloutProblem(before, { current: k1, previous: [] }, names)).toBeUndefined();
    // First rollout: the new key listed beside the current one.
    expect(keyRolloutProblem(before, { current: k1, previous: [k2] }, names)).toBeUndefined();
    const listed = [...before, use(k2, { firstListedAt: at(2) })];
    // Second rollout: the new key current, the old one previous; then the old one dropped.
    expect(keyRolloutProblem(listed, { current: k2, previous: [k1] }, names)).toBeUndefined();
    const rotated = [use(k1, { firstCurrentAt: at(1) }), use(k2, { firstListedAt: at(2), firstCurrentAt: at(3) })];
    expect(keyRolloutProblem(rotated, { current: k2, previous: [] }, names)).toBeUndefined();
    // A replica of the first rollout restarting during the second still opens what the new key sealed.
    expect(keyRolloutProblem(rotated, { current: k1, previous: [k2] }, names)).toBeUndefined();
  });

  it('refuses a new key made current in one rollout, naming the settings to change', () => {
    const problem = keyRolloutProblem([use(k1, { firstCurrentAt: at(1) })], { current: k2, previous: [k1] }, names);
    expect(problem).toContain('KEY is a key no replica has started with');
    expect(problem).toContain('PREVIOUS_KEYS');
    expect(problem).toContain('ALLOW_ONE_ROLLOUT=true');
  });

  it('refuses settings without the key most recently made current', () => {
    const rotated = [use(k1, { firstCurrentAt: at(1), firstListedAt: at(3) }), use(k2, { firstListedAt: at(2), firstCurrentAt: at(3) })];
    // A rollback to the settings from before the rotation, and the key unset.
    for (const keys of [{ current: k1, previous: [] }, { previous: [] }]) {
      const problem = keyRolloutProblem(rotated, keys, names);
      expect(problem).toContain('the key made current on 2026-12-03T00:00:00.000Z is neither KEY nor in PREVIOUS_KEYS');
    }
    // The key made current earlier is not the one that must stay.
    expect(keyRolloutProblem(rotated, { current: k2, previous: [k3] }, names)).toBeUndefined();
  });

  it('names keys by a hash that differs per key and is not the key', () => {
    expect(keyFingerprint(k1)).toMatch(/^[0-9a-f]{32}$/);
    expect(keyFingerprint(k1)).not.toBe(keyFingerprint(k2));
    expect(keyFingerprint(k1)).not.toContain(k1.toString('hex').slice(0, 8));
  });
});
