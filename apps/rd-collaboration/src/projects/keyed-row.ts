import { idempotencyKeyReused } from '@app/base';
import { idempotentIdFor, requestFingerprint } from '../shared/idempotency';
import type { Change } from './project-writer';
import type { ProjectDocument } from './project.document';

/**
 * A row of the project that a request with an Idempotency-Key creates (a contribution, an outcome,
 * a milestone, a change request; ADR 0083): its id derived from the kind, the project, the caller
 * and the key. `retry` answers a retry before any rule (nothing to write for the same request, 422
 * for another; undefined: a new request), `isRetryOfStored` lets it through a closed project.
 * `requestOf` is what of a stored row the request sent: the row itself is the request's record
 * (no fingerprint is stored), so what later changes a row (a status, a history) must be left out.
 * The one lookup-and-compare of every keyed project row; the project's versioned single-document
 * update lets only one of two racing requests write the row, the other retries and finds it.
 */
export function keyedRow<Row>(spec: {
  kind: string;
  caller: string;
  key: string | undefined;
  input: unknown;
  rowsOf: (p: ProjectDocument) => Row[];
  rowId: (row: Row) => string;
  requestOf: (row: Row) => unknown;
}) {
  const { kind, caller, key, input, rowsOf, rowId, requestOf } = spec;
  const idIn = (p: ProjectDocument) => (key === undefined ? undefined : idempotentIdFor(kind, p._id, caller, key));
  const earlierIn = (p: ProjectDocument) => {
    const id = idIn(p);
    return id === undefined ? undefined : rowsOf(p).find((row) => rowId(row) === id);
  };
  const sameRequest = (row: Row) => requestFingerprint(requestOf(row)) === requestFingerprint(input);
  return {
    idIn,
    isRetryOfStored: (p: ProjectDocument) => {
      const earlier = earlierIn(p);
      return earlier !== undefined && sameRequest(earlier);
    },
    retry: (p: ProjectDocument): Change | undefined => {
      const earlier = earlierIn(p);
      if (earlier === undefined) return undefined;
      if (!sameRequest(earlier)) throw idempotencyKeyReused(kind);
      return { set: {} };
    },
  };
}

/** What `keyedRow` answers: the derived id, the retry check before any rule, and the closed-project exception. */
export type KeyedRow<Row> = ReturnType<typeof keyedRow<Row>>;
