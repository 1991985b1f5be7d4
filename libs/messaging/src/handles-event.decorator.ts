import { EventPattern } from '@nestjs/microservices';
import { EventContract, EventOf } from '@app/contracts';
import { BatchedEvent, BatchSettlement, batchPatternOf } from './batched-event';
import { KafkaEventContext } from './kafka-event-context';

/**
 * A method decorator that accepts exactly the methods assignable to `Handler`. The method's own
 * type is inferred (`M`), so a handler may take fewer parameters than `Handler` offers (none, or
 * only the event), and each parameter it declares must accept what the transport passes there.
 */
export type EventHandlerDecorator<Handler> = <M extends Handler>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<M>,
) => void;

/** What `@HandlesEvent(contracts)` accepts: `(@Payload() event, @Ctx() context)`, either or both left out. */
export type EventHandlerOf<C> = (event: EventOf<C>, context: KafkaEventContext) => unknown;

/** What `@HandlesEventBatch(contracts)` accepts: the batch, answered with one settlement per event. */
export type BatchHandlerOf<C> = (batch: BatchedEvent<EventOf<C>>[]) => BatchSettlement | Promise<BatchSettlement>;

function typesOf(contracts: EventContract | readonly EventContract[]): string[] {
  const none: readonly EventContract[] = [];
  return none.concat(contracts).map((contract) => contract.type);
}

/**
 * Subscribes a controller method to the events of one contract (or of several), as
 * `@EventPattern(type)` does, and checks at compile time that the method accepts those events
 * (`EventOf<contract>`) and our transport's `KafkaEventContext`.
 *
 * Why not `@EventPattern` itself: since NestJS 12 its string overload types the method as
 * `(data, ...args: unknown[]) => any`, which refuses handlers that name their context
 * (`@Ctx() context: KafkaEventContext`) or take no parameter (TS1241); and it cannot know which
 * event a CloudEvents type carries. The contract knows both, so the check lives here, once.
 * The metadata written is `@EventPattern`'s own (the pattern list), so Nest and the transport
 * see no difference.
 */
export function HandlesEvent<C extends EventContract>(contracts: C | readonly C[]): EventHandlerDecorator<EventHandlerOf<C>> {
  return subscribe<EventHandlerOf<C>>(typesOf(contracts));
}

/**
 * Subscribes a controller method to consecutive records of the contract's events together
 * (`batchPatternOf(type)`, see BatchedEvent), checking that it takes the batch and answers
 * with a BatchSettlement. The controller keeps its `@HandlesEvent` method for the same
 * contract: the transport falls back to it for every event the batch leaves unsettled.
 */
export function HandlesEventBatch<C extends EventContract>(contracts: C | readonly C[]): EventHandlerDecorator<BatchHandlerOf<C>> {
  return subscribe<BatchHandlerOf<C>>(typesOf(contracts).map(batchPatternOf));
}

function subscribe<Handler>(patterns: string[]): EventHandlerDecorator<Handler> {
  // A pattern list takes EventPattern's untyped overload: the typing above replaces its own.
  const decorate = EventPattern(patterns);
  return (target, key, descriptor) => {
    decorate(target, key, descriptor);
  };
}
