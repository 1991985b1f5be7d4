import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, Matches } from 'class-validator';

export class ReplayDeliveriesDto {
  @ApiProperty({ example: '2026-09-01T00:00:00Z', description: 'Replay outcomes recorded at or after this time.' })
  @IsISO8601({ strict: true })
  since: string;

  @ApiPropertyOptional({
    description:
      'Idempotency key of this replay (letters, digits, - and _). Sending the same replayId again enqueues nothing twice; ' +
      'omit it for a fresh replay, which delivers again even events already delivered.',
    example: 'incident-2026-09-02',
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,100}$/, { message: 'replayId must be 1-100 letters, digits, - or _' })
  replayId?: string;
}
