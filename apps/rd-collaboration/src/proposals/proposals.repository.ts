import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { ProposalStage } from './domain/proposal-stages';
import { ProposalDocument, Review } from './proposal.document';

@Injectable()
export class ProposalsRepository implements OnModuleInit {
  private readonly proposals: Collection<ProposalDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.proposals = db.collection<ProposalDocument>('proposals');
  }

  async onModuleInit(): Promise<void> {
    await this.proposals.createIndex({ challengeId: 1, submittedAt: 1 });
    await this.proposals.createIndex({ reviewerIds: 1 });
    await this.proposals.createIndex({ 'team.personId': 1 });
  }

  withTeamMember(personId: string): Promise<ProposalDocument[]> {
    return this.proposals.find({ 'team.personId': personId }).toArray();
  }

  /** The whole team is rewritten (no arrayFilters on the portable subset); a team never changes after submission. */
  async replaceTeam(id: string, team: ProposalDocument['team']): Promise<void> {
    await this.proposals.updateOne({ _id: id }, { $set: { team } });
  }

  async insert(proposal: ProposalDocument): Promise<void> {
    await this.proposals.insertOne(proposal);
  }

  findById(id: string): Promise<ProposalDocument | null> {
    return this.proposals.findOne({ _id: id });
  }

  ofChallenge(challengeId: string, schoolId?: string): Promise<ProposalDocument[]> {
    return this.proposals
      .find({ challengeId, ...(schoolId ? { schoolId } : {}) })
      .sort({ submittedAt: 1 })
      .limit(500)
      .toArray();
  }

  assignedTo(reviewerId: string): Promise<ProposalDocument[]> {
    return this.proposals.find({ reviewerIds: reviewerId }).sort({ submittedAt: 1 }).limit(500).toArray();
  }

  async countSelected(challengeId: string): Promise<number> {
    return this.proposals.countDocuments({ challengeId, stage: 'selected' });
  }

  async addReviewer(id: string, reviewerId: string): Promise<void> {
    await this.proposals.updateOne({ _id: id }, { $addToSet: { reviewerIds: reviewerId } });
  }

  async saveReview(id: string, review: Review): Promise<void> {
    await this.proposals.updateOne({ _id: id, reviewerIds: review.reviewerId }, { $set: { [`reviews.${review.reviewerId}`]: review } });
  }

  /** Compare-and-set on the stage, so two racing moves cannot both apply. */
  async moveStage(id: string, from: ProposalStage, to: ProposalStage, reason?: string): Promise<boolean> {
    const result = await this.proposals.updateOne(
      { _id: id, stage: from },
      { $set: { stage: to }, $push: { history: { stage: to, at: new Date(), ...(reason ? { reason } : {}) } } },
    );
    return result.modifiedCount === 1;
  }
}
