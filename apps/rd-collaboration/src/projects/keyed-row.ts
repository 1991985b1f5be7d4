import { idempotencyKeyReused, idempotentIdFor, requestFingerprint } from '@app/base';
import type { Change } from './project-writer';
import type { ProjectDocument } from './project.document';

/**
 * How `keyedRow` tells a retry from another request under the key: by default what of a stored row
 * the request sent (`requestOf`) is compared with the request (`input`); a row that no longer holds
 * all the request sent (an erased person's row, ADR 0041) brings a rule of its own (`isSameRequest`).
 */
type RequestComparison<Row> = { input: unknown; requestOf: (row: Row) => unknown } | { isSameRequest: (row: Row) => boolean };

/**
 * A row of the project that a request with an Idempotency-Key creates (a contribution, an outcome,
 * a milestone, a change request, a participant; ADR 0083): its id derived from the kind, the
 * project, the caller and the key. `retry` answers a retry before any rule (nothing to write for
 * the same request, 422 for another; undefined: a new request), `isRetryOfStored` lets it through a
 * closed project. `requestOf` is what of a stored row the request sent: the row itself is the
 * request's record (no fingerprint is stored), so what later changes a row (a status, a history)
 * must be left out. The one lookup-and-compare of every keyed project row; the project's versioned
 * single-document update lets only one of two racing requests write the row, the other retries and finds it.
 */
export function keyedRow<Row>(
  spec: {
    kind: string;
    caller: string;
    key: string | undefined;
    rowsOf: (p: ProjectDocument) => Row[];
    rowId: (row: Row) => string;
  } & RequestComparison<Row>,
) {
  const { kind, caller, key, rowsOf, rowId } = spec;
  const idIn = (p: ProjectDocument) => (key === undefined ? undefined : idempotentIdFor(kind, p._id, caller, key));
  const earlierIn = (p: ProjectDocument) => {
    const id = idIn(p);
    return id === undefined ? undefined : rowsOf(p).find((row) => rowId(row) === id);
  };
  const sameRequest =
    'isSameRequest' in spec ? spec.isSameRequest : (row: Row) => requestFingerprint(spec.requestOf(row)) === requestFingerprint(spec.input);
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
