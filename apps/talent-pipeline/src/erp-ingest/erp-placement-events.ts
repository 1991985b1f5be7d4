import { Injectable, OnModuleInit } from '@nestjs/common';
import { CloudEvent } from '@app/contracts';
import { KafkaEventContext } from '@app/messaging';
import { PartnersService } from '../partners/partners.service';
import { IllegalTransitionError } from '../placements/domain/placement-lifecycle';
import { PlacementDocument } from '../placements/placement.document';
import { PlacementsService } from '../placements/placements.service';
import { StudentsService } from '../students/students.service';
import { arrivalToApply } from './erp-arrival';
import { erpDedupeKey, ErpInboxRepository } from './erp-inbox.repository';
import { ErpPlacementReference, placementsNamedBy } from './erp-placement-lookup';
import { inboundEnterpriseOf } from './handlers/inbound-enterprise';
import { ReviewQueueRepository } from './review-queue.repository';

/** What one kind of ERP event about a placement (an end, an offer's stage, a start) does to it. */
export interface ErpPlacementRule<E extends CloudEvent<string, ErpPlacementReference>> {
  /** Why the placement cannot take the event now, or undefined when it can. */
  refusal(placement: PlacementDocument, event: E): string | undefined;
  /** Applies it, with the dedupe key in the same write; `scheduledOn` when it was recorded to take effect on that day instead. */
  apply(placement: PlacementDocument, event: E, dedupeKey: string): Promise<{ duplicate: boolean; scheduledOn?: string }>;
  /** Why a refusal the domain raised while applying (other than an illegal transition) holds the event, or undefined to rethrow. */
  heldBecause?(error: unknown): string | undefined;
}

/**
 * The path every ERP event about one placement takes from the inbound topic (ADR 0076, 0079):
 * the inbox records the arrival (shared dedupe with HTTP), the enterprise's placement the event
 * names takes it through the rule, and an event that names no placement of the enterprise, or
 * one that cannot take it (the rule's refusal, or a change by another path between the read and
 * the write), is held for review, never dropped nor dead-lettered. An event scheduled on the
 * placement for a later day shows `scheduled` (with the day) in the inbox until the placement
 * tells that it was applied, or superseded (ADR 0079).
 */
@Injectable()
export class ErpPlacementEvents implements OnModuleInit {
  constructor(
    private readonly placements: PlacementsService,
    private readonly students: StudentsService,
    private readonly reviewQueue: ReviewQueueRepository,
    private readonly inbox: ErpInboxRepository,
    private readonly partners: PartnersService,
  ) {}

  onModuleInit(): void {
    // The placements feature applies scheduled steps without knowing the inbox: it tells us.
    this.placements.onScheduledStepSettled((settled) => this.inbox.settleScheduled(settled.appliedEvent, settled.fate));
  }

  async apply<E extends CloudEvent<string, ErpPlacementReference>>(
    event: E,
    context: KafkaEventContext,
    rule: ErpPlacementRule<E>,
  ): Promise<void> {
    const enterpriseId = await inboundEnterpriseOf(context, this.partners);
    const dedupeKey = erpDedupeKey(enterpriseId, event);
    if (!(await arrivalToApply(this.inbox, this.reviewQueue, enterpriseId, event, dedupeKey))) return;

    const candidates = await placementsNamedBy(this.placements, this.students, enterpriseId, event.data);
    const placement =
      candidates.find((p) => p.appliedEvents?.includes(dedupeKey)) ??
      candidates.find((p) => rule.refusal(p, event) === undefined) ??
      candidates[0];
    const hold = (reason: string) => this.hold(dedupeKey, enterpriseId, event, reason);
    if (!placement) return hold('no placement of this enterprise matches the event');
    // Applied before (the inbox record was lost with a crash): the placement says whether it still waits for its day.
    if (placement.appliedEvents?.includes(dedupeKey))
      return this.inbox.markApplied(dedupeKey, this.placements.scheduledDueOn(placement, dedupeKey));
    const refusal = rule.refusal(placement, event);
    if (refusal !== undefined) return hold(refusal);
    let scheduledOn: string | undefined;
    try {
      ({ scheduledOn } = await rule.apply(placement, event, dedupeKey));
    } catch (error) {
      const held = rule.heldBecause?.(error);
      if (held !== undefined) return hold(held);
      // It moved on between the read and the write, by another path.
      if (!(error instanceof IllegalTransitionError)) throw error;
      const now = (await this.placements.findById(placement._id)) ?? placement;
      return hold(rule.refusal(now, event) ?? error.message);
    }
    await this.inbox.markApplied(dedupeKey, scheduledOn);
  }

  private async hold(dedupeKey: string, enterpriseId: string, event: CloudEvent, reason: string): Promise<void> {
    await this.reviewQueue.hold(dedupeKey, enterpriseId, event, reason);
    await this.inbox.markStatus(dedupeKey, 'held-for-review');
  }
}
