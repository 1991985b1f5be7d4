import { Injectable } from '@nestjs/common';
import { faultPoint } from '@app/base';
import { BatchSettlement, BatchedEvent, KafkaEventContext } from '@app/messaging';
import { PartnersService } from '../partners/partners.service';
import { PlacementDocument } from '../placements/placement.document';
import { ErpHireEvent, PlacementsService } from '../placements/placements.service';
import { StudentsService } from '../students/students.service';
import { withoutPersonalFields } from './domain/erp-person-erasure';
import { arrivalToApply } from './erp-arrival';
import { erpDedupeKey, ErpInboxRepository } from './erp-inbox.repository';
import { isAboutErasedStudent, NamedPlacements, placementsNamedBy, studentsAbout } from './erp-placement-lookup';
import { removeIfErasedSinceRead } from './held-after-erasure';
import { inboundEnterpriseOf } from './handlers/inbound-enterprise';
import { ReviewQueueRepository } from './review-queue.repository';

export type { ErpHireEvent };

/** A hire of a batch that passed the checks a batch can make without reading anything. */
interface Candidate {
  index: number;
  enterpriseId: string;
  dedupeKey: string;
  item: BatchedEvent<ErpHireEvent>;
}

/**
 * Applies ERP hires to the matching placements: the placement becomes `hired` and the outcome
 * event for the school is queued in the same write. Events that match no placement, or a
 * placement that cannot be hired, are held for review, never dropped.
 */
@Injectable()
export class ErpHireService {
  constructor(
    private readonly placements: PlacementsService,
    private readonly students: StudentsService,
    private readonly reviewQueue: ReviewQueueRepository,
    private readonly inbox: ErpInboxRepository,
    private readonly partners: PartnersService,
  ) {}

  /**
   * The common case of many hires at once, in three round trips whatever their number: the
   * placements read, the hires written, the inbox records written. It takes the leading hires
   * that name their placement, each a different placement and event, up to the first that
   * needs more (a hire held for review before, a person to look up, a placement that cannot be
   * hired, a bad signature): that one and all after it are left to `apply`, one by one, in
   * order. The placement tells what the inbox would: a hire applied before is in its
   * `appliedEvents`, one held for review (pending, rejected, or linked elsewhere) in its
   * `heldEvents` (ADR 0061). Crash-safe: the placement write carries the event's dedupe key, so
   * a hire redelivered after a crash before its inbox record is recognised there and recorded.
   */
  async applyBatch(items: BatchedEvent<ErpHireEvent>[]): Promise<BatchSettlement> {
    const settled: BatchSettlement = items.map(() => false);
    let candidates = await this.leadingCandidates(items);
    if (candidates.length === 0) return settled;

    const placements = new Map(
      (await this.placements.findByIds(candidates.map((c) => c.item.event.data.placementId!))).map((p) => [p._id, p]),
    );
    const placementOf = (c: Candidate) => {
      const placement = placements.get(c.item.event.data.placementId!);
      return placement?.enterpriseId === c.enterpriseId ? placement : undefined;
    };
    // Applied before (a redelivery): only its inbox record may be missing.
    const appliedBefore = (c: Candidate) => placementOf(c)?.appliedEvents?.includes(c.dedupeKey) ?? false;
    // A hire whose placement the student's erasure pseudonymised goes one by one, applied before or
    // not: `apply` removes its personal fields from the inbox copy this path would write as sent.
    const placementPseudonymised = (c: Candidate) => placementOf(c)?.studentPseudonymisedAt !== undefined;
    const hireable = (c: Candidate) => {
      const placement = placementOf(c);
      return !!placement && !placement.heldEvents?.includes(c.dedupeKey) && this.placements.canBeHired(placement);
    };
    const firstNot = candidates.findIndex((c) => placementPseudonymised(c) || (!appliedBefore(c) && !hireable(c)));
    if (firstNot >= 0) candidates = candidates.slice(0, firstNot);
    if (candidates.length === 0) return settled;

    const toApply = candidates.filter((c) => !appliedBefore(c));
    const written = await this.placements.applyHires(
      toApply.map((c) => ({ event: c.item.event, appliedEvent: c.dedupeKey, current: placementOf(c)!, inTrace: c.item.inTrace })),
    );
    faultPoint('erp-hire.after-apply');
    const hired = new Set(toApply.filter((_, i) => written[i]));
    const applied = candidates.filter((c) => appliedBefore(c) || hired.has(c));
    await this.inbox.recordApplied(applied.map((c) => ({ enterpriseId: c.enterpriseId, event: c.item.event })));
    for (const c of applied) settled[c.index] = true;
    return settled;
  }

