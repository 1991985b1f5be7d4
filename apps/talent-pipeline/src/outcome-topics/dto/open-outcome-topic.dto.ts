import { ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { ValidatedBy } from '@app/base';

export const OpenOutcomeTopicSchema = z.strictObject({
  after: z.string().min(1).max(200).optional(),
});

@ValidatedBy(OpenOutcomeTopicSchema)
export class OpenOutcomeTopicDto {
  @ApiPropertyOptional({
    description:
      'A cursor of the pull feed (`GET …/placement-outcomes`, an item’s `cursor`): publish the outcomes after it, again if ' +
      'they were published before. Absent: a new or stopped topic starts at the feed’s current end, an open one goes on where it is.',
  })
  after?: string;
}
