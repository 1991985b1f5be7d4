import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiProblems } from '../shared/api-docs';
import { openApiSchemaOf, parseInput, uuid } from '../shared/zod-input';
import { AccessService } from './access.service';
import { AuthGuard, Roles } from './auth.guard';

const IssuePartnerKeySchema = z.strictObject({ role: z.enum(['school', 'enterprise']), partnerId: uuid });

@ApiTags('access')
@ApiProblems(400, 401, 403, 404)
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Roles('operator')
@Controller('v1/access/keys')
export class AccessController {
  constructor(private readonly access: AccessService) {}

  @Post()
  @ApiProblems(422)
  @HttpCode(201)
  @ApiOperation({
    summary: 'Issue an API key of this service to a school or an enterprise (operator).',
    description: "The partner must be in this service's copy of the partner registry. The key is shown once; only its hash is stored.",
  })
  @ApiBody({ schema: openApiSchemaOf(IssuePartnerKeySchema) })
  @ApiCreatedResponse({ description: '{role, partnerId, apiKey}' })
  async issue(@Body() body: unknown) {
    const input = parseInput(IssuePartnerKeySchema, body);
    return { ...input, apiKey: await this.access.issuePartnerKey(input.role, input.partnerId) };
  }
}
