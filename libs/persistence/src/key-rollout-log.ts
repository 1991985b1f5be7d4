import { Logger } from '@nestjs/common';
import { Db, MongoBulkWriteError } from 'mongodb';
import { KeySettingNames, keyFingerprint, keyRolloutProblem, KeyUse, NO_KEY } from '@app/base';

interface KeyUseDocument extends KeyUse {
  _id: string;
  purpose: string;
}

/** The keys a replica starts with: the current one (none when the values are stored in clear) and the others that still open. */
export interface StartingKeys {
  purpose: string;
  current?: Buffer;
  previous: readonly Buffer[];
  names: KeySettingNames;
  /** The operator's override: the problem is logged, not thrown. */
  allowOneRollout: boolean;
}

/**
 * The keys the replicas of a service started with, by fingerprint, in its own database
 * (`key_rollouts`): what lets a replica refuse keys that would lock the replicas beside it out
 * of what it seals (ADR 0087). One read and one write at start; nothing at run time.
 */
export class KeyRolloutLog {
  private readonly logger = new Logger(KeyRolloutLog.name);

  constructor(private readonly db: Db) {}

  /** Throws, naming the settings to change, when these keys would break a rotation; else records them. */
  async checkAndRecord(keys: StartingKeys): Promise<void> {
    const log = this.db.collection<KeyUseDocument>('key_rollouts');
    const uses = await log.find({ purpose: keys.purpose }).toArray();
    const problem = keyRolloutProblem(uses, keys, keys.names);
    if (problem && !keys.allowOneRollout) throw new Error(problem);
    if (problem) this.logger.warn(`${keys.names.allowOneRollout}=true, starting anyway: ${problem}`);
    const now = new Date();
    const record = (fingerprint: string, update: object) => ({
      updateOne: {
        filter: { _id: `${keys.purpose}:${fingerprint}` },
        update: { ...update, $setOnInsert: { purpose: keys.purpose, fingerprint } },
        upsert: true,
      },
    });
    const writes = [
      // $max: the last start as current; $min: the first listing, whichever of several replicas writes last.
      record(keys.current ? keyFingerprint(keys.current) : NO_KEY, { $max: { lastCurrentAt: now } }),
      ...keys.previous.map((key) => record(keyFingerprint(key), { $min: { firstListedAt: now } })),
    ];
    try {
      await log.bulkWrite(writes, { ordered: false });
    } catch (error) {
      // Replicas starting together may race to insert the same record: again, it is then an update.
      if (!(error instanceof MongoBulkWriteError && error.code === 11000)) throw error;
      await log.bulkWrite(writes, { ordered: false });
    }
  }
}
