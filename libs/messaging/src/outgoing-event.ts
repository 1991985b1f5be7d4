import { CloudEvent } from '@app/contracts';
import { TraceCarrier } from './trace-context';

/** An event on its way to Kafka: logical topic, record key (aggregate id) and the event. */
export interface OutgoingEvent {
  id: string;
  topic: string;
  key: string;
  event: CloudEvent;
  /** Extra record headers beside the CloudEvents ones, e.g. a signature made when the event was accepted. */
  headers?: Record<string, string>;
  /**
   * The W3C trace context of the work that queued the event (set only while tracing is on), so
   * the relay's publish continues that trace even though it runs later, maybe in another process.
   */
  traceContext?: TraceCarrier;
}
