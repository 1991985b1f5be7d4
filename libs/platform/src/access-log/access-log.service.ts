import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessLogEntryDocument } from './access-log-entry.document';
import { AccessLogFilter, AccessLogRepository } from './access-log.repository';
import { OperatorAccess } from './domain/operator-headers';
import { PeopleRead } from './domain/people-read';

/** The operator access log; the interceptor writes it, operators query it. */
@Injectable()
export class AccessLogService {
  constructor(private readonly log: AccessLogRepository) {}

  /** Resolves once stored: the interceptor answers only after this. */
  async record(access: OperatorAccess, read: { route: string; path: string; people: PeopleRead; requestId: string }): Promise<void> {
    const { studentIds, teacherIds } = read.people;
    await this.log.append({
      _id: randomUUID(),
      ...access,
      route: read.route,
      path: read.path,
      studentIds,
      // Only where a read returned teachers: the talent pipeline's entries keep their shape.
      ...(teacherIds.length > 0 ? { teacherIds } : {}),
      requestId: read.requestId,
      at: new Date(),
    });
  }

  /** Replaces an erased student's id by its pseudonym in every entry (for services that pseudonymise ids). */
  replaceStudentId(studentId: string, pseudonym: string): Promise<number> {
    return this.log.replaceStudentId(studentId, pseudonym);
  }

  /** How many entries name the student (in `studentIds` or the path), for an erasure's survey. */
  countForStudent(studentId: string): Promise<number> {
    return this.log.countForStudent(studentId);
  }

  query(filter: AccessLogFilter): Promise<AccessLogEntryDocument[]> {
    return this.log.find(filter);
  }
}
