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
    // The overdue-checks gauge reads pending checks at every scrape.
    await this.store.collection.createIndex({ 'participants.check.status': 1 });
    // So does the unanswered-proposals gauge, proposals by when they were sent.
    await this.store.collection.createIndex({ 'participants.placementProposal.proposedAt': 1 });
  }

  /**
   * Pending checks somebody waits for (`checkAwaited`: participations still taking part, of projects
   * not closed) that were requested at or before `requestedBy`, counted by participant kind (ADR
   * 0082, addenda).
   */
  pendingChecksRequestedBy(requestedBy: string): Promise<Record<'teacher' | 'student', number>> {
    return this.awaitedParticipantsByKind({ 'check.status': 'pending', 'check.requestedAt': { $lte: requestedBy } });
  }

  /**
   * Placement proposals without an answer that were sent at or before `proposedBy` (ADR 0070,
   * addendum), of participations still taking part in projects not closed: the students whose
   * proposal shows `unanswered` and somebody still waits for.
   */
  async unansweredProposalsSentBy(proposedBy: string): Promise<number> {
    const counts = await this.awaitedParticipantsByKind({
      'placementProposal.proposedAt': { $lte: proposedBy },
      'placementProposal.decision': { $exists: false },
    });
    return counts.student;
  }

  /** Participants matching `filter` somebody waits for (withdrawn rows and closed projects left out), counted by kind. */
  private async awaitedParticipantsByKind(filter: Record<string, unknown>): Promise<Record<'teacher' | 'student', number>> {
    const awaited = { ...filter, withdrawal: { $exists: false } };
    const counts = await this.store.collection
      .aggregate<{ _id: 'teacher' | 'student'; count: number }>([
        { $match: { status: { $ne: 'closed' }, participants: { $elemMatch: awaited } } },
        { $unwind: '$participants' },
        { $replaceRoot: { newRoot: '$participants' } },
        { $match: awaited },
        { $group: { _id: '$kind', count: { $sum: 1 } } },
      ])
      .toArray();
    const result = { teacher: 0, student: 0 };
    for (const { _id, count } of counts) result[_id] = count;
    return result;
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
