import { Global, Module } from '@nestjs/common';
import { Clock } from '@app/base';

/** One clock for the whole service (the library's `Clock`), so a test replaces it once. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
