export const POST_STATUSES = ['open', 'closed'] as const;

export interface PostDocument {
  _id: string;
  enterpriseId: string;
  schoolId: string;
  /** The copied cooperation agreement the post was offered under. */
  agreementId: string;
  role: string;
  tasks: string[];
  mentor: { name: string; contact?: string };
  location: string;
  period: { start: string; end: string };
  skills: string[];
  capacity: number;
  /** Seats held by live secondments; `seatsFree` moves with it in one conditional $inc, never below zero. */
  seatsTaken: number;
  seatsFree: number;
  /**
   * The secondments whose seat was given back, one id each, pushed in the same conditional update
   * that frees the seat: a retried or repaired release frees no second seat (ADR 0084). Absent
   * until a post's first release under that rule.
   */
  seatsReleasedFor?: string[];
  status: (typeof POST_STATUSES)[number];
  createdAt: Date;
}
