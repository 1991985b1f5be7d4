import { EventContract } from '../event-contract';
import { PlacementCompleted } from './placement-completed.event';
import { PlacementHired } from './placement-hired.event';
import { PlacementOutcomeKind } from './placement-outcome.schema';
import { PlacementStarted } from './placement-started.event';
import { PlacementTerminated } from './placement-terminated.event';

/**
 * The contract of each placement outcome. Indexed by an outcome, it is the union of the four
 * contracts, so `newCloudEvent(PLACEMENT_OUTCOME_CONTRACTS[outcome], { data })` checks `data`
 * against their schemas without a cast (each one's `outcome` is its own literal).
 */
export const PLACEMENT_OUTCOME_CONTRACTS = {
  started: PlacementStarted,
  completed: PlacementCompleted,
  terminated: PlacementTerminated,
  hired: PlacementHired,
} as const satisfies Record<PlacementOutcomeKind, EventContract>;

/** The four outcome contracts, e.g. for `@HandlesEvent` or `isEvent`. */
export const PLACEMENT_OUTCOME_CONTRACT_LIST = Object.values(PLACEMENT_OUTCOME_CONTRACTS);
