import { Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { openApiSchemaOf } from '@app/base';
import { AdminGuard } from '../partners/admin.guard';
import { OperatorAuth } from '../shared/api-docs';
import { ResealAnswer, ResealAnswerSchema } from './secret-keys.response';
import { SecretKeysService } from './secret-keys.service';

/** The operator's side of a SECRETS_ENCRYPTION_KEY rotation (ADR 0018, addendum). */
@ApiTags('operations')
@OperatorAuth()
@UseGuards(AdminGuard)
@Controller('v1/operator/secret-keys')
export class SecretKeysController {
  constructor(private readonly secretKeys: SecretKeysService) {}

  @Post('reseal')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Move every stored signing secret onto the current SECRETS_ENCRYPTION_KEY (operator).',
    description:
      'After a rotation (the new key in SECRETS_ENCRYPTION_KEY, the old one in SECRETS_ENCRYPTION_PREVIOUS_KEYS), each replica does ' +
      'this at start (whenever previous keys are set); this call does it again, once every replica runs with the new key, and says what it moved: the ERP signing secrets of every enterprise and the signing ' +
      'secrets of every webhook subscription, current and previous (a previous one past its end is left alone). Secrets stored ' +
      'before encryption was switched on are sealed too. ' +
      'Safe to repeat and to run on several replicas at once: each write is conditional on the value it read.',
  })
  @ApiOkResponse({ description: 'What the pass moved, and what no configured key opens.', schema: openApiSchemaOf(ResealAnswerSchema) })
  reseal(): Promise<ResealAnswer> {
    return this.secretKeys.reseal();
  }
}
