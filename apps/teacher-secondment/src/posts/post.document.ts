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
  status: (typeof POST_STATUSES)[number];
  createdAt: Date;
}
