import { Injectable } from '@nestjs/common';

/**
 * The service's notion of "now" for decisions that change as days pass: whether an ERP's end of
 * a placement takes effect today or on a later day, and when a scheduled one is due. A test moves
 * this clock (replacing `now`) instead of waiting days; production reads the system clock.
 * Timestamps of writes (history, outcomes) keep using real time.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's calendar date in UTC, YYYY-MM-DD: the day boundary of the talent pipeline's date rules. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}
