import { Body, Controller, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchemaOf, ParseUuidParam } from '@app/base';
import { ApiProblems } from '../shared/api-docs';
import { openApiBodySchemaOf, parseInput } from '../shared/zod-input';
import { CredentialsService, ISSUER_NAME } from './credentials.service';
import {
  IssuerProfile,
  IssuerProfileSchema,
  Jwks,
  JwksSchema,
  VerificationResult,
  VerificationResultSchema,
} from './public-credentials.response';
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
  @ApiOkResponse({ description: 'A JWK Set of public Ed25519 keys.', schema: openApiSchemaOf(JwksSchema) })
  jwks(): Promise<Jwks> {
    return this.keys.jwks();
  }

  @Get('issuer')
  @ApiOperation({ summary: 'The issuer Profile named in every credential.' })
  @ApiOkResponse({ description: 'An Open Badges 3.0 Profile.', schema: openApiSchemaOf(IssuerProfileSchema) })
  issuer(): IssuerProfile {
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
  @ApiBody({ schema: openApiBodySchemaOf(VerifySchema) })
  @ApiOkResponse({ description: 'The verification result.', schema: openApiSchemaOf(VerificationResultSchema) })
  verify(@Body() body: unknown): Promise<VerificationResult> {
    return this.credentials.verify(parseInput(VerifySchema, body).jwt);
  }

  @Get('v1/credentials/:id/verification')
  @ApiOperation({ summary: 'Verify the stored credential with this id (the verifyUrl of credential.issued.v1).' })
  @ApiOkResponse({ description: 'The verification result.', schema: openApiSchemaOf(VerificationResultSchema) })
  verifyStored(@Param('id', ParseUuidParam) id: string): Promise<VerificationResult> {
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
  @ApiOkResponse({
    description: 'A compact JWT (not JSON): header.payload.signature, each base64url.',
    schema: { type: 'string', pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' },
  })
  statusList(@Param('list') list: string): Promise<string> {
    return this.credentials.statusListCredential(list);
  }
}
