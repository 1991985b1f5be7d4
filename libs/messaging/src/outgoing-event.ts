import { CloudEvent } from '@app/contracts';

/** An event on its way to Kafka: logical topic, record key (aggregate id) and the event. */
export interface OutgoingEvent {
  id: string;
  topic: string;
  key: string;
  event: CloudEvent;
  /** Extra record headers beside the CloudEvents ones, e.g. a signature made when the event was accepted. */
  headers?: Record<string, string>;
}
