/** The aggregate changed since it was read (optimistic versioning); reload and retry. */
export class ConcurrencyConflictError extends Error {
  constructor(collection: string, id: string, expectedVersion: number) {
    super(`${collection} ${id} is no longer at version ${expectedVersion}`);
  }
}
