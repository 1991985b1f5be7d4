import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessLogEntryDocument } from './access-log-entry.document';
import { AccessLogFilter, AccessLogRepository } from './access-log.repository';
import { OperatorAccess } from './domain/operator-headers';

/** The operator access log; the interceptor writes it, operators query it. */
@Injectable()
export class AccessLogService {
  constructor(private readonly log: AccessLogRepository) {}

  /** Resolves once stored: the interceptor answers only after this. */
  async record(access: OperatorAccess, read: { route: string; path: string; studentIds: string[]; requestId: string }): Promise<void> {
    await this.log.append({ _id: randomUUID(), ...access, ...read, at: new Date() });
  }

  query(filter: AccessLogFilter): Promise<AccessLogEntryDocument[]> {
    return this.log.find(filter);
  }
}
