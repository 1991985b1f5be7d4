import { ApiProperty } from '@nestjs/swagger';
import { z } from 'zod';
import { ValidatedBy } from '@app/base';
import { TimeZoneSchema } from './register-enterprise.dto';

export const ChangeTimeZoneSchema = z.strictObject({ timeZone: TimeZoneSchema });

@ValidatedBy(ChangeTimeZoneSchema)
export class ChangeTimeZoneDto {
  @ApiProperty({
    example: 'Asia/Shanghai',
    description:
      "The enterprise's new IANA time zone, checked as at registration (an unknown zone or a bare offset such as +08:00 is a " +
      '400 naming `timeZone`). `UTC` sets it back to the default.',
  })
  timeZone: string;
}
