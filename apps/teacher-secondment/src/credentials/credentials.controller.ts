import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { idsIn, OperatorPersonalDataRead } from '@app/platform';
import { ApiProblems } from '../shared/api-docs';
import { AuthGuard, CurrentPrincipal, Roles } from '../access/auth.guard';
import { Principal } from '../access/principal';
import { parseInput, uuid } from '../shared/zod-input';
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
  @ApiOkResponse({ description: '{items: [credential with its JWT and decoded OpenBadgeCredential]}' })
  async list(@CurrentPrincipal() principal: Principal, @Query() query: unknown) {
    const { teacherId } = parseInput(ListQuery, query, 'query');
    return {
      items: (await this.credentials.list(principal, teacherId)).map((c) => credentialView(c, this.credentials.verifyUrlOf(c._id))),
    };
  }

  @Get(':id')
  @Roles('school', 'teacher', 'operator')
  @OperatorPersonalDataRead({ sharedWithOtherRoles: true, peopleIn: (answer) => ({ teacherIds: idsIn(answer, 'teacherId') }) })
  @ApiOperation({ summary: 'One credential: the VC-JOSE JWT, the decoded OpenBadgeCredential and its status (another tenant: 404).' })
  @ApiOkResponse({ description: 'The credential.' })
  async get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    const credential = await this.credentials.get(principal, id);
    return credentialView(credential, this.credentials.verifyUrlOf(credential._id));
  }

  @Post('keys/rotate')
  @HttpCode(201)
  @Roles('operator')
  @ApiOperation({ summary: 'Rotate the signing key (operator): new credentials are signed with a new kid; old keys stay in the JWKS.' })
  @ApiOkResponse({ description: '{kid}' })
  rotate() {
    return this.keys.rotate();
  }
}
