import { IdempotentOrigin } from '@app/base';

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
  /**
   * When a seat was last taken (set by the taking update). The repair pass recounts the seats of a
   * post only once this is older than SEAT_HOLD_GRACE_MS, so a request that took a seat and has not
   * saved its secondment yet is never undercounted (ADR 0084 addendum). Absent on posts no seat was
   * taken of since that change; the pass sets it (to when it first saw the post) before recounting.
   */
  seatsTakenAt?: Date;
  /**
   * True once the repair pass found (or made) `seatsTaken` equal to the secondments holding a seat;
   * a seat taken sets it false again. Posts without it true are the ones the pass recounts.
   */
  seatsCounted?: boolean;
  status: (typeof POST_STATUSES)[number];
  createdAt: Date;
  /** Published under an Idempotency-Key: what tells a retry from another request (ADR 0093). */
  idempotency?: IdempotentOrigin;
}
