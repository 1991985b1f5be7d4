import { CloudEvent } from '@app/contracts';
import { KafkaEventContext } from './kafka-event-context';

/**
 * The pattern under which a controller handles consecutive records of one event type together
 * (`@HandlesEventBatch(Contract)`). The same controller keeps its one-record handler for
 * the same contract: the transport falls back to it for every event the batch leaves unsettled.
 */
export function batchPatternOf(eventType: string): string {
  return `batch:${eventType}`;
}

/** One record of a batch, as a batch handler receives it. */
export interface BatchedEvent<E extends CloudEvent = CloudEvent> {
  event: E;
  context: KafkaEventContext;
  /** Runs `fn` in this record's trace context, so the events it queues continue the record's trace. */
  inTrace<T>(fn: () => T): T;
}

/**
 * What a batch handler returns: per event, in order, whether it settled it (its whole effect
 * is written). Every event left `false` goes through the one-record handler afterwards, with
 * its retries and dead letters. A batch handler must leave unsettled any event whose effect
 * depends on an earlier unsettled one (the same aggregate), so per-aggregate order holds.
 */
export type BatchSettlement = boolean[];
