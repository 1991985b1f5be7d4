import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';

export const CREDENTIAL_ACTIONS = ['api-key.rotated', 'api-key.revoked', 'erp-signing-secret.rotated'] as const;
export type CredentialAction = (typeof CREDENTIAL_ACTIONS)[number];

/** One operator action on a partner's credentials: append-only, never the secret itself. */
export interface CredentialAuditEntry {
  _id: string;
  at: Date;
  action: CredentialAction;
  partner: { kind: 'school' | 'enterprise'; id: string };
  /** The operator's `X-Operator-Id` when sent, else `operator` (the admin token is shared). */
  actor: string;
  reason?: string;
  /** Until when the replaced credential is still accepted (rotations). */
  previousValidUntil?: Date;
  correlationId: string;
}

@Injectable()
export class CredentialAuditRepository implements OnModuleInit {
  private readonly entries: Collection<CredentialAuditEntry>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.entries = db.collection<CredentialAuditEntry>('credential_audit');
  }

  async onModuleInit(): Promise<void> {
    await this.entries.createIndex({ 'partner.id': 1, at: -1 });
  }

  async record(entry: Omit<CredentialAuditEntry, '_id' | 'at'>): Promise<CredentialAuditEntry> {
    const stored = { _id: randomUUID(), at: new Date(), ...entry };
    await this.entries.insertOne(stored);
    return stored;
  }

  list(filter: { partnerId?: string; action?: CredentialAction; limit: number }): Promise<CredentialAuditEntry[]> {
    return this.entries
      .find({ ...(filter.partnerId ? { 'partner.id': filter.partnerId } : {}), ...(filter.action ? { action: filter.action } : {}) })
      .sort({ at: -1 })
      .limit(filter.limit)
      .toArray();
  }
}
