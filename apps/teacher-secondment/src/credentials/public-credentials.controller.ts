import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ApiProblems } from '../shared/api-docs';
import { openApiSchemaOf, parseInput } from '../shared/zod-input';
import { CredentialsService, ISSUER_NAME } from './credentials.service';
import { SigningKeysService } from './signing-keys.service';

const VerifySchema = z.strictObject({ jwt: z.string().min(1).max(100_000) });

/** What anyone may read without a key: the issuer, its public keys, the status list and verification. */
@ApiTags('credentials (public)')
@ApiProblems(400)
@Controller()
export class PublicCredentialsController {
  constructor(
    private readonly credentials: CredentialsService,
    private readonly keys: SigningKeysService,
  ) {}

  @Get('.well-known/jwks.json')
  @ApiOperation({
    summary: "The issuer's public signing keys (Ed25519, JWK Set), active and retired: verify credentials offline with these.",
  })
  @ApiOkResponse({ description: '{keys: [JWK]}' })
  jwks() {
    return this.keys.jwks();
  }

  @Get('issuer')
  @ApiOperation({ summary: 'The issuer Profile named in every credential.' })
  @ApiOkResponse({ description: 'An Open Badges 3.0 Profile.' })
  issuer() {
    return {
      id: this.credentials.issuerId,
      type: ['Profile'],
      name: ISSUER_NAME,
      jwks: `${this.credentials.issuerId.replace(/\/issuer$/, '')}/.well-known/jwks.json`,
    };
  }

  @Post('v1/credentials/verify')
  @HttpCode(200)
  @ApiOperation({ summary: 'Verify a credential JWT: signature against the published keys, shape, and revocation status.' })
  @ApiBody({ schema: openApiSchemaOf(VerifySchema) })
  @ApiOkResponse({ description: '{valid, signatureValid, revoked, reason?, credentialId, tier, kid, issuer, validFrom}' })
  verify(@Body() body: unknown) {
    return this.credentials.verify(parseInput(VerifySchema, body).jwt);
  }

  @Get('v1/credentials/:id/verification')
  @ApiOperation({ summary: 'Verify the stored credential with this id (the verifyUrl of credential.issued.v1).' })
  @ApiOkResponse({ description: 'The verification result.' })
  verifyStored(@Param('id', ParseUUIDPipe) id: string) {
    return this.credentials.verifyStored(id);
  }

  @Get('v1/credentials/status/:list')
  @Header('content-type', 'application/vc+jwt')
  @ApiProduces('application/vc+jwt')
  @ApiProblems(404)
  @ApiParam({ name: 'list', example: 'revocation-1', description: 'revocation-1, revocation-2, … (131,072 credentials each)' })
  @ApiOperation({
    summary: "A revocation BitstringStatusListCredential (VC-JOSE JWT), the one a credential's credentialStatus points to.",
  })
  @ApiOkResponse({ description: 'A compact JWT.' })
  statusList(@Param('list') list: string) {
    return this.credentials.statusListCredential(list);
  }
}
