import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { Collection, Db, Filter } from 'mongodb';
import { MONGO_DB } from '@app/persistence';
import { PostDocument } from './post.document';

@Injectable()
export class PostsRepository implements OnModuleInit {
  private readonly posts: Collection<PostDocument>;

  constructor(@Inject(MONGO_DB) db: Db) {
    this.posts = db.collection<PostDocument>('posts');
  }

  async onModuleInit(): Promise<void> {
    await this.posts.createIndex({ enterpriseId: 1 });
    await this.posts.createIndex({ schoolId: 1 });
  }

  async insert(post: PostDocument): Promise<void> {
    await this.posts.insertOne(post);
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
   * update, so concurrent requests can never take more seats than the post has.
   */
  async takeSeat(id: string): Promise<boolean> {
    const result = await this.posts.updateOne(
      { _id: id, status: 'open', seatsFree: { $gt: 0 } },
      { $inc: { seatsFree: -1, seatsTaken: 1 } },
    );
    return result.modifiedCount === 1;
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
