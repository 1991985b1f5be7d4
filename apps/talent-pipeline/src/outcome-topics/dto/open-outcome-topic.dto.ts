import { ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { ValidatedBy } from '@app/base';

export const OpenOutcomeTopicSchema = z
  .strictObject({
    from: z.enum(['beginning', 'end']).optional(),
    after: z.string().min(1).max(200).optional(),
  })
  .refine((body) => body.from === undefined || body.after === undefined, {
    path: ['from'],
    message: 'give either `from` or `after`, not both',
  });

@ValidatedBy(OpenOutcomeTopicSchema)
export class OpenOutcomeTopicDto {
  @ApiPropertyOptional({
    enum: ['beginning', 'end'],
    description:
      'Where publishing starts: the first outcome of the feed (`beginning`, a backfill) or the next one (`end`). Neither this ' +
      'nor `after`: a new or stopped topic starts at the end, an open one goes on where it is.',
  })
  from?: 'beginning' | 'end';

  @ApiPropertyOptional({
    description:
      'A cursor of the pull feed (`GET …/placement-outcomes`, an item’s `cursor`): publish the outcomes after it, again if they ' +
      'were published before.',
  })
  after?: string;
}
