import { PlacementOutcomeEvent } from '@app/contracts';
import { DisclosureInput } from '../../disclosures/disclosure.service';

/** The fields of a placement outcome that are about the student (the ledger lists those present). */
const STUDENT_FIELDS = ['studentId', 'programme', 'cohort', 'hire', 'endOfPlacement'] as const;

/**
 * The ledger entry of one webhook delivery of a placement outcome to the student's school:
 * basis `own-school`, one entry per delivery (its id is the delivery's, so a retried or
 * redelivered fan-out records it once).
 */
export function outcomeDeliveryDisclosure(
  deliveryId: string,
  subscriptionId: string,
  event: PlacementOutcomeEvent,
): DisclosureInput & { disclosureId: string } {
  const data = event.data;
  return {
    disclosureId: `webhook|${deliveryId}`,
    studentId: data.studentId,
    schoolId: data.schoolId,
    recipient: { kind: 'school', id: data.schoolId },
    fields: STUDENT_FIELDS.filter((field) => data[field] !== undefined),
    basis: { kind: 'own-school' },
    channel: 'webhook',
    purpose: event.type,
    route: 'POST <subscription url>',
    subscriptionId,
    correlationId: event.id,
  };
}
