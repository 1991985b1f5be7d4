import { createHash } from 'node:crypto';

/**
 * A key's name in a service's database: a hash, never the key (a 256-bit random key cannot be
 * found from it), so the replicas can tell each other which keys they started with.
 */
export function keyFingerprint(key: Buffer): string {
  return createHash('sha256').update('key-rollout:v1:').update(key).digest('hex').slice(0, 32);
}

/** The name a start without a key is recorded under: what it "seals" every replica can read. */
export const NO_KEY = 'none';

/**
 * What a service's database remembers of one key: when a replica last started with it as the
 * current key, and when one first listed it as a previous key.
 */
export interface KeyUse {
  fingerprint: string;
  lastCurrentAt?: Date;
  firstListedAt?: Date;
}

/** The settings a problem names, so the operator knows what to change. */
export interface KeySettingNames {
  current: string;
  previous: string;
  allowOneRollout: string;
}

/**
 * Why a replica starting with these keys would leave other replicas, or itself, unable to open
 * what is sealed (undefined: nothing). Two mistakes are caught (ADR 0087):
 *
 * - **A new key made current in one rollout.** The current key was never listed as a previous
 *   key, nor current, while another key is the newest current one: the replicas still running
 *   with only that key could not open what this one seals or reseals, for the whole rollout. The
 *   runbook's first rollout lists the new key as a previous key; this is what it records.
 * - **The newest current key left out.** The key replicas last started with as the current one is
 *   neither current nor previous here (a rollback to settings from before a rotation, a key
 *   dropped too early, the key unset): what it sealed would not open.
 *
 * "Newest" is by the last start: once a rollout is complete, its replicas started last, so an
 * override that was needed once (a deliberate rollback) is not needed again at the next restart.
 * A start without a key is recorded as NO_KEY, which neither rule holds against anyone: values
 * stored in clear open everywhere.
 */
export function keyRolloutProblem(
  uses: readonly KeyUse[],
  keys: { current?: Buffer; previous: readonly Buffer[] },
  names: KeySettingNames,
): string | undefined {
  const current = keys.current ? keyFingerprint(keys.current) : NO_KEY;
  const configured = new Set([current, ...keys.previous.map(keyFingerprint)]);
  const newest = uses
    .filter((use) => use.lastCurrentAt !== undefined)
    .reduce<KeyUse | undefined>((latest, use) => (!latest || use.lastCurrentAt! > latest.lastCurrentAt! ? use : latest), undefined);
  if (!newest || newest.fingerprint === NO_KEY) return undefined;
  if (keys.current && !uses.some((use) => use.fingerprint === current))
    return (
      `${names.current} is a key no replica has started with, while another key is current: the replicas still ` +
      `on that key could not open what this one seals. Roll it out first in ${names.previous} beside the current ` +
      `key, then make it current (docs/operations.md, "Rotating the secrets key"), or set ${names.allowOneRollout}=true ` +
      'to rotate in one rollout anyway.'
    );
  if (!configured.has(newest.fingerprint))
    return (
      `the key replicas last started with as ${names.current} (on ${newest.lastCurrentAt!.toISOString()}) is neither ` +
      `${names.current} nor in ${names.previous}: what it sealed would not open. Configure it again (in ${names.previous} ` +
      `if another key is current now), or set ${names.allowOneRollout}=true to start anyway.`
    );
  return undefined;
}
