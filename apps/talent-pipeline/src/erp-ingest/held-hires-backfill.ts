import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Db } from 'mongodb';
import { MONGO_DB, runOnce } from '@app/persistence';
import { PlacementsService } from '../placements/placements.service';
import { ReviewQueueRepository } from './review-queue.repository';

/** The name of this backfill in the `migrations` collection. */
export const HELD_HIRES_BACKFILL = 'erp-held-hires-noted-on-placements';

/**
 * Hires held for review before placements carried `heldEvents` (ADR 0061) are noted on the
 * placements they name, once: otherwise a redelivery of one that an operator rejected, or
 * linked to another placement, could be applied by the batch path once its placement became
 * hireable. Every hire held since is noted when it is held.
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
}
