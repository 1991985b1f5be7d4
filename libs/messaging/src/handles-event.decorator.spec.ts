import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PATTERN_HANDLER_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { EnterpriseRegistered, EventOf, SchoolRegistered } from '@app/contracts';
import { BatchedEvent, BatchSettlement } from './batched-event';
import { HandlesEvent, HandlesEventBatch } from './handles-event.decorator';
import { KafkaEventContext } from './kafka-event-context';

/*
 * The handler signatures are checked by the compiler: each `@ts-expect-error` below must fail to
 * compile, or `npm run typecheck` (which covers every *.spec.ts) fails with "Unused
 * '@ts-expect-error' directive". ts-jest only transpiles, so the runtime assertions check the
 * metadata Nest reads.
 */

type School = EventOf<typeof SchoolRegistered>;

class Handlers {
  // The shapes this project's handlers have: event and context, event only, nothing, a batch.
  @HandlesEvent(SchoolRegistered)
  withContext(@Payload() event: School, @Ctx() context: KafkaEventContext): string {
    return `${event.data.schoolId}@${context.getTopic()}`;
  }

  @HandlesEvent([SchoolRegistered, EnterpriseRegistered])
  eitherOf(@Payload() event: EventOf<typeof SchoolRegistered | typeof EnterpriseRegistered>): string {
    return event.type;
  }

  @HandlesEvent(EnterpriseRegistered)
  ignored(): void {}

  @HandlesEventBatch(SchoolRegistered)
  batch(@Payload() batch: BatchedEvent<School>[]): Promise<BatchSettlement> {
    return Promise.resolve(batch.map(() => true));
  }
}

class Mistakes {
  // @ts-expect-error a school registration does not carry an enterprise's event
  @HandlesEvent(SchoolRegistered)
  wrongEvent(@Payload() event: EventOf<typeof EnterpriseRegistered>): string {
    return event.type;
  }

  // @ts-expect-error the second argument is our transport's context, not a string
  @HandlesEvent(SchoolRegistered)
  wrongContext(@Payload() event: School, @Ctx() context: string): string {
    return context + event.type;
  }

  // @ts-expect-error a batch handler answers with one settlement per event
  @HandlesEventBatch(SchoolRegistered)
  noSettlement(@Payload() batch: BatchedEvent<School>[]): void {
    void batch;
  }
}

/** What `@EventPattern(patterns)` itself writes on a method. */
function nestMetadataOf(patterns: string[]): unknown[] {
  class Reference {
    @EventPattern(patterns)
    handle(): void {}
  }
  return metadataOf(Reference.prototype.handle);
}

function metadataOf(method: object): unknown[] {
  return [Reflect.getMetadata(PATTERN_METADATA, method), Reflect.getMetadata(PATTERN_HANDLER_METADATA, method)];
}

describe('@HandlesEvent / @HandlesEventBatch', () => {
  it("writes @EventPattern's own metadata: the contract's type, or each contract's type", () => {
    expect(metadataOf(Handlers.prototype.withContext)).toEqual(nestMetadataOf([SchoolRegistered.type]));
    expect(metadataOf(Handlers.prototype.eitherOf)).toEqual(nestMetadataOf([SchoolRegistered.type, EnterpriseRegistered.type]));
    expect(metadataOf(Handlers.prototype.ignored)).toEqual(nestMetadataOf([EnterpriseRegistered.type]));
  });

  it('subscribes a batch handler under the batch pattern of the type', () => {
    expect(metadataOf(Handlers.prototype.batch)).toEqual(nestMetadataOf([`batch:${SchoolRegistered.type}`]));
  });

  it('leaves the methods themselves unchanged', () => {
    expect(Object.getOwnPropertyNames(Mistakes.prototype)).toEqual(['constructor', 'wrongEvent', 'wrongContext', 'noSettlement']);
  });
});
