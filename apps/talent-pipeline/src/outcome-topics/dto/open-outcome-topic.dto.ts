import { ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { ValidatedBy } from '@app/base';

/** Giving both `from` and `after` is refused by the service (400 naming `from`), like a cursor it did not issue. */
export const OpenOutcomeTopicSchema = z.strictObject({
  from: z.enum(['beginning', 'end']).optional(),
  after: z.string().min(1).max(200).optional(),
});

@ValidatedBy(OpenOutcomeTopicSchema)
export class OpenOutcomeTopicDto {
  @ApiPropertyOptional({
    enum: ['beginning', 'end'],
    description:
      'Where publishing starts: the first outcome of the feed (`beginning`, a backfill) or the next one (`end`). Not with ' +
      '`after` (400). Neither: a new or stopped topic starts at the end, an open one goes on where it is.',
  })
  from?: 'beginning' | 'end';

  @ApiPropertyOptional({
    description:
      'A cursor of the pull feed (`GET …/placement-outcomes`, an item’s `cursor`): publish the outcomes after it, again if they ' +
      'were published before.',
  })
  after?: string;
}
