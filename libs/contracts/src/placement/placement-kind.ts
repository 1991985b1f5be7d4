/**
 * Every kind of placement, in one place: what a placement is, what a cooperation agreement
 * covers and what a placement outcome event says. `rd-internship` is a student's internship in
 * an R&D project at the project's enterprise, proposed from the R&D service
 * (rd.placement.proposed.v1).
 */
export const PLACEMENT_KINDS = ['internship', 'apprenticeship', 'work-study', 'job', 'rd-internship'] as const;
export type PlacementKind = (typeof PLACEMENT_KINDS)[number];
