/**
 * One read of personal data by an operator: who (the operator identity header), why (the
 * reason header), what (the route and the people whose data it returned), when.
 * Append-only, like the disclosure ledger.
 */
export interface AccessLogEntryDocument {
  _id: string;
  operatorId: string;
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
