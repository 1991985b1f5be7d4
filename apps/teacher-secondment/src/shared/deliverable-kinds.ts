/** What a seconded teacher brings back to school: teaching material built from the practice. */
export const DELIVERABLE_KINDS = ['course-materials', 'case-study', 'work-based-learning-project'] as const;
export type DeliverableKind = (typeof DELIVERABLE_KINDS)[number];
