import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AgreementCopyDocument, AgreementDirectoryRepository } from '@app/partner-directory';
import { keyedDocument, ProblemException, replayOf } from '@app/base';
import { AccessService } from '../access/access.service';
import { actorOf, Principal } from '../access/principal';
import { SecondmentCoverage, secondmentCoverage } from './domain/agreement-coverage';
import { PostDocument } from './post.document';
import { IssuedMentorKey } from './post.response';
import { PostsRepository, SeatCount } from './posts.repository';

export type { SeatCount };

/** Posts read per page by the seat recount (ADR 0084 addendum). */
const RECOUNT_PAGE = 200;

export interface PublishPost {
  enterpriseId?: string;
  schoolId: string;
  role: string;
  tasks: string[];
  mentor: { name: string; contact?: string };
  location: string;
  period: { start: string; end: string };
  skills: string[];
  capacity: number;
}

@Injectable()
export class PostsService {
  constructor(
    private readonly posts: PostsRepository,
    private readonly agreements: AgreementDirectoryRepository,
    private readonly access: AccessService,
  ) {}

  /** Under an Idempotency-Key the post's id is derived from the key: a retry is answered with the post as it stands, before any rule (ADR 0093). */
  async publish(principal: Principal, input: PublishPost, idempotencyKey?: string): Promise<PostDocument> {
    const keyed = keyedDocument('post', actorOf(principal), idempotencyKey, input);
    if (keyed) {
      const stored = await this.posts.findById(keyed.id);
      if (stored) return replayOf(stored, keyed.idempotency.fingerprint, 'post');
    }
    const enterpriseId = principal.role === 'enterprise' ? principal.enterpriseId : input.enterpriseId;
    if (!enterpriseId) {
      throw new ProblemException(400, 'invalid request', 'enterpriseId is required', [
        { field: 'enterpriseId', message: 'required for the operator' },
      ]);
    }
    if (principal.role === 'enterprise' && input.enterpriseId && input.enterpriseId !== principal.enterpriseId) {
      throw new ProblemException(403, 'forbidden', 'an enterprise publishes its own posts');
    }
    if (input.period.end < input.period.start) {
      throw new ProblemException(400, 'invalid request', 'the period ends before it starts', [
        { field: 'period.end', message: 'must not be before period.start' },
      ]);
    }
    const coverage = await this.coverage(input.schoolId, enterpriseId, input.period);
    if (!coverage.covered) {
      if (coverage.reason === 'secondments-not-listed') throw secondmentsNotListed(coverage.agreements, 'schoolId');
      throw new ProblemException(
        422,
        'no covering agreement',
        'no active cooperation agreement between this school and enterprise runs over the whole period',
        [{ field: 'schoolId', message: 'no active agreement with this school covers the period' }],
      );
    }
    const agreement = coverage.agreement;
    const post: PostDocument = {
      _id: keyed?.id ?? randomUUID(),
      enterpriseId,
      schoolId: input.schoolId,
      agreementId: agreement._id,
      role: input.role,
      tasks: input.tasks,
      mentor: input.mentor,
      location: input.location,
      period: input.period,
      skills: input.skills,
      capacity: input.capacity,
      seatsTaken: 0,
      seatsFree: input.capacity,
      status: 'open',
      createdAt: new Date(),
      ...(keyed ? { idempotency: { fingerprint: keyed.idempotency.fingerprint } } : {}),
    };
    if (!(await this.posts.insert(post))) {
      // A twin under the same key inserted it first.
      const stored = await this.posts.findById(post._id);
      if (!stored) throw new Error(`post ${post._id} exists but cannot be read`);
      return replayOf(stored, keyed!.idempotency.fingerprint, 'post');
    }
    return post;
  }

  async get(principal: Principal, id: string): Promise<PostDocument> {
    const post = await this.posts.findById(id);
    if (!post || !visibleTo(principal, post)) throw new ProblemException(404, 'post not found', `no post ${id}`);
    return post;
  }

  /** A key for a named mentor of the post: the post must be the caller's (another enterprise's is a 404). */
  async issueMentorKey(
    principal: Principal,
    postId: string,
    input: { name: string; email?: string; expiresInDays?: number },
  ): Promise<IssuedMentorKey> {
    const post = await this.get(principal, postId);
    const issued = await this.access.issueMentorKey(
      post.enterpriseId,
      post._id,
      { name: input.name, ...(input.email ? { email: input.email } : {}) },
      input.expiresInDays,
    );
    return { postId: post._id, name: input.name, ...(input.email ? { email: input.email } : {}), ...issued };
  }