  /** The leading hires that name their placement, signed by their enterprise, each event and placement once. */
  private async leadingCandidates(items: BatchedEvent<ErpHireEvent>[]): Promise<Candidate[]> {
    const candidates: Candidate[] = [];
    const keys = new Set<string>();
    const placementIds = new Set<string>();
    for (const [index, item] of items.entries()) {
      const placementId = item.event.data.placementId;
      if (!placementId || placementIds.has(placementId)) break;
      let enterpriseId: string;
      try {
        enterpriseId = await inboundEnterpriseOf(item.context, this.partners);
      } catch {
        break; // apply() refuses it, as a dead letter
      }
      const dedupeKey = erpDedupeKey(enterpriseId, item.event);
      if (keys.has(dedupeKey)) break;
      keys.add(dedupeKey);
      placementIds.add(placementId);
      candidates.push({ index, enterpriseId, dedupeKey, item });
    }
    return candidates;
  }

  /** One hire, with every check; also what a batch falls back to for a hire it leaves unsettled. */
  async apply(event: ErpHireEvent, context: KafkaEventContext): Promise<void> {
    const enterpriseId = await inboundEnterpriseOf(context, this.partners);
    const dedupeKey = erpDedupeKey(enterpriseId, event);
    if (!(await arrivalToApply(this.inbox, this.reviewQueue, enterpriseId, event, dedupeKey))) return;

    const { placement, named } = await this.findPlacement(enterpriseId, event);
    // As ErpPlacementEvents: nothing personal kept about a student whose erasure has started.
    const erasing = isAboutErasedStudent(named, placement);
    if (erasing) await this.inbox.removePersonalFields(dedupeKey, event);
    const hold = async (reason: string) => {
      await this.hold(dedupeKey, enterpriseId, erasing ? withoutPersonalFields(event) : event, reason, placement ?? undefined);
      if (!erasing) await removeIfErasedSinceRead(this.stores(), dedupeKey, event, studentsAbout(named, placement));
    };
    if (!placement) return hold('no placement of this enterprise matches the event');
    if (placement.appliedEvents?.includes(dedupeKey)) {
      // Redelivery, or the same event arrived by the other path: already applied.
      await this.inbox.markStatus(dedupeKey, 'applied');
      return;
    }
    if (!this.placements.canBeHired(placement)) {
      return hold(`placement ${placement._id} is ${placement.status} and cannot be hired`);
    }
    await this.placements.applyHire(placement._id, { event, appliedEvent: dedupeKey, current: placement });
    faultPoint('erp-hire.after-apply');
    await this.inbox.markStatus(dedupeKey, 'applied');
  }

  private async findPlacement(
    enterpriseId: string,
    event: ErpHireEvent,
  ): Promise<{ placement: PlacementDocument | null; named: NamedPlacements }> {
    const named = await placementsNamedBy(this.placements, this.students, enterpriseId, event.data);
    const dedupeKey = erpDedupeKey(enterpriseId, event);
    const placement =
      named.placements.find((p) => this.placements.canBeHired(p) || p.appliedEvents?.includes(dedupeKey)) ?? named.placements[0] ?? null;
    return { placement, named };
  }

  private stores() {
    return { students: this.students, inbox: this.inbox, reviewQueue: this.reviewQueue };
  }

  /**
   * Queues the hire for an operator. The placement it named is marked first, so that a
   * redelivery, whatever the operator decides, goes through `apply` and its checks, never the
   * batch's fast path (ADR 0061).
   */
  private async hold(
    dedupeKey: string,
    enterpriseId: string,
    event: ErpHireEvent,
    reason: string,
    named?: PlacementDocument,
  ): Promise<void> {
    if (named) await this.placements.noteHeldHire(named._id, dedupeKey);
    await this.reviewQueue.hold(dedupeKey, enterpriseId, event, reason);
    await this.inbox.markStatus(dedupeKey, 'held-for-review');
  }
}
