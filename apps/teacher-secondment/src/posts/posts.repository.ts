import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, Filter, UpdateFilter } from 'mongodb';
import { insertOnce, MONGO_DB } from '@app/persistence';
import { PostDocument } from './post.document';

/** What the recount of a post's seats reads of it (ADR 0084 addendum). */
export type SeatCount = Pick<PostDocument, '_id' | 'seatsTaken' | 'seatsFree' | 'seatsReleasedFor' | 'seatsTakenAt'>;
const SEAT_COUNT_FIELDS = { seatsTaken: 1, seatsFree: 1, seatsReleasedFor: 1, seatsTakenAt: 1 } as const;

@Injectable()
export class PostsRepository implements OnModuleInit {
  private readonly posts: Collection<PostDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.posts = db.collection<PostDocument>('posts');
  }

  async onModuleInit(): Promise<void> {
    await this.posts.createIndex({ enterpriseId: 1 });
    await this.posts.createIndex({ schoolId: 1 });
    // The posts a seat was taken of since their last recount (and every post from before it): what the repair pass reads.
    await this.posts.createIndex({ seatsCounted: 1 });
  }

  /** False when a post with the id exists (a twin under the same Idempotency-Key inserted it). */
  async insert(post: PostDocument): Promise<boolean> {
    return insertOnce(this.posts, post);
  }

  findById(id: string): Promise<PostDocument | null> {
    return this.posts.findOne({ _id: id });
  }

  find(filter: { enterpriseId?: string; schoolId?: string; status?: string; ids?: string[] }, limit = 500): Promise<PostDocument[]> {
    const query: Filter<PostDocument> = {};
    if (filter.ids) query._id = { $in: filter.ids };
    if (filter.enterpriseId) query.enterpriseId = filter.enterpriseId;
    if (filter.schoolId) query.schoolId = filter.schoolId;
    if (filter.status) query.status = filter.status as PostDocument['status'];
    return this.posts.find(query).sort({ createdAt: 1 }).limit(limit).toArray();
  }

  /**
   * Takes one seat if one is free. The condition and the decrement are one single-document
   * update, so concurrent requests can never take more seats than the post has. The same update
   * notes when, and leaves the post for the repair pass to recount (ADR 0084 addendum): a crash
   * before the secondment is saved leaves a seat held by none.
   */
  async takeSeat(id: string): Promise<boolean> {
    const result = await this.posts.updateOne(
      { _id: id, status: 'open', seatsFree: { $gt: 0 } },
      { $inc: { seatsFree: -1, seatsTaken: 1 }, $set: { seatsTakenAt: new Date(), seatsCounted: false } },
    );
    return result.modifiedCount === 1;
  }

  /** Posts whose seats the repair pass recounts, in id order, a page at a time (ADR 0084 addendum). */
  toRecount(afterId: string | undefined, limit: number, ids?: string[]): Promise<SeatCount[]> {
    const query: Filter<PostDocument> = { seatsCounted: { $ne: true } };
    if (ids) query._id = { $in: ids };
    else if (afterId) query._id = { $gt: afterId };
    return this.posts.find(query, { projection: SEAT_COUNT_FIELDS }).sort({ _id: 1 }).limit(limit).toArray() as Promise<SeatCount[]>;
  }

  /** Starts the grace of a post no seat was taken of since the recount existed: it is recounted once that has passed. */
  async startSeatGrace(id: string, at: Date): Promise<void> {
    await this.posts.updateOne({ _id: id, seatsTakenAt: { $exists: false } }, { $set: { seatsTakenAt: at } });
  }

  /**
   * Sets the seats to `holders` (the secondments holding one, counted after `read`), only if the
   * post is as read: no seat taken since (`seatsTakenAt`) nor given back (`seatsTaken`). `unlist`:
   * live secondments whose id `seatsReleasedFor` lists (a request whose insert failed only to the
   * caller): they are counted, so their release must free their seat. False: the post changed.
   */
  async recount(read: SeatCount, holders: number, unlist: string[]): Promise<boolean> {
    const seats = read.seatsTaken + read.seatsFree;
    const update: UpdateFilter<PostDocument> = {
      $set: { seatsTaken: holders, seatsFree: seats - holders, seatsCounted: true },
    };
    if (unlist.length) update.$pull = { seatsReleasedFor: { $in: unlist } };
    const result = await this.posts.updateOne(
      { _id: read._id, seatsTaken: read.seatsTaken, seatsFree: read.seatsFree, seatsTakenAt: read.seatsTakenAt },
      update,
    );
    return result.matchedCount === 1;
  }

  /** A seat back without a release mark: for a seat whose secondment was never saved (ADR 0093). */
  async returnUnsavedSeat(id: string): Promise<void> {
    await this.posts.updateOne({ _id: id, seatsTaken: { $gt: 0 } }, { $inc: { seatsFree: 1, seatsTaken: -1 } });
  }

  /**
   * Gives back the seat `secondmentId` took, once: the id joins `seatsReleasedFor` in the same
   * single-document update that frees the seat, and a post that lists it already is left alone,
   * so a release retried or repaired after a crash never frees a second seat (ADR 0084).
   */
  async releaseSeat(id: string, secondmentId: string): Promise<void> {
    await this.posts.updateOne(
      { _id: id, seatsTaken: { $gt: 0 }, seatsReleasedFor: { $ne: secondmentId } },
      { $inc: { seatsFree: 1, seatsTaken: -1 }, $push: { seatsReleasedFor: secondmentId } },
    );
  }
}
