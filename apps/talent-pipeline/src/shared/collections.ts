/**
 * Names of the collections that more than one feature reads. Each is written by one feature
 * only (partners, placements, students); matching and reports read them as read models with
 * projections of their own, which saves a round trip per row through the owning service.
 * See docs/decisions/0035-talent-pipeline-feature-modules.md.
 */
export const SCHOOLS = 'schools';
export const ENTERPRISES = 'enterprises';
export const PLACEMENTS = 'placements';
export const STUDENTS = 'students';
/** Written by the consent feature; matching keeps an in-memory copy of the `matching` ones (ADR 0060). */
export const CONSENTS = 'consents';
