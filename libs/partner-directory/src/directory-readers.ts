import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Request } from 'express';
import { bearerTokenOf, ProblemException } from '@app/base';

/**
 * Who reads the directory, in the directory's own terms. The hosting service maps its principals
 * onto these: its operator, a school or enterprise key (the agreements they are party to), and any
 * other key of the service (a teacher, a mentor, a reviewer: the partner list only).
 */
export type DirectoryReader =
  | { role: 'operator' }
  | { role: 'school'; schoolId: string }
  | { role: 'enterprise'; enterpriseId: string }
  | { role: 'member'; name: string };

/** The hosting service's authentication, as the directory's routes need it. */
export interface DirectoryReaders {
  /** The reader a bearer token belongs to; undefined when it is not a valid credential of the service. */
  readerOf(token: string): Promise<DirectoryReader | undefined>;
}

export const DIRECTORY_READERS = Symbol('DIRECTORY_READERS');

type RequestWithReader = Request & { directoryReader?: DirectoryReader };

/** 401 without a valid credential of the hosting service; the routes decide what each reader sees. */
@Injectable()
export class DirectoryReaderGuard implements CanActivate {
  constructor(@Inject(DIRECTORY_READERS) private readonly readers: DirectoryReaders) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<RequestWithReader>();
    const token = bearerTokenOf(request);
    if (!token) throw new ProblemException(401, 'authentication required', 'send Authorization: Bearer <API key or admin token>');
    const reader = await this.readers.readerOf(token);
    if (!reader) throw new ProblemException(401, 'invalid API key');
    request.directoryReader = reader;
    return true;
  }
}

/** The reader DirectoryReaderGuard established. */
export const CurrentDirectoryReader = createParamDecorator(
  (_: unknown, context: ExecutionContext): DirectoryReader => context.switchToHttp().getRequest<RequestWithReader>().directoryReader!,
);
