import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Db, Filter } from 'mongodb';
import { AggregateStore, OutboxSignal, MONGO_DB } from '@app/persistence';
import { ProjectDocument } from './project.document';

export const PROJECTS = 'projects';

@Injectable()
export class ProjectsRepository implements OnModuleInit {
  readonly store: AggregateStore<ProjectDocument>;

  constructor(@Inject(MONGO_DB) db: Db, signal: OutboxSignal) {
    this.store = new AggregateStore<ProjectDocument>(db, PROJECTS, signal);
  }

  async onModuleInit(): Promise<void> {
    await this.store.collection.createIndex({ enterpriseId: 1 });
    await this.store.collection.createIndex({ schoolId: 1 });
    await this.store.collection.createIndex({ proposalId: 1 }, { unique: true });
    await this.store.collection.createIndex({ 'participants.personId': 1 });
    await this.store.collection.createIndex({ 'placementLinks.studentId': 1 });
  }

  find(filter: { enterpriseId?: string; schoolId?: string }, limit = 200): Promise<ProjectDocument[]> {
    return this.store.collection
      .find(filter as Filter<ProjectDocument>)
      .sort({ createdAt: -1 })
      .limit(limit)
      .toArray() as Promise<ProjectDocument[]>;
  }

  /** Every project that holds the student's id anywhere: as a participant, in hours, in a placement link. */
  withStudent(studentId: string): Promise<ProjectDocument[]> {
    return this.store.collection
      .find({
        $or: [{ 'participants.personId': studentId }, { 'hours.personId': studentId }, { 'placementLinks.studentId': studentId }],
      } as Filter<ProjectDocument>)
      .toArray() as Promise<ProjectDocument[]>;
  }

  /**
   * Of these proposals, those a project was made from, each with its closure instant once closed:
   * one indexed read (proposalId is unique).
   */
  async projectsByProposal(proposalIds: string[]): Promise<Map<string, { closedAt?: string }>> {
    const projects = await this.store.collection
      .find({ proposalId: { $in: proposalIds } } as Filter<ProjectDocument>, { projection: { proposalId: 1, status: 1, closure: 1 } })
      .toArray();
    return new Map(
      projects.map((p) => [p.proposalId, p.status === 'closed' && p.closure?.closedAt ? { closedAt: p.closure.closedAt } : {}] as const),
    );
  }

  withParticipant(personId: string, enterpriseId?: string): Promise<ProjectDocument[]> {
    return this.store.collection
      .find({ 'participants.personId': personId, ...(enterpriseId ? { enterpriseId } : {}) } as Filter<ProjectDocument>)
      .limit(200)
      .toArray() as Promise<ProjectDocument[]>;
  }
}
