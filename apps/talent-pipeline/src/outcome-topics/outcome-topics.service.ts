import { Inject, Injectable } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { schoolConsumerGroupPrefixOf, schoolOutcomeTopicOf } from '@app/contracts';
import { APP_CONFIG, ProblemException } from '@app/base';
import { EventPublisher, KAFKA, provisionTopics, TopicNamer } from '@app/messaging';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { decodeCursor } from '../outcomes/outcome-cursor';
import { OutcomesService } from '../outcomes/outcomes.service';
import { OutcomeTopicDocument } from './outcome-topic.document';
import { OutcomeTopicMetrics } from './outcome-topic.metrics';
import { OutcomeTopicView, outcomeTopicView } from './outcome-topic.response';
import { OutcomeTopicsRepository } from './outcome-topics.repository';

/** Feed entries published per round and topic: one send, well under a record batch's limit. */
const ENTRIES_PER_ROUND = 200;
/** Open topics read per query: a round goes through all of them, a page at a time. */
const TOPICS_PER_PAGE = 500;

/**
 * Each school's outcome topic (ADR 0075): the school's pull feed, published in order to
 * `talent.school-outcome.v1.<schoolId>` (one partition, a bounded lifetime as every topic naming
 * a person), so the school reads its own outcomes from Kafka under an ACL that names only its topic.
 */
@Injectable()
export class OutcomeTopicsService {
  constructor(
    private readonly repository: OutcomeTopicsRepository,
    private readonly outcomes: OutcomesService,
    private readonly publisher: EventPublisher,
    private readonly namer: TopicNamer,
    @Inject(KAFKA) private readonly kafka: Kafka,
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
    private readonly metrics: OutcomeTopicMetrics,
  ) {}

  /**
   * Creates the school's topic on the brokers if needed and publishes the feed to it from where
   * `start` says: after a feed cursor, from the feed's beginning or its end; without one, from the
   * end for a new or stopped topic and from where it was for an open one.
   */
  async open(schoolId: string, start: { from?: 'beginning' | 'end'; after?: string }): Promise<OutcomeTopicView> {
    if (start.from !== undefined && start.after !== undefined) {
      throw new ProblemException(400, 'invalid request', 'give either from or after, not both', [
        { field: 'from', message: 'give either `from` or `after`, not both' },
      ]);
    }
    const afterSeq = start.after === undefined ? undefined : decodeCursor(start.after);
    if (afterSeq === null) {
      throw new ProblemException(400, 'invalid request', 'unknown cursor', [
        { field: 'after', message: 'not a cursor of the outcome feed' },
      ]);
    }
    // Another school's cursor, say: the topic would wait for the feed to reach it and never publish what came before.
    if (afterSeq !== undefined) await this.outcomes.assertWithinFeed(schoolId, afterSeq);
    const topic = schoolOutcomeTopicOf(schoolId);
    const physical = this.namer.physical(topic);
    try {
      await provisionTopics(this.kafka, [physical], 1, {
        personalData: [physical],
        personalDataMaxAgeMs: this.config.KAFKA_PERSONAL_DATA_MAX_AGE_DAYS * 86_400_000,
        owned: [physical],
        deadLetters: false,
      });
    } catch (error) {
      throw new ProblemException(503, 'broker unavailable', `the topic could not be created: ${(error as Error).message}`);
    }
    const position =
      afterSeq !== undefined
        ? { afterSeq, given: true }
        : start.from === 'beginning'
          ? { afterSeq: 0, given: true }
          : { afterSeq: await this.outcomes.lastPosition(schoolId), given: start.from === 'end' };
    return this.view(await this.repository.open(schoolId, topic, position));
  }

  async get(schoolId: string): Promise<OutcomeTopicView> {
    return this.view((await this.repository.get(schoolId)) ?? notOpened());
  }

  /** Stops publishing; what is on the topic stays until its lifetime ends. */
  async stop(schoolId: string): Promise<OutcomeTopicView> {
    if (!(await this.repository.stop(schoolId))) notOpened();
    return this.get(schoolId);
  }

  private view(doc: OutcomeTopicDocument): OutcomeTopicView {
    return outcomeTopicView(doc, {
      physicalTopic: this.namer.physical(doc.topic),
      groupPrefix: this.namer.physical(schoolConsumerGroupPrefixOf(doc._id)),
      maxAgeDays: this.config.KAFKA_PERSONAL_DATA_MAX_AGE_DAYS,
    });
  }

  /**
   * Publishes one round: for each open topic whose feed has moved past its position, the next
   * feed entries, in feed order, then records the new position. Only the holder of the pump's
   * lease publishes; it is taken when there are entries to publish, so an idle pump writes
   * nothing. A crash, or a failed record of the position, publishes those entries again: schools
   * deduplicate on the CloudEvent's `source` and `id`, as for every topic.
   */
  async publishRound(holder: string, leaseMs: number): Promise<{ open: number; published: number }> {
    let open = 0;
    let published = 0;
    const lease = { holder, ms: leaseMs, taken: false };
    for (let page = await this.repository.active(TOPICS_PER_PAGE); page.length > 0;) {
      open += page.length;
      const round = await this.publishPage(page, lease);
      if (round === undefined) break; // another replica holds the lease
      published += round;
      page = page.length < TOPICS_PER_PAGE ? [] : await this.repository.active(TOPICS_PER_PAGE, page.at(-1)!._id);
    }
    return { open, published };
  }

  /** On a graceful shutdown: another replica takes over at its next poll, not when the lease would have lapsed. */
  releaseLease(holder: string): Promise<void> {
    return this.repository.releasePumpLease(holder);
  }

  /** One page of open topics; undefined when the lease is another replica's. */
  private async publishPage(
    page: OutcomeTopicDocument[],
    lease: { holder: string; ms: number; taken: boolean },
  ): Promise<number | undefined> {
    const taken = await this.outcomes.positionsTaken(page.map((topic) => topic._id));
    let published = 0;
    for (const topic of page.filter((t) => (taken.get(t._id) ?? 0) > t.afterSeq)) {
      // A position taken but not written yet (or left by a crash) reads as nothing: no lease needed for that.
      const entries = await this.outcomes.page(topic._id, topic.afterSeq, ENTRIES_PER_ROUND);
      if (entries.length === 0) continue;
      if (!lease.taken && !(lease.taken = await this.repository.acquirePumpLease(lease.holder, lease.ms))) return undefined;
      try {
        await this.publisher.publish(entries.map((entry) => ({ id: entry._id, topic: topic.topic, key: topic._id, event: entry.event })));
      } catch (error) {
        await this.repository.failed(topic._id, (error as Error).message);
        this.metrics.count('failed', entries.length);
        continue;
      }
      await this.repository.advance(topic._id, topic.afterSeq, entries.at(-1)!.seq, entries.length);
      this.metrics.count('published', entries.length);
      published += entries.length;
    }
    return published;
  }
}

function notOpened(): never {
  throw new ProblemException(404, 'not found', 'the school has no outcome topic; open one with PUT');
}
