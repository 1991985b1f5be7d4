import { Injectable } from '@nestjs/common';
import { CloudEvent, isEvent, PLACEMENT_OUTCOME_CONTRACT_LIST } from '@app/contracts';
import { ConsentService } from '../consent/consent.service';
import { ConsentPurpose } from '../consent/domain/consent-purpose';
import { DisclosureService } from '../disclosures/disclosure.service';
import { StudentsService } from '../students/students.service';
import { outcomePersonalFields, redactedOutcome } from './domain/enterprise-outcome-payload';
import { WebhookDeliveryDocument } from './webhook-delivery.document';
import { WebhookSubscriptionDocument } from './webhook-subscription.document';

/** Either consent lets an enterprise receive the student's part of its placement's outcome. */
const ENTERPRISE_OUTCOME_PURPOSES: readonly ConsentPurpose[] = ['placement', 'data-sharing-with-enterprise'];

/**
 * What one delivery attempt sends. A school's subscription gets the outcome as stored (its
 * own student; recorded in the ledger at fan-out). An enterprise's gets the student's personal
 * fields only if the student's consent `placement` or `data-sharing-with-enterprise` to it is
 * in force at this attempt, recorded in the ledger (once per delivery) before the POST;
 * otherwise the outcome redacted. Decided per attempt, so a withdrawal between a failed attempt
 * and its retry is honoured (docs/decisions/0039).
 */
@Injectable()
export class WebhookPayloadService {
  constructor(
    private readonly consents: ConsentService,
    private readonly disclosures: DisclosureService,
    private readonly students: StudentsService,
  ) {}

  async forAttempt(delivery: WebhookDeliveryDocument, subscription: WebhookSubscriptionDocument): Promise<CloudEvent> {
    const enterpriseId = subscription.enterpriseId;
    const event = delivery.event;
    if (!enterpriseId || !isEvent(PLACEMENT_OUTCOME_CONTRACT_LIST, event)) return event;
    const data = event.data;
    const consent = (await this.consents.consentsInForceFor([data.studentId], enterpriseId, ENTERPRISE_OUTCOME_PURPOSES)).get(
      data.studentId,
    );
    if (!consent) return redactedOutcome(event);
    await this.disclosures.recordOnce({
      disclosureId: `webhook|${delivery._id}`,
      studentId: data.studentId,
      schoolId: data.schoolId,
      recipient: { kind: 'enterprise', id: enterpriseId },
      fields: outcomePersonalFields(data),
      basis: { kind: 'consent', consentId: consent._id },
      channel: 'webhook',
      purpose: consent.purpose,
      route: `POST <subscription url> (${event.type})`,
      subscriptionId: subscription._id,
      correlationId: event.id,
    });
    // Checked after the ledger entry (ADR 0037, session 34 addendum): an erasure that started before
    // this check gets the redacted outcome sent; one that starts after it finds the entry when it
    // reads the ledger, and notices the enterprise. (The entry may then name fields that were not sent.)
    if (await this.students.isErasingOrErased(data.studentId)) return redactedOutcome(event);
    return event;
  }
}