  list(principal: Principal, filter: { enterpriseId?: string; schoolId?: string; status?: string }): Promise<PostDocument[]> {
    switch (principal.role) {
      case 'operator':
        return this.posts.find(filter);
      case 'enterprise':
        return this.posts.find({ ...filter, enterpriseId: principal.enterpriseId });
      case 'school':
      case 'teacher':
        return this.posts.find({ ...filter, schoolId: principal.schoolId });
      case 'mentor':
        return this.posts.find({ ...filter, enterpriseId: principal.enterpriseId, ids: principal.postIds });
    }
  }

  /**
   * Whether an active agreement of the pair covers secondments over the period, as copied now
   * (it may have been suspended since the post was published), and if not why.
   */
  async coverage(
    schoolId: string,
    enterpriseId: string,
    period: { start: string; end: string },
  ): Promise<SecondmentCoverage<AgreementCopyDocument>> {
    return secondmentCoverage(await this.agreements.list({ schoolId, enterpriseId }), { schoolId, enterpriseId }, period);
  }

  findById(id: string): Promise<PostDocument | null> {
    return this.posts.findById(id);
  }

  takeSeat(id: string): Promise<boolean> {
    return this.posts.takeSeat(id);
  }

  /**
   * Gives back a seat a request took and whose secondment was never saved, because a twin under the
   * same Idempotency-Key saved it first (ADR 0093): without the release mark, which is the twin's id.
   */
  returnUnsavedSeat(id: string): Promise<void> {
    return this.posts.returnUnsavedSeat(id);
  }

  /** Gives back the seat of `secondmentId`; again for the same secondment, nothing (ADR 0084). */
  releaseSeat(id: string, secondmentId: string): Promise<void> {
    return this.posts.releaseSeat(id, secondmentId);
  }

  /**
   * Recounts the seats of the posts a seat was taken of since their last recount (all, a page at a
   * time, or only `ids`), against `holdersOf` (ADR 0084 addendum): a post whose last seat was taken
   * less than `graceMs` ago is left for a later pass, a post changed meanwhile too. Returns the
   * posts whose count was corrected.
   */
  async recountSeats(
    holdersOf: (post: SeatCount) => Promise<{ holders: number; unlist: string[] }>,
    graceMs: number,
    ids?: string[],
  ): Promise<{ postId: string; from: number; to: number }[]> {
    const corrected: { postId: string; from: number; to: number }[] = [];
    for (let page = await this.posts.toRecount(undefined, RECOUNT_PAGE, ids); page.length;) {
      for (const post of page) {
        const now = new Date();
        if (!post.seatsTakenAt) {
          await this.posts.startSeatGrace(post._id, now);
          continue;
        }
        if (now.getTime() - post.seatsTakenAt.getTime() < graceMs) continue;
        const { holders, unlist } = await holdersOf(post);
        // More holders than seats: an overbooked post (a request that outlived the grace); full, not below zero.
        const to = Math.min(holders, post.seatsTaken + post.seatsFree);
        if ((await this.posts.recount(post, to, unlist)) && to !== post.seatsTaken) {
          corrected.push({ postId: post._id, from: post.seatsTaken, to });
        }
      }
      page = ids || page.length < RECOUNT_PAGE ? [] : await this.posts.toRecount(page[page.length - 1]._id, RECOUNT_PAGE);
    }
    return corrected;
  }
}

/**
 * 422 when the pair's active agreements over the period state their programmes without
 * `secondments` (ADR 0023 amendment): names the request field that selected the agreement and
 * the agreements' `programmes`.
 */
export function secondmentsNotListed(agreements: readonly AgreementCopyDocument[], field: string): ProblemException {
  const listed = agreements.map((a) => `${a._id} lists programmes [${(a.programmes ?? []).join(', ')}]`).join('; ');
  return new ProblemException(
    422,
    'agreement does not cover secondments',
    `the active cooperation agreement between this school and enterprise does not list 'secondments' in its programmes (${listed})`,
    [{ field, message: "the covering agreement's programmes do not include 'secondments'" }],
    { agreementIds: agreements.map((a) => a._id), missingProgramme: 'secondments' },
  );
}

function visibleTo(principal: Principal, post: PostDocument): boolean {
  switch (principal.role) {
    case 'operator':
      return true;
    case 'enterprise':
      return post.enterpriseId === principal.enterpriseId;
    case 'school':
    case 'teacher':
      return post.schoolId === principal.schoolId;
    case 'mentor':
      return post.enterpriseId === principal.enterpriseId && principal.postIds.includes(post._id);
  }
}
