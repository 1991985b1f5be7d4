import { Collection, Document, MongoServerError, OptionalUnlessRequiredId } from 'mongodb';

/**
 * Inserts `doc` unless a document with its `_id` (or another unique key) exists: true when it was
 * new, false on the duplicate key. The store's uniqueness decides which of two racing writers of
 * one id wins (a retry under the same Idempotency-Key, a redelivered event); the loser reads the
 * winner back.
 */
export async function insertOnce<T extends Document>(collection: Collection<T>, doc: OptionalUnlessRequiredId<T>): Promise<boolean> {
  try {
    await collection.insertOne(doc);
    return true;
  } catch (error) {
    if (error instanceof MongoServerError && error.code === 11000) return false;
    throw error;
  }
}
