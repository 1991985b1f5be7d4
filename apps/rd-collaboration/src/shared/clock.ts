import { Global, Module } from '@nestjs/common';
import { Clock } from '@app/base';

/**
 * One clock for the whole service (the library's `Clock`): the view limit, the lapse of a
 * selected proposal and an unanswered placement proposal all read "now" from it, so a test
 * replaces it once (ADR 0077, 0070).
 */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
