import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { CloudEvent, ErpPlacementStart } from '@app/contracts';
import { MONGO_DB } from '@app/persistence';
import { AgreementParty } from '../placements/domain/agreement-sign-off';
import { ErpPersonMatch } from './domain/erp-person-erasure';
import { erasePersonIdsIn, removePersonalFieldsIn } from './erase-person-ids';

import { ReviewStatus } from './review-status';

export { REVIEW_STATUSES } from './review-status';
export type { ReviewStatus } from './review-status';

export interface ReviewItemDocument {
  /** The ERP event's dedupe key, so a redelivery does not queue it twice. */
  _id: string;
  enterpriseId: string;
  event: CloudEvent;
  reason: string;
  /** `resolving` while an operator's link is being applied; a retry of the same link may resume it. */
  status: ReviewStatus;
  queuedAt: Date;
  resolution?: {
    placementId: string;
    studentId?: string;
    at?: Date;
    automatic?: AutomaticResolution;
    /** Why the platform resolved it without applying it: the ERP rescinded the held start (ADR 0079). */
    superseded?: string;
  };
  /**
   * Set while the item, a start, waits only for this placement's agreement signatures: applied
   * when the last one is recorded (ADR 0079). Removed when the item leaves `pending` or is held
   * for another reason.
   */
  awaitsSignatures?: { placementId: string };
  /** When the current `resolving` claim was taken; a claim older than a resolution can take was left by a crash. */
  claimedAt?: Date;
  rejection?: { reason: string; at: Date };
}

/** The reason a start held for its agreement's signatures was given (decideErpStart), naming the placement. */
const UNSIGNED_START_REASON = /^placement (\S+) cannot be started yet: the placement agreement lacks the signatures of /;

/** A link the platform made on its own: a held start applied when the placement's agreement got its last signature. */
export type AutomaticResolution =
  | {
      on: 'agreement-signed';
      /** Who signed last (the party, not the signer's name, which stays on the placement) and when. */
      lastSignature: { party: AgreementParty; signedAt: string };
    }
  | {
      /** A start held for signatures that the ERP rescinded meanwhile: resolved when the rescission arrived. */
      on: 'start-rescinded';
      /** The ERP's rescission (its CloudEvent id). */
      rescissionEventId: string;
    };

/** The URL-safe id of a review item: the dedupe key holds `|` and the ERP's own characters. */
export function reviewItemId(dedupeKey: string): string {
  return Buffer.from(dedupeKey).toString('base64url');
}

export function dedupeKeyOfReviewItem(id: string): string | null {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) return null;
  const key = Buffer.from(id, 'base64url').toString();
  return reviewItemId(key) === id ? key : null;
}

/**
 * ERP events that could not be applied (no matching placement, wrong state), kept for an
 * operator. Items are never deleted: resolved and rejected ones stay queryable.
 */
