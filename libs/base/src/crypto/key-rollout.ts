import { createHash } from 'node:crypto';

/**
 * A key's name in a service's database: a hash, never the key (a 256-bit random key cannot be
 * found from it), so the replicas can tell each other which keys they started with.
 */
export function keyFingerprint(key: Buffer): string {
  return createHash('sha256').update('key-rollout:v1:').update(key).digest('hex').slice(0, 32);
}

/** What a service's database remembers of one key: when a replica first started with it as the current key, and first listed it as a previous one. */
export interface KeyUse {
  fingerprint: string;
  firstCurrentAt?: Date;
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
 *   key, nor current, while another key was current before: the replicas still running with
 *   only that other key could not open what this one seals or reseals, for the whole rollout.
 *   The runbook's first rollout lists the new key as a previous key; this is what it records.
 * - **The newest current key left out.** The key most recently made current is neither current
 *   nor previous here (a rollback to settings from before a rotation, a key dropped too early,
 *   the key unset): what it sealed would not open.
 */
export function keyRolloutProblem(
  uses: readonly KeyUse[],
  keys: { current?: Buffer; previous: readonly Buffer[] },
  names: KeySettingNames,
): string | undefined {
  const current = keys.current && keyFingerprint(keys.current);
  const configured = new Set([...(current ? [current] : []), ...keys.previous.map(keyFingerprint)]);
  const everCurrent = uses.filter((use) => use.firstCurrentAt !== undefined);
  if (current && !uses.some((use) => use.fingerprint === current) && everCurrent.length > 0)
    return (
      `${names.current} is a key no replica has started with, while another key was current: the replicas still ` +
      `on that key could not open what this one seals. Roll it out first in ${names.previous} beside the current ` +
      `key, then make it current (docs/operations.md, "Rotating the secrets key"), or set ${names.allowOneRollout}=true ` +
      'to rotate in one rollout anyway.'
    );
  const newest = everCurrent.reduce<KeyUse | undefined>(
    (latest, use) => (!latest || use.firstCurrentAt! > latest.firstCurrentAt! ? use : latest),
    undefined,
  );
  if (newest && !configured.has(newest.fingerprint))
    return (
      `the key made current on ${newest.firstCurrentAt!.toISOString()} is neither ${names.current} nor in ` +
      `${names.previous}: what it sealed would not open. Configure it again (in ${names.previous} if another key ` +
      `is current now), or set ${names.allowOneRollout}=true to start anyway.`
    );
  return undefined;
}
