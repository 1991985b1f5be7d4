import { Collection, Filter, UpdateFilter } from 'mongodb';
import { SecretBox, UnreadableSecretError } from './secret-box';

/** What one reseal pass over a collection did. */
export interface ResealCount {
  /** Values moved onto the current key (from a previous key, or from before encryption was on). */
  resealed: number;
  /** Values no key of the box opens: they stay as they are, and their partner needs a new secret. */
  unreadable: number;
}

/** Where a secret is stored (dotted), and for one kept only for a while (a rotation's previous secret), where its end is. */
export interface SecretField {
  path: string;
  expiresAtPath?: string;
}

/**
 * Moves every secret stored at `fields` of `collection` onto the box's current key (ADR 0018,
 * addendum), a document at a time; a previous secret past its end is no longer used and left
 * alone. Each write is conditional on the value it read, so a rotation of the secret meanwhile,
 * or another replica resealing the same value, is never overwritten; a value changed meanwhile is
 * left to the next pass.
 */
export async function resealSecretFields<T extends { _id: string }>(
  collection: Collection<T>,
  fields: readonly SecretField[],
  box: SecretBox,
  now = new Date(),
): Promise<ResealCount> {
  const count: ResealCount = { resealed: 0, unreadable: 0 };
  if (!box.encrypts) return count;
  const projection = Object.fromEntries(fields.flatMap((f) => [f.path, ...(f.expiresAtPath ? [f.expiresAtPath] : [])]).map((p) => [p, 1]));
  for await (const doc of collection.find({}, { projection, batchSize: 500 })) {
    for (const { path, expiresAtPath } of fields) {
      const stored = valueAt(doc, path);
      if (typeof stored !== 'string' || !box.needsReseal(stored)) continue;
      const expiresAt = expiresAtPath ? valueAt(doc, expiresAtPath) : undefined;
      if (expiresAt instanceof Date && expiresAt <= now) continue;
      let resealed: string;
      try {
        resealed = box.reseal(stored);
      } catch (error) {
        if (!(error instanceof UnreadableSecretError)) throw error;
        count.unreadable++;
        continue;
      }
      const result = await collection.updateOne(
        { _id: doc._id, [path]: stored } as Filter<T>,
        {
          $set: { [path]: resealed },
        } as unknown as UpdateFilter<T>,
      );
      count.resealed += result.modifiedCount;
    }
  }
  return count;
}

function valueAt(doc: object, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), doc);
}
