import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, MongoServerError } from 'mongodb';
import { insertOnce, MONGO_DB } from '@app/persistence';
import { ProposalStage, REVIEW_CLOSED_STAGES } from './domain/proposal-stages';
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
    // One selected proposal per challenge, even when two selections race (a count before the write cannot tell).
    await this.proposals.createIndex({ selectedForChallenge: 1 }, { unique: true, sparse: true });
  }

  withTeamMember(personId: string): Promise<ProposalDocument[]> {
    return this.proposals.find({ 'team.personId': personId }).toArray();
  }

  /**
   * The whole team is rewritten (no arrayFilters on the portable subset); a team never changes after
   * submission. The request fingerprint goes too: it is a hash over the team as submitted.
   */
  async replaceTeam(id: string, team: ProposalDocument['team']): Promise<void> {
    await this.proposals.updateOne({ _id: id }, { $set: { team }, $unset: { 'idempotency.fingerprint': '' } });
  }

  /** False when a proposal with this id exists already (a retry with the same Idempotency-Key that lost the race). */
  async insert(proposal: ProposalDocument): Promise<boolean> {
    return insertOnce(this.proposals, proposal);
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

  /** The selected proposals of a challenge that a later selection did not release (ADR 0085): lapsed ones among them too. */
  selectedOf(challengeId: string): Promise<ProposalDocument[]> {
    return this.proposals.find({ challengeId, stage: 'selected', selectionReleasedAt: { $exists: false } }).toArray();
  }

  /**
   * Frees the challenge of a lapsed selection no project request claimed (ADR 0085): removes its
   * claim on the challenge, only if no project request claimed the proposal meanwhile. False when
   * one did (or another selection released it first). A claimed one: `releaseUnmadeClaim`.
   */
  async releaseSelection(id: string, at: Date): Promise<boolean> {
    const result = await this.proposals.updateOne(
      { _id: id, stage: 'selected', selectionReleasedAt: { $exists: false }, projectClaimedAt: { $exists: false } },
      { $set: { selectionReleasedAt: at }, $unset: { selectedForChallenge: '' } },
    );
    return result.modifiedCount === 1;
  }

  /**
   * Frees the challenge of a lapsed selection whose project request claimed it at or before
   * `claimedUpTo` (PROJECT_CLAIM_GRACE_MS ago) and made no project (ADR 0085, addendum): the caller
   * read, after taking the instant `claimedUpTo` is counted from, that no project was stored from it.
   * The claim is matched in the write, so a request that claimed it again since (a retry, or one that
   * read the selection before its lapse) keeps it: false then, as when another selection released it first.
   */
  async releaseUnmadeClaim(id: string, claimedUpTo: Date, at: Date): Promise<boolean> {
    const result = await this.proposals.updateOne(
      { _id: id, stage: 'selected', selectionReleasedAt: { $exists: false }, projectClaimedAt: { $lte: claimedUpTo } },
      { $set: { selectionReleasedAt: at }, $unset: { selectedForChallenge: '' } },
    );
    return result.modifiedCount === 1;
  }

  /**
   * A project request's claim on a selection, just before it stores the project (ADR 0085): only
   * while the selection was not released, so a release racing it cannot also win. False once released.
   */
  async claimForProject(id: string, at: Date): Promise<boolean> {
    const result = await this.proposals.updateOne(
      { _id: id, stage: 'selected', selectionReleasedAt: { $exists: false } },
      { $set: { projectClaimedAt: at } },
    );
    return result.matchedCount === 1;
  }

  async addReviewer(id: string, reviewerId: string): Promise<void> {
    await this.proposals.updateOne({ _id: id }, { $addToSet: { reviewerIds: reviewerId } });
  }

  /** Only while the proposal is open for review: false once it is selected or declined, even by a move racing this write. */
  async saveReview(id: string, review: Review): Promise<boolean> {
    const result = await this.proposals.updateOne(
      { _id: id, reviewerIds: review.reviewerId, stage: { $nin: REVIEW_CLOSED_STAGES } },
      { $set: { [`reviews.${review.reviewerId}`]: review } },
    );
    return result.matchedCount === 1;
  }

  /**
   * Compare-and-set on the stage, so two racing moves of one proposal cannot both apply; a move to
   * selected also claims the challenge (`selectedForChallenge`), so neither can two proposals of one
   * challenge both become selected. `at` is the service clock's now: a selection lapses counted from it (ADR 0077).
   */
  async moveStage(
    proposal: Pick<ProposalDocument, '_id' | 'challengeId'>,
    from: ProposalStage,
    to: ProposalStage,
    at: Date,
    reason?: string,
  ): Promise<'moved' | 'changed-meanwhile' | 'other-selected'> {
    const claim = to === 'selected' ? { selectedForChallenge: proposal.challengeId } : {};
    try {
      const result = await this.proposals.updateOne(
        { _id: proposal._id, stage: from },
        { $set: { stage: to, ...claim }, $push: { history: { stage: to, at, ...(reason ? { reason } : {}) } } },
      );
      return result.modifiedCount === 1 ? 'moved' : 'changed-meanwhile';
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return 'other-selected';
      throw error;
    }
  }
}
