import { PlacementKind } from '../../placements/placement.document';
import { PlacementStatus } from '../../placements/domain/placement-lifecycle';

/** The fields of a placement the reports read. */
export interface ReportPlacement {
  studentId: string;
  enterpriseId: string;
  programme: string;
  cohort: string;
  kind: PlacementKind;
  role: string;
  status: PlacementStatus;
  history: { status: PlacementStatus; at: Date }[];
}

/** The fields of a student the reports read. */
export interface ReportStudent {
  _id: string;
  programme: string;
  cohort: string;
  registeredAt: Date;
}

const STARTED: readonly PlacementStatus[] = ['active', 'completed', 'hired'];

/** When the placement first became active, if it ever did. */
export function firstActiveAt(placement: ReportPlacement): Date | undefined {
  const entry = placement.history.find((h) => h.status === 'active');
  if (entry) return new Date(entry.at);
  return undefined;
}

/**
 * The history entries the figures read: the first `active` and the first `completed`, in their
 * order. A placement with only these answers `firstActiveAt`, `reachedActive` and `reachedEnd`
 * as with its whole history, so the report pool keeps only them (ADR 0060).
 */
export function reportHistory<H extends { status: PlacementStatus }>(history: readonly H[]): H[] {
  const active = history.find((h) => h.status === 'active');
  const completed = history.find((h) => h.status === 'completed');
  return history.filter((h) => h === active || h === completed);
}

/** The placement reached `active` (a terminated one counts if it was active before). */
export function reachedActive(placement: ReportPlacement): boolean {
  return STARTED.includes(placement.status) || placement.history.some((h) => h.status === 'active');
}

/** The placement ran its course: completed, or hired (during or after it). */
export function reachedEnd(placement: ReportPlacement): boolean {
  return placement.status === 'completed' || placement.status === 'hired' || placement.history.some((h) => h.status === 'completed');
}

/** Ratio rounded to 4 decimals; null when there is nothing to divide by. */
export function rate(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
