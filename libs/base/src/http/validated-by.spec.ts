import 'reflect-metadata';
import { Body, Controller, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiProperty, ApiPropertyOptional, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { z } from 'zod';
import { calendarDate, countryCode, dateOrDateTime, httpUrl } from './bounded-fields';
import { ValidatedBy } from './validated-by';

const RotationSchema = z.strictObject({
  overlapSeconds: z.number().int().min(0).max(86_400),
  hours: z.number().multipleOf(0.25).min(0).max(24),
  share: z.number().positive().max(1),
  day: calendarDate(),
  since: dateOrDateTime().optional(),
  url: httpUrl(),
  country: countryCode(),
  tags: z.array(z.string().min(1).max(40)).max(10).optional(),
});

@ValidatedBy(RotationSchema)
class RotationDto {
  @ApiProperty({ example: 3600, description: 'Seconds both secrets verify.' })
  overlapSeconds: number;

  @ApiProperty({ example: 7.5 })
  hours: number;

  @ApiProperty({ example: 0.7 })
  share: number;

  @ApiProperty({ example: '2026-09-01' })
  day: string;

  @ApiPropertyOptional({ example: '2026-09-01T08:00:00Z' })
  since?: string;

  @ApiProperty({ example: 'https://school.example/hooks' })
  url: string;

  @ApiProperty({ example: 'CN' })
  country: string;

  @ApiPropertyOptional({ example: ['night shift'] })
  tags?: string[];
}

@Controller('rotations')
class RotationsController {
  @Post()
  rotate(@Body() body: RotationDto) {
    return body;
  }
}

describe('@ValidatedBy: the OpenAPI document states what the schema enforces', () => {
  let properties: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [RotationsController] }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    properties = (document.components!.schemas!.RotationDto as { properties: Record<string, Record<string, unknown>> }).properties;
    await app.close();
  });

  it('a whole number is an integer, not the number its TypeScript type suggests; the decorator keeps its own statements', () => {
    expect(properties.overlapSeconds).toMatchObject({ type: 'integer', minimum: 0, maximum: 86_400, example: 3600 });
    expect(properties.overlapSeconds.description).toBe('Seconds both secrets verify.');
    expect(properties.hours).toMatchObject({ type: 'number', multipleOf: 0.25 });
    // The document is OpenAPI 3.0: an exclusive bound is a flag on `minimum`, not JSON Schema 2020-12's number.
    expect(properties.share).toMatchObject({ minimum: 0, exclusiveMinimum: true, maximum: 1 });
  });

  it('formats reach the document: a calendar day, a URL, a day or a date-time, and the country code’s shape', () => {
    expect(properties.day).toMatchObject({ type: 'string', format: 'date' });
    expect(properties.url).toMatchObject({ format: 'uri', maxLength: 2048 });
    expect((properties.since.anyOf as { format: string }[]).map((option) => option.format)).toEqual(['date', 'date-time']);
    expect(new RegExp(properties.country.pattern as string).test('CN')).toBe(true);
    expect(new RegExp(properties.country.pattern as string).test('CHN')).toBe(false);
    expect(properties.tags).toMatchObject({ type: 'array', maxItems: 10, items: { type: 'string', minLength: 1, maxLength: 40 } });
  });

  it('what the document states is what the schema accepts: the country code is refused once, by its rule', () => {
    const refused = RotationSchema.shape.country.safeParse('CHN');
    expect(refused.success).toBe(false);
    expect(refused.error!.issues.map((issue) => issue.message)).toEqual(['must be an ISO 3166-1 alpha-2 country code']);
    expect(RotationSchema.shape.country.safeParse('XX').success).toBe(false);
    expect(RotationSchema.shape.country.safeParse('cn').success).toBe(true);
  });
});
