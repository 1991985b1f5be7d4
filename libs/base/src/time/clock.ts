import { Global, Injectable, Module } from '@nestjs/common';

/**
 * A service's notion of "now" for decisions that change as days pass by themselves: whether a
 * teacher is compliant today, when a credential is issued or revoked, whether an ERP's end of a
 * placement takes effect today or is due later. A test moves the clock (replacing `now`) instead
 * of waiting days or years; production reads the system clock. Timestamps of writes, timeouts
 * and claims keep using real time.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today's calendar date in UTC, YYYY-MM-DD: the day boundary of the services' date rules. */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}

/**
 * One clock for a whole service: imported once by its root module, so every feature's rules read
 * "now" from the same instance and a test replaces it once (`app.get(Clock)`).
 */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
