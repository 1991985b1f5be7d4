import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Db } from 'mongodb';
import { MONGO_DB, runOnce } from '@app/persistence';
import { PlacementsService } from '../placements/placements.service';
import { ReviewQueueRepository } from './review-queue.repository';

/** The names of the backfills in the `migrations` collection. */
export const HELD_HIRES_BACKFILL = 'erp-held-hires-noted-on-placements';
export const HELD_STARTS_BACKFILL = 'erp-held-starts-await-signatures';

/**
 * Hires held for review before placements carried `heldEvents` (ADR 0061) are noted on the
 * placements they name, once: otherwise a redelivery of one that an operator rejected, or
 * linked to another placement, could be applied by the batch path once its placement became
 * hireable. Every hire held since is noted when it is held.
 *
 * Likewise ERP starts held for their agreement's signatures before such items were marked
 * `awaitsSignatures` (ADR 0079, "a held start goes on at the last signature") are marked once,
 * from the placement their reason names: the review queue then applies them at the last
 * signature, or, for a placement signed meanwhile, at the scheduler's next pass.
 */
@Injectable()
export class HeldHiresBackfill implements OnApplicationBootstrap {
  private readonly logger = new Logger(HeldHiresBackfill.name);

  constructor(
    @Inject(MONGO_DB) private readonly db: Db,
    private readonly reviewQueue: ReviewQueueRepository,
    private readonly placements: PlacementsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.run();
    await this.runHeldStarts();
  }

  /** Runs unless it completed before; returns how many held hires it noted (0 when it did not run). */
  async run(): Promise<number> {
    let noted = 0;
    await runOnce(this.db, HELD_HIRES_BACKFILL, async () => {
      for (const { dedupeKey, placementId } of await this.reviewQueue.heldHiresNamingPlacements()) {
        await this.placements.noteHeldHire(placementId, dedupeKey);
        noted++;
      }
    });
    if (noted > 0) this.logger.log(`noted ${noted} held ERP hires on the placements they name`);
    return noted;
  }

  /** Marks the held starts waiting for signatures, unless it completed before; returns how many (0 when it did not run). */
  async runHeldStarts(): Promise<number> {
    let marked = 0;
    await runOnce(this.db, HELD_STARTS_BACKFILL, async () => {
      marked = await this.reviewQueue.markStartsAwaitingSignaturesByReason();
    });
    if (marked > 0) this.logger.log(`marked ${marked} held ERP starts as waiting for their agreement's signatures`);
    return marked;
  }
}
