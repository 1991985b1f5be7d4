import { ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { z } from 'zod';
import { ValidatedBy } from '@app/base';
import { CreateSubscriptionDto, CreateSubscriptionSchema } from './create-subscription.dto';

export const UpdateSubscriptionSchema = CreateSubscriptionSchema.partial().extend({
  status: z.enum(['active', 'disabled']).optional(),
});

@ValidatedBy(UpdateSubscriptionSchema)
export class UpdateSubscriptionDto extends PartialType(CreateSubscriptionDto) {
  @ApiPropertyOptional({
    enum: ['active', 'disabled'],
    description: '`active` re-enables a subscription disabled after failures or a 410; `disabled` pauses it.',
  })
  status?: 'active' | 'disabled';
}
