import { BaseRpcContext } from '@nestjs/microservices';
import { IHeaders } from 'kafkajs';
import { headerText } from './kafka-record-codec';

type Args = [
  topic: string,
  partition: number,
  offset: string,
  attempt: number,
  key: string | undefined,
  headers?: IHeaders,
  value?: Buffer | null,
];

/** What a @HandlesEvent handler can learn about the record it handles (via @Ctx()). */
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
  /** A record header as text (the first value when repeated), e.g. a signature to verify. */
  getHeader(name: string): string | undefined {
    return headerText(this.args[5]?.[name]);
  }
  /** The record value exactly as produced: signatures are checked over these bytes. */
  getRawValue(): Buffer | null {
    return this.args[6] ?? null;
  }
}
