import { Injectable } from '@nestjs/common';
import { KafkaEventContext } from '@app/messaging';
import { PartnersService } from '../partners/partners.service';
import { IllegalTransitionError } from '../placements/domain/placement-lifecycle';
import { OlderThanScheduledEndError } from '../placements/domain/scheduled-end';
import { PlacementDocument } from '../placements/placement.document';
import { ErpPlacementEndEvent, PlacementsService } from '../placements/placements.service';
import { StudentsService } from '../students/students.service';
import { arrivalToApply } from './erp-arrival';
import { erpDedupeKey, ErpInboxRepository } from './erp-inbox.repository';
import { placementsNamedBy } from './erp-placement-lookup';
import { inboundEnterpriseOf } from './handlers/inbound-enterprise';
import { ReviewQueueRepository } from './review-queue.repository';

export type { ErpPlacementEndEvent };

/**
 * Applies an ERP's end of a placement: the enterprise's matching active placement becomes
 * `completed` or `terminated`, and the outcome for the school is queued in the same write (with
 * the event's dedupe key, so a redelivery, or the same event over HTTP and Kafka, has one
 * effect); an end whose `lastDay` is after today waits on the placement as its scheduled end,
 * recorded in the same way (ADR 0076). An event that matches no placement of the enterprise, a
 * placement that is not active, or an end older than the one scheduled, is held for review,
 * never dropped.
 */
@Injectable()
export class ErpPlacementEndService {
  constructor(
    private readonly placements: PlacementsService,
    private readonly students: StudentsService,
    private readonly reviewQueue: ReviewQueueRepository,
    private readonly inbox: ErpInboxRepository,
    private readonly partners: PartnersService,
  ) {}

  async apply(event: ErpPlacementEndEvent, context: KafkaEventContext): Promise<void> {
    const enterpriseId = await inboundEnterpriseOf(context, this.partners);
    const dedupeKey = erpDedupeKey(enterpriseId, event);
    if (!(await arrivalToApply(this.inbox, this.reviewQueue, enterpriseId, event, dedupeKey))) return;

    const candidates = await placementsNamedBy(this.placements, this.students, enterpriseId, event.data);
    const placement =
      candidates.find((p) => p.appliedEvents?.includes(dedupeKey)) ??
      candidates.find((p) => this.placements.canBeEndedByErp(p)) ??
      candidates[0];
    if (!placement) return this.hold(dedupeKey, enterpriseId, event, 'no placement of this enterprise matches the event');
    if (placement.appliedEvents?.includes(dedupeKey)) return this.inbox.markStatus(dedupeKey, 'applied');
    if (!this.placements.canBeEndedByErp(placement)) return this.hold(dedupeKey, enterpriseId, event, notActive(placement, event));
    try {
      await this.placements.applyErpEnd(placement._id, { event, appliedEvent: dedupeKey, current: placement });
    } catch (error) {
      // The ERP sent a newer end before this one arrived: that one stands.
      if (error instanceof OlderThanScheduledEndError) return this.hold(dedupeKey, enterpriseId, event, error.message);
      // It ended (or moved on) between the read and the write, by another path.
      if (!(error instanceof IllegalTransitionError)) throw error;
      const now = await this.placements.findById(placement._id);
      return this.hold(dedupeKey, enterpriseId, event, notActive(now ?? placement, event));
    }
    await this.inbox.markStatus(dedupeKey, 'applied');
  }

  private async hold(dedupeKey: string, enterpriseId: string, event: ErpPlacementEndEvent, reason: string): Promise<void> {
    await this.reviewQueue.hold(dedupeKey, enterpriseId, event, reason);
    await this.inbox.markStatus(dedupeKey, 'held-for-review');
  }
}

function notActive(placement: PlacementDocument, event: ErpPlacementEndEvent): string {
  return `placement ${placement._id} is ${placement.status} and cannot be ${event.data.outcome}`;
}
