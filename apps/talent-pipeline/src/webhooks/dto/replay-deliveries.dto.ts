import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { isoDateTime, ValidatedBy } from '@app/base';

export const ReplayDeliveriesSchema = z.strictObject({
  since: z.union([z.iso.date(), isoDateTime()], { message: 'must be a date YYYY-MM-DD or an RFC 3339 date-time' }),
  replayId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/, 'replayId must be 1-100 letters, digits, - or _')
    .optional(),
});

@ValidatedBy(ReplayDeliveriesSchema)
export class ReplayDeliveriesDto {
  @ApiProperty({ example: '2026-09-01T00:00:00Z', description: 'Replay outcomes recorded at or after this time.' })
  since: string;

  @ApiPropertyOptional({
    description:
      'Idempotency key of this replay (letters, digits, - and _). Sending the same replayId again enqueues nothing twice; ' +
      'omit it for a fresh replay, which delivers again even events already delivered.',
    example: 'incident-2026-09-02',
  })
  replayId?: string;
}
