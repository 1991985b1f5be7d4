import { PlacementOutcomeEvent } from '@app/contracts';

/** The outcome's free-text end reason (completed and terminated outcomes may carry one). */
function endOf(event: PlacementOutcomeEvent): { reason?: string } | undefined {
  return (event.data as { endOfPlacement?: { reason?: string } }).endOfPlacement;
}

export function hasEndReason(event: PlacementOutcomeEvent): boolean {
  return endOf(event)?.reason !== undefined;
}

/** The outcome without the free-text end reason (the erasure's rule for what stays about an erased student). */
export function withoutEndReason(event: PlacementOutcomeEvent): PlacementOutcomeEvent {
  const end = endOf(event);
  if (end?.reason === undefined) return event;
  const { reason: _reason, ...kept } = end;
  return { ...event, data: { ...event.data, endOfPlacement: kept } } as PlacementOutcomeEvent;
}
