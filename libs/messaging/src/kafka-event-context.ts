import { BaseRpcContext } from '@nestjs/microservices';

type Args = [topic: string, partition: number, offset: string, attempt: number, key: string | undefined];

/** What an @EventPattern handler can learn about the record it handles (via @Ctx()). */
export class KafkaEventContext extends BaseRpcContext<Args> {
  getTopic(): string {
    return this.args[0];
  }
  getPartition(): number {
    return this.args[1];
  }
  getOffset(): string {
    return this.args[2];
  }
  getAttempt(): number {
    return this.args[3];
  }
  /** The record key: the aggregate (or, for ERP events, the enterprise) the event belongs to. */
  getKey(): string | undefined {
    return this.args[4];
  }
}
