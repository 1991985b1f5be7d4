import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiResponse } from '@nestjs/swagger';
import { DirectoryReaderGuard } from './directory-readers';

const PROBLEM = { 'application/problem+json': { schema: { type: 'object' } } };

/**
 * The directory's routes sit behind the hosting service's own credentials. `x-roles` names who may
 * call, as the services' own routes do; `*` is any key of the service (and the operator token).
 */
export const DirectoryReaders = (roles: string[], forbidden?: string) =>
  applyDecorators(
    UseGuards(DirectoryReaderGuard),
    ApiBearerAuth(),
    ApiExtension('x-roles', roles),
    ApiResponse({
      status: 401,
      description: 'No bearer token, or not the operator token nor an API key of this service.',
      content: PROBLEM,
    }),
    ...(forbidden ? [ApiResponse({ status: 403, description: forbidden, content: PROBLEM })] : []),
  );
