import { Db } from 'mongodb';
import { FieldError } from '@app/base';
import { AccessLogRepository } from './access-log.repository';
import { AccessLogService } from './access-log.service';
import { operatorAccessOf } from './domain/operator-headers';
import { PeopleRead } from './domain/people-read';

/** What a read made outside the HTTP API says about itself: who (as stated), why, what. */
export interface OperatorReadOutsideHttp {
  operatorId?: string;
  reason?: string;
  /** What was run, in place of a route, e.g. `dlt show`. */
  route: string;
  /** The command's target, e.g. `dlt show talent.erp-inbound.v1.dlt 0@12`. */
  path: string;
  people: PeopleRead;
  requestId: string;
}

/**
 * Writes an operator's read of personal data made outside the HTTP API (the dead-letter CLI
 * reading Kafka directly) to the service's operator access log, in the service's own database.
 * The identity is stated (`authenticated: false`): the CLI runs with the service's database and
 * broker credentials, not an operator key. Refuses (returns the problems, writes nothing) a read
 * that does not say who and why; the caller then shows nothing.
 */
export async function recordOperatorReadOutsideHttp(db: Db, read: OperatorReadOutsideHttp): Promise<FieldError[]> {
  const access = operatorAccessOf({ 'x-operator-id': read.operatorId, 'x-access-reason': read.reason });
  if (Array.isArray(access)) return access;
  await new AccessLogService(new AccessLogRepository(db)).record(access, read);
  return [];
}