@Injectable()
export class ReviewQueueRepository implements OnModuleInit {
  private readonly items: Collection<ReviewItemDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.items = db.collection<ReviewItemDocument>('erp_review_queue');
  }

  async onModuleInit(): Promise<void> {
    await this.items.createIndex({ status: 1, queuedAt: 1 });
    // Only items waiting for signatures have the field: the signature's lookup and the repair page read just those.
    await this.items.createIndex({ 'awaitsSignatures.placementId': 1 }, { sparse: true });
  }

  /** Holds an event for an operator; `awaitsSignaturesOf` when it waits only for that placement's agreement signatures. */
  async hold(dedupeKey: string, enterpriseId: string, event: CloudEvent, reason: string, awaitsSignaturesOf?: string): Promise<void> {
    await this.items.updateOne(
      { _id: dedupeKey },
      {
        $setOnInsert: {
          enterpriseId,
          event,
          reason,
          status: 'pending',
          queuedAt: new Date(),
          ...(awaitsSignaturesOf ? { awaitsSignatures: { placementId: awaitsSignaturesOf } } : {}),
        },
      },
      { upsert: true },
    );
  }

  /**
   * Pending starts held for signatures before the field existed: marked from the placement their
   * reason names (`placement <id> cannot be started yet: …`, decideErpStart's wording). Once, at
   * the backfill. Returns how many it marked.
   */
  async markStartsAwaitingSignaturesByReason(): Promise<number> {
    const unmarked = await this.items
      .find(
        { status: 'pending', 'event.type': ErpPlacementStart.type, awaitsSignatures: { $exists: false }, reason: UNSIGNED_START_REASON },
        { projection: { reason: 1 } },
      )
      .toArray();
    let marked = 0;
    for (const item of unmarked) {
      const placementId = UNSIGNED_START_REASON.exec(item.reason)?.[1];
      if (!placementId) continue;
      await this.items.updateOne({ _id: item._id, status: 'pending' }, { $set: { awaitsSignatures: { placementId } } });
      marked++;
    }
    return marked;
  }

  /** Pending items waiting for the signatures of `placementId`'s agreement. */
  awaitingSignaturesOf(placementId: string): Promise<ReviewItemDocument[]> {
    return this.items.find({ 'awaitsSignatures.placementId': placementId, status: 'pending' }).limit(100).toArray();
  }

  /** Up to `limit` pending items waiting for signatures, by id after `afterId` (the repair pass's page). */
  awaitingSignatures(limit: number, afterId?: string): Promise<ReviewItemDocument[]> {
    return this.items
      .find({ 'awaitsSignatures.placementId': { $gt: '' }, status: 'pending', ...(afterId !== undefined ? { _id: { $gt: afterId } } : {}) })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }

  /**
   * A pending item keeps waiting, for `reason` now: still for the signatures (`awaitsSignaturesOf`)
   * or, without it, for an operator only.
   */
  async holdFor(dedupeKey: string, reason: string, awaitsSignaturesOf?: string): Promise<void> {
    await this.items.updateOne(
      { _id: dedupeKey, status: 'pending' },
      awaitsSignaturesOf
        ? { $set: { reason, awaitsSignatures: { placementId: awaitsSignaturesOf } } }
        : { $set: { reason }, $unset: { awaitsSignatures: '' } },
    );
  }

  /** As ErpInboxRepository.removePersonalFields, for a held event. */
  removePersonalFields(dedupeKey: string, event: CloudEvent): Promise<void> {
    return removePersonalFieldsIn(this.items, dedupeKey, event);
  }

  /** A student's erasure: as ErpInboxRepository.erasePersonIds, for the held events. */
  async erasePersonIds(match: ErpPersonMatch): Promise<number> {
    return erasePersonIdsIn(this.items, match);
  }

  findByKey(dedupeKey: string): Promise<ReviewItemDocument | null> {
    return this.items.findOne({ _id: dedupeKey });
  }

  list(filter: { enterpriseId?: string; status?: ReviewStatus; limit: number }): Promise<ReviewItemDocument[]> {
    return this.items
      .find({ status: filter.status ?? 'pending', ...(filter.enterpriseId ? { enterpriseId: filter.enterpriseId } : {}) })
      .sort({ queuedAt: 1 })
      .limit(filter.limit)
      .toArray();
  }

  /**
   * Claims a pending item for linking to `placementId`. A retry with the same placement may
   * take over an item left `resolving` (e.g. after a crash), so a link always completes. An
   * `automatic` link says so in the claim, so the resolution says it even when a crash leaves
   * the claim to be completed by recovery.
   */
  claimForResolution(
    dedupeKey: string,
    placementId: string,
    studentId?: string,
    automatic?: AutomaticResolution,
  ): Promise<ReviewItemDocument | null> {
    const resolution = { placementId, ...(studentId ? { studentId } : {}), ...(automatic ? { automatic } : {}) };
    return this.items.findOneAndUpdate(
      // The platform never takes over an operator's link in progress.
      {
        _id: dedupeKey,
        $or: [
          { status: 'pending' as const },
          ...(automatic ? [] : [{ status: 'resolving' as const, 'resolution.placementId': placementId }]),
        ],
      },
      { $set: { status: 'resolving', claimedAt: new Date(), resolution } },
      { returnDocument: 'after' },
    );
  }

  /** Releases the claim for `placementId` (only that one: a newer claim for another placement stays). */
  async releaseClaim(dedupeKey: string, placementId?: string): Promise<void> {
    await this.items.updateOne(
      { _id: dedupeKey, status: 'resolving', ...(placementId ? { 'resolution.placementId': placementId } : {}) },
      { $set: { status: 'pending' }, $unset: { resolution: '', claimedAt: '' } },
    );
  }

  /** Items of an enterprise (or all) left `resolving` by a claim taken before `claimedBefore`, or by one without a time. */
  findStaleClaims(claimedBefore: Date, enterpriseId?: string, limit = 100): Promise<ReviewItemDocument[]> {
    return this.items
      .find({
        status: 'resolving',
        $or: [{ claimedAt: { $lt: claimedBefore } }, { claimedAt: { $exists: false } }],
        ...(enterpriseId ? { enterpriseId } : {}),
      })
      .limit(limit)
      .toArray();
  }

  /** Completes the claim taken at `claimedAt` (only that one: a claim taken over since is not ours to complete). */
  async markResolved(dedupeKey: string, claimedAt?: Date): Promise<ReviewItemDocument | null> {
    return this.items.findOneAndUpdate(
      { _id: dedupeKey, status: 'resolving', ...(claimedAt ? { claimedAt } : {}) },
      { $set: { status: 'resolved', 'resolution.at': new Date() }, $unset: { awaitsSignatures: '' } },
      { returnDocument: 'after' },
    );
  }

  /** Every held hire that names a placement: its dedupe key and that placement. */
  async heldHiresNamingPlacements(): Promise<{ dedupeKey: string; placementId: string }[]> {
    const items = await this.items
      .find({ 'event.data.placementId': { $exists: true } }, { projection: { 'event.data.placementId': 1 } })
      .toArray();
    return items.map((item) => ({ dedupeKey: item._id, placementId: String((item.event.data as { placementId: unknown }).placementId) }));
  }

  /**
   * Resolves a pending item without applying it, saying why (`resolution.superseded`): a held
   * start the ERP rescinded, found so at its placement's last signature (`automatic`). Null when
   * it was not pending (an operator got there first).
   */
  resolveSuperseded(
    dedupeKey: string,
    placementId: string,
    automatic: AutomaticResolution,
    reason: string,
  ): Promise<ReviewItemDocument | null> {
    return this.items.findOneAndUpdate(
      { _id: dedupeKey, status: 'pending' },
      {
        $set: { status: 'resolved', resolution: { placementId, automatic, superseded: reason, at: new Date() } },
        $unset: { awaitsSignatures: '', claimedAt: '' },
      },
      { returnDocument: 'after' },
    );
  }

  reject(dedupeKey: string, reason: string): Promise<ReviewItemDocument | null> {
    return this.items.findOneAndUpdate(
      { _id: dedupeKey, status: 'pending' },
      { $set: { status: 'rejected', rejection: { reason, at: new Date() } }, $unset: { awaitsSignatures: '' } },
      { returnDocument: 'after' },
    );
  }
}
