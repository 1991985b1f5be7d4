import { EventEmitter } from 'node:events';

/** Local writes ring this so the outbox relay publishes at once instead of at its next poll. */
export class OutboxSignal extends EventEmitter {
  notify(): void {
    this.emit('pending');
  }
}
