/**
 * One read of personal data by an operator: who (its key's id, or the identity header), why (the
 * reason header), what (the route and the people whose data it returned), when.
 * Append-only, like the disclosure ledger.
 */
export interface AccessLogEntryDocument {
  _id: string;
  operatorId: string;
  /** `operatorId` is the id of the operator key used (true) or stated with the shared token (false; absent on entries from before keys). */
  authenticated?: boolean;
  reason: string;
  /** Method and route pattern, e.g. `GET /v1/placements/:id`. */
  route: string;
  /** The path as requested, ids filled in. */
  path: string;
  /** The students whose personal data the answer carried (empty when it carried none). */
  studentIds: string[];
  /** The teachers whose personal data the answer carried; only on entries that name one. */
  teacherIds?: string[];
  at: Date;
  requestId: string;
}
