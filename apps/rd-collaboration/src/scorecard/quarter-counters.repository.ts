import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, MongoServerError } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { Quarter } from './domain/quarter';
import { CounterIncrement, QuarterCountersDocument } from './quarter-counters.document';

@Injectable()
export class QuarterCountersRepository implements OnModuleInit {
  private readonly counters: Collection<QuarterCountersDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.counters = db.collection<QuarterCountersDocument>('scorecard_quarters');
  }

  async onModuleInit(): Promise<void> {
    await this.counters.createIndex({ schoolId: 1, enterpriseId: 1, quarter: 1 });
  }

  /**
   * Adds one event's increments to its pair's quarter in one single-document update, unless the
   * event key is already in `seen`. When it is, the filter does not match and the upsert's insert
   * hits the existing _id (duplicate key): that is the "already counted" answer.
   */
  async add(
    pair: { schoolId: string; enterpriseId: string },
    quarter: Quarter,
    eventKey: string,
    increment: CounterIncrement,
  ): Promise<'counted' | 'duplicate'> {
    const inc: Record<string, number> = {};
    for (const [name, n] of Object.entries(increment.counts ?? {})) inc[`counts.${name}`] = n;
    if (increment.engineerTeachingHours) inc.engineerTeachingHours = increment.engineerTeachingHours;
    if (increment.contributions) inc[`contributions.${increment.contributions.currency}`] = increment.contributions.amountMinor;
    if (increment.outcomeKind) inc[`outcomes.${increment.outcomeKind}`] = 1;
    const _id = `${pair.schoolId}|${pair.enterpriseId}|${quarter}`;
    const update = { $set: { schoolId: pair.schoolId, enterpriseId: pair.enterpriseId, quarter }, $inc: inc, $push: { seen: eventKey } };
    // A duplicate-key error means the quarter's document exists: it has counted this event, or
    // another event created it at the same moment (then this one is counted into it).
    for (let attempt = 1; ; attempt++) {
      try {
        await this.counters.updateOne({ _id, seen: { $ne: eventKey } }, update, { upsert: true });
        return 'counted';
      } catch (error) {
        if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
        if ((await this.counters.countDocuments({ _id, seen: eventKey }, { limit: 1 })) > 0) return 'duplicate';
        if (attempt >= 3) throw error;
      }
    }
  }

  ofPair(schoolId: string, enterpriseId: string, from: Quarter, to: Quarter): Promise<QuarterCountersDocument[]> {
    return this.counters
      .find({ schoolId, enterpriseId, quarter: { $gte: from, $lte: to } }, { projection: { seen: 0 } })
      .sort({ quarter: 1 })
      .limit(400)
      .toArray();
  }

  async firstQuarterOf(schoolId: string, enterpriseId: string): Promise<Quarter | undefined> {
    const [first] = await this.counters
      .find({ schoolId, enterpriseId }, { projection: { quarter: 1 } })
      .sort({ quarter: 1 })
      .limit(1)
      .toArray();
    return first?.quarter;
  }
}
