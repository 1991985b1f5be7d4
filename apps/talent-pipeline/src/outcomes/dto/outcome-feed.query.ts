import { ApiPropertyOptional } from '@nestjs/swagger';
import { z } from 'zod';
import { ValidatedBy } from '@app/base';
import { PLACEMENT_OUTCOME_CONTRACT_LIST } from '@app/contracts';

const OUTCOME_TYPES: readonly string[] = PLACEMENT_OUTCOME_CONTRACT_LIST.map((contract) => contract.type);

/**
 * A page of the outcome feed. Each parameter is checked here, so a bad one is a 400 naming it:
 * a mistyped event type would otherwise read as a feed with no outcomes. Whether `after` is a
 * cursor the API issued is the controller's to say.
 */
export const OutcomeFeedQuerySchema = z.strictObject({
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  type: z
    .string()
    .max(500)
    .transform((list) => list.split(',').filter(Boolean))
    .refine((types) => types.every((type) => OUTCOME_TYPES.includes(type)), `each must be one of ${OUTCOME_TYPES.join(', ')}`)
    .optional(),
});

@ValidatedBy(OutcomeFeedQuerySchema)
export class OutcomeFeedQuery {
  @ApiPropertyOptional({
    description: 'A previous `nextCursor` (or an item’s `cursor`): the page starts after it. Omitted: from the beginning.',
  })
  after?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 500, default: 100 })
  limit: number;

  @ApiPropertyOptional({ type: String, description: `Comma-separated event types to keep, of: ${OUTCOME_TYPES.join(', ')}.` })
  /** Parsed from the comma-separated list. */
  type?: string[];
}
