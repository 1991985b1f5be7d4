export const REVIEW_STATUSES = ['pending', 'resolving', 'resolved', 'rejected'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];
