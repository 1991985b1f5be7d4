import { PlacementOutcomeKind } from '@app/contracts';

export const PLACEMENT_STATUSES = ['proposed', 'offered', 'accepted', 'active', 'completed', 'terminated', 'hired'] as const;
export type PlacementStatus = (typeof PLACEMENT_STATUSES)[number];

/** A placement under way: not yet run to its end (completed, terminated or hired). */
export const OPEN_STATUSES = ['proposed', 'offered', 'accepted', 'active'] as const satisfies readonly PlacementStatus[];

/**
 * proposed -> offered -> accepted -> active -> completed | terminated, and hired: an
 * enterprise can hire during or after the placement (internship-to-hire conversion).
 */
const ALLOWED: Record<PlacementStatus, readonly PlacementStatus[]> = {
  proposed: ['offered', 'terminated'],
  offered: ['accepted', 'terminated'],
  accepted: ['active', 'terminated'],
  active: ['completed', 'terminated', 'hired'],
  completed: ['hired'],
  terminated: [],
  hired: [],
};

/** The outcome schools hear about when a placement reaches a status (if any). */
const OUTCOME_OF: Partial<Record<PlacementStatus, PlacementOutcomeKind>> = {
  active: 'started',
  completed: 'completed',
  terminated: 'terminated',
  hired: 'hired',
};

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: PlacementStatus,
    readonly to: PlacementStatus,
  ) {
    super(`a placement cannot go from ${from} to ${to}; allowed from ${from}: ${ALLOWED[from].join(', ') || 'none'}`);
  }
}

export function assertTransition(from: PlacementStatus, to: PlacementStatus): void {
  if (!ALLOWED[from].includes(to)) throw new IllegalTransitionError(from, to);
}

export function canTransition(from: PlacementStatus, to: PlacementStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function outcomeOf(status: PlacementStatus): PlacementOutcomeKind | undefined {
  return OUTCOME_OF[status];
}
