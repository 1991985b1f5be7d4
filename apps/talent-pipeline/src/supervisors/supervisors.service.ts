import { Injectable } from '@nestjs/common';
import { dedupeKeyOf, EventOf, SupervisorOffered, SupervisorWithdrawn } from '@app/contracts';
import { SupervisorDocument } from './supervisor.document';
import { SupervisorsRepository } from './supervisors.repository';

@Injectable()
export class SupervisorsService {
  constructor(private readonly supervisors: SupervisorsRepository) {}

  async offered(event: EventOf<typeof SupervisorOffered>): Promise<void> {
    const { teacherId, occurredAt, ...rest } = event.data;
    await this.supervisors.applyIfNewer(teacherId, occurredAt, { ...rest, status: 'offered', fromEvent: dedupeKeyOf(event) });
  }

  async withdrawn(event: EventOf<typeof SupervisorWithdrawn>): Promise<void> {
    const { teacherId, schoolId, reason, occurredAt } = event.data;
    await this.supervisors.applyIfNewer(teacherId, occurredAt, {
      schoolId,
      status: 'withdrawn',
      withdrawnReason: reason,
      fromEvent: dedupeKeyOf(event),
    });
  }

  /** Teachers offered as supervisors, of one school or (operator) of all. */
  available(schoolId?: string): Promise<SupervisorDocument[]> {
    return this.supervisors.offeredBySchool(schoolId);
  }
}
