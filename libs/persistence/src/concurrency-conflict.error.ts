/** The aggregate changed since it was read (optimistic versioning); reload and retry. */
export class ConcurrencyConflictError extends Error {
  /** Transient: a consumer retries the event in place (reloading) instead of dead-lettering it. */
  readonly retriable = true;

  constructor(collection: string, id: string, expectedVersion: number) {
    super(`${collection} ${id} is no longer at version ${expectedVersion}`);
  }
}
