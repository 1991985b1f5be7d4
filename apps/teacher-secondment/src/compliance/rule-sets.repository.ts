import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, MongoServerError } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { DEFAULT_RULE_SET } from './domain/default-rule-set';
import { RuleSet } from './domain/rule-set';

interface RuleSetDocument extends RuleSet {
  /** `<id>@<version>`: a version, once published, is never replaced. */
  _id: string;
  publishedAt: Date;
}

@Injectable()
export class RuleSetsRepository implements OnModuleInit {
  private readonly ruleSets: Collection<RuleSetDocument>;
  private cache?: { at: number; all: RuleSet[] };

  constructor(@Inject(MONGO_DB) db: Db) {
    this.ruleSets = db.collection<RuleSetDocument>('rule_sets');
  }

  async onModuleInit(): Promise<void> {
    await this.ruleSets.createIndex({ jurisdiction: 1 });
    await this.insert(DEFAULT_RULE_SET);
  }

  /** Inserts a version; false if that id and version exist already. */
  async insert(ruleSet: RuleSet): Promise<boolean> {
    try {
      await this.ruleSets.insertOne({ ...ruleSet, _id: `${ruleSet.id}@${ruleSet.version}`, publishedAt: new Date() });
      this.cache = undefined;
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return false;
      throw error;
    }
  }

  /** Every version of every rule set. Few and small; cached for a second so sweeps and reports do not re-read them per teacher. */
  async all(): Promise<RuleSet[]> {
    if (this.cache && Date.now() - this.cache.at < 1000) return this.cache.all;
    const docs = await this.ruleSets
      .find({}, { projection: { publishedAt: 0 } })
      .sort({ _id: 1 })
      .limit(1000)
      .toArray();
    const all = docs.map(({ _id: _ignored, ...rest }) => rest as RuleSet);
    this.cache = { at: Date.now(), all };
    return all;
  }
}
