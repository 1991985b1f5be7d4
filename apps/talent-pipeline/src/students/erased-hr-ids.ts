import { createHmac, hkdfSync } from 'node:crypto';
import { HrOpenIdentifier } from '@app/contracts';

/**
 * What an erased student keeps of its HR Open identifiers: keyed hashes, no values (ADR 0037,
 * session 36 addendum). An ERP event naming the student only by HR ids after the erasure finds the
 * student by them, so the event is kept without its ids like any other about an erased student,
 * where it would otherwise be held for review as sent. Nothing can be read back from a hash; with
 * the key, one can tell only whether an id one already knows was an erased student's.
 *
 * Each id is kept as two hashes so that a lookup follows `StudentsRepository.findByExternalIds`'s
 * rule: an event's id naming an issuing agency matches a student's id of that agency or of none;
 * one naming no agency matches any.
 */
export class ErasedHrIds {
  private readonly key?: Buffer;
  /** The hash keys of SECRETS_ENCRYPTION_PREVIOUS_KEYS: hashes kept before a rotation still match (they cannot be recomputed). */
  private readonly previousKeys: readonly Buffer[];

  /**
   * `secretsKey`: SECRETS_ENCRYPTION_KEY; the hash key is derived from it for this use alone.
   * Without it nothing is kept: HR ids are short and guessable, and a hash under a key anyone can
   * read in this source would give them back to whoever reads the database.
   */
  constructor(secretsKey?: Buffer, previousSecretsKeys: readonly Buffer[] = []) {
    this.key = secretsKey && hashKeyOf(secretsKey);
    this.previousKeys = secretsKey ? previousSecretsKeys.map(hashKeyOf) : [];
  }

  /** The hashes an erased student keeps for its ids (none without a key). */
  toKeep(ids: readonly HrOpenIdentifier[]): string[] {
    if (!this.key) return [];
    return [
      ...new Set(
        ids.flatMap(({ schemeId, value, schemeAgencyId }) => [
          this.hash('any', schemeId, value),
          schemeAgencyId ? this.hash('agency', schemeId, value, schemeAgencyId) : this.hash('none', schemeId, value),
        ]),
      ),
    ];
  }

  /** The hashes an ERP event's ids are looked up by, under the current key and each previous one (none without a key). */
  toSeek(ids: readonly HrOpenIdentifier[]): string[] {
    if (!this.key) return [];
    return [
      ...new Set(
        [this.key, ...this.previousKeys].flatMap((key) =>
          ids.flatMap(({ schemeId, value, schemeAgencyId }) =>
            schemeAgencyId
              ? [this.hash('agency', schemeId, value, schemeAgencyId, key), this.hash('none', schemeId, value, undefined, key)]
              : [this.hash('any', schemeId, value, undefined, key)],
          ),
        ),
      ),
    ];
  }

  private hash(kind: 'any' | 'agency' | 'none', schemeId: string, value: string, agency?: string, key = this.key!): string {
    const parts = agency === undefined ? [schemeId, value] : [schemeId, value, agency];
    return `${kind}:${createHmac('sha256', key).update(JSON.stringify(parts)).digest('base64url')}`;
  }
}

/** The key the hashes are made with, derived from a secrets key for this use alone. */
function hashKeyOf(secretsKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', secretsKey, Buffer.alloc(0), 'erased-hr-ids', 32));
}
