import { Global, Injectable, Module } from '@nestjs/common';
import { todayUtc } from './calendar-date';

/**
 * The service's notion of "now" for compliance and credentials: what day a teacher is judged
 * on, and when a credential is issued or revoked. Compliance changes by itself as days pass, so
 * a test moves this clock forward (replacing `now`) instead of waiting years; production reads
 * the system clock. Timeouts and claims keep using real time.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's calendar date (UTC), YYYY-MM-DD. */
  today(): string {
    return todayUtc(this.now());
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
