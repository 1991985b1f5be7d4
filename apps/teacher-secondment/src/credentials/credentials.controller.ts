import { Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { idsIn, OperatorPersonalDataRead } from '@app/platform';
import { ApiProblems } from '../shared/api-docs';
import { AuthGuard, CurrentPrincipal, Roles } from '../access/auth.guard';
import { Principal } from '../access/principal';
import { parseInput, uuid } from '../shared/zod-input';
import {
  CredentialList,
  CredentialListSchema,
  CredentialView,
  CredentialViewSchema,
  ResealedKeys,
  ResealedKeysSchema,
  RotatedKey,
  RotatedKeySchema,
} from './credential.response';
import { credentialView } from './credential.view';
import { CredentialsService } from './credentials.service';
import { SigningKeysService } from './signing-keys.service';

const ListQuery = z.strictObject({ teacherId: uuid.optional() });

@ApiTags('credentials')
@ApiProblems(400, 401, 403, 404)
@ApiBearerAuth()
@UseGuards(AuthGuard)
@Controller('v1/credentials')
export class CredentialsController {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly keys: SigningKeysService,
  ) {}

  @Get()
  @Roles('school', 'teacher', 'operator')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, peopleIn: (answer) => ({ teacherIds: idsIn(answer, 'teacherId') }) })
  @ApiOperation({
    summary: "Double-qualified credentials of the caller's teachers (school), of the teacher, or any (operator); newest first.",
  })
  @ApiQuery({ name: 'teacherId', required: false })
  @ApiOkResponse({
    description: 'The credentials, each with its JWT and the OpenBadgeCredential it carries.',
    schema: openApiSchemaOf(CredentialListSchema),
  })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown): Promise<CredentialList> {
    const { teacherId } = parseInput(ListQuery, query, 'query');
    return {
      items: (await this.credentials.list(principal, teacherId)).map((c) => credentialView(c, this.credentials.verifyUrlOf(c._id))),
    };
  }

  @Get(':id')
  @Roles('school', 'teacher', 'operator')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, peopleIn: (answer) => ({ teacherIds: idsIn(answer, 'teacherId') }) })
  @ApiOperation({ summary: 'One credential: the VC-JOSE JWT, the decoded OpenBadgeCredential and its status (another tenant: 404).' })
  @ApiOkResponse({ description: 'The credential.', schema: openApiSchemaOf(CredentialViewSchema) })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUuidParam) id: string): Promise<CredentialView> {
    const credential = await this.credentials.get(principal, id);
    return credentialView(credential, this.credentials.verifyUrlOf(credential._id));
  }

  @Post('keys/rotate')
  @HttpCode(201)
  @Roles('operator')
  @ApiOperation({ summary: 'Rotate the signing key (operator): new credentials are signed with a new kid; old keys stay in the JWKS.' })
  @ApiCreatedResponse({ description: 'The new signing key.', schema: openApiSchemaOf(RotatedKeySchema) })
  rotate(): Promise<RotatedKey> {
    return this.keys.rotate();
  }

  @Post('keys/reseal')
  @HttpCode(200)
  @Roles('operator')
  @ApiOperation({
    summary: 'Move every stored private signing key onto the current CREDENTIAL_KEY_ENCRYPTION_KEY (operator).',
    description:
      'Each replica does this at start; after a rotation of CREDENTIAL_KEY_ENCRYPTION_KEY, call it once every replica runs with ' +
      'the new key (a signing key an old replica made during the rollout is sealed under the old one), before the old key leaves ' +
      'CREDENTIAL_KEY_ENCRYPTION_PREVIOUS_KEYS (ADR 0026, addendum). Safe to repeat: each write is conditional on the value read.',
  })
  @ApiOkResponse({ description: 'What the pass moved, and what no configured key opens.', schema: openApiSchemaOf(ResealedKeysSchema) })
  reseal(): Promise<ResealedKeys> {
    return this.keys.reseal();
  }
}
