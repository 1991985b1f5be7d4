import { Inject, Injectable } from '@nestjs/common';
import { Db } from 'mongodb';
import { AggregateStore, MONGO_DB, OutboxSignal } from '@app/persistence';
import { RdPlacementDecisionDocument } from './rd-placement-decision.document';

export const RD_PLACEMENT_DECISIONS = 'rd_placement_decisions';

@Injectable()
export class RdPlacementDecisionsRepository {
  readonly store: AggregateStore<RdPlacementDecisionDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<RdPlacementDecisionDocument>(db, RD_PLACEMENT_DECISIONS, signal);
  }
}
