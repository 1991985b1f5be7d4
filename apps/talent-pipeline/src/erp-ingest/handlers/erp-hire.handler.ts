import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { CloudEvent, EventData, ErpHire, PLATFORM_STUDENT_SCHEME } from '@app/contracts';
import { faultPoint } from '@app/base';
import { KafkaEventContext } from '@app/messaging';
import { PartnersService } from '../../partners/partners.service';
import { PlacementDocument } from '../../placements/placement.document';
import { PlacementsService } from '../../placements/placements.service';
import { StudentsService } from '../../students/students.service';
import { erpDedupeKey, ErpInboxRepository } from '../erp-inbox.repository';
import { ReviewQueueRepository } from '../review-queue.repository';
import { inboundEnterpriseOf } from './inbound-enterprise';

type ErpHireEvent = CloudEvent<typeof ErpHire.type, EventData<typeof ErpHire>>;

/**
 * Applies an ERP hire to the matching placement: the placement becomes `hired` and the
 * outcome event for the school is queued in the same write. Events that match no placement,
 * or a placement that cannot be hired, are held for review, never dropped.
 */
@Controller()
export class ErpHireHandler {
  constructor(
    private readonly placements: PlacementsService,
    private readonly students: StudentsService,
    private readonly reviewQueue: ReviewQueueRepository,
    private readonly inbox: ErpInboxRepository,
    private readonly partners: PartnersService,
  ) {}

  @EventPattern(ErpHire.type)
  async onHire(@Payload() event: ErpHireEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    const enterpriseId = await inboundEnterpriseOf(context, this.partners);
    const dedupeKey = erpDedupeKey(enterpriseId, event);
    // Shared dedupe with HTTP: an event first seen on Kafka makes a later HTTP post of it a duplicate.
    const seenBefore = await this.inbox.recordArrival(enterpriseId, event);
    // Already applied (by either path or by an operator) or rejected: a redelivery changes nothing.
    if (seenBefore === 'applied' || seenBefore === 'rejected') return;
    if (seenBefore === 'held-for-review') {
      // An operator may be deciding about it right now: leave it to them.
      const reviewed = await this.reviewQueue.findByKey(dedupeKey);
      if (reviewed && reviewed.status !== 'pending') return;
    }

    const placement = await this.findPlacement(enterpriseId, event);
    if (!placement) return this.hold(dedupeKey, enterpriseId, event, 'no placement of this enterprise matches the event');
    if (placement.appliedEvents?.includes(dedupeKey)) {
      // Redelivery, or the same event arrived by the other path: already applied.
      await this.inbox.markStatus(dedupeKey, 'applied');
      return;
    }
    if (!this.placements.canBeHired(placement)) {
      return this.hold(dedupeKey, enterpriseId, event, `placement ${placement._id} is ${placement.status} and cannot be hired`);
    }
    await this.placements.transition(placement._id, {
      current: placement,
      to: 'hired',
      causedBy: { source: event.source, id: event.id, type: event.type },
      appliedEvent: dedupeKey,
      hire: { positionTitle: event.data.position.title, hireDate: event.data.hireDate },
      correlationid: event.correlationid,
    });
    faultPoint('erp-hire.after-apply');
    await this.inbox.markStatus(dedupeKey, 'applied');
  }

  private async findPlacement(enterpriseId: string, event: ErpHireEvent): Promise<PlacementDocument | null> {
    if (event.data.placementId) {
      const placement = await this.placements.findById(event.data.placementId);
      return placement?.enterpriseId === enterpriseId ? placement : null;
    }
    const ids = event.data.person?.ids ?? [];
    const studentIds = new Set(ids.filter((id) => id.schemeId === PLATFORM_STUDENT_SCHEME).map((id) => id.value));
    for (const student of await this.students.findByExternalIds(ids)) studentIds.add(student._id);
    for (const studentId of studentIds) {
      const candidates = await this.placements.findForStudentAtEnterprise(studentId, enterpriseId);
      const hireable = candidates.find(
        (p) => this.placements.canBeHired(p) || p.appliedEvents?.includes(erpDedupeKey(enterpriseId, event)),
      );
      if (hireable) return hireable;
      if (candidates[0]) return candidates[0];
    }
    return null;
  }

  private async hold(dedupeKey: string, enterpriseId: string, event: ErpHireEvent, reason: string): Promise<void> {
    await this.reviewQueue.hold(dedupeKey, enterpriseId, event, reason);
    await this.inbox.markStatus(dedupeKey, 'held-for-review');
  }
}
