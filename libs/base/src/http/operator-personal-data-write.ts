import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { Request } from 'express';
import { assertOperatorMayReadPersonalData, NO_PERSONAL_DATA, operatorCallerOn } from './operator-keys';
import { operationsOf } from './openapi-operations';

/** Metadata on a handler marked `@OperatorPersonalDataWrite()`. */
export const OPERATOR_PERSONAL_DATA_WRITE = 'operator:personal-data-write';

/**
 * The OpenAPI extension a marked route carries (`x-operator-permissions: [read-personal-data]`):
 * `setupOpenApi` appends {@link PERSONAL_DATA_WRITE_FORBIDDEN} to the operation's 403 from it, so
 * every marked route documents the refusal whatever its controller's own 403 says.
 */
export const OPERATOR_PERMISSIONS_EXTENSION = 'x-operator-permissions';

/** What the 403 of a marked route adds to its description. */
export const PERSONAL_DATA_WRITE_FORBIDDEN =
  "This write answers with a person's record: an operator key without the permission to read personal data " +
  `(its OPERATOR_KEYS entry ends with \`:${NO_PERSONAL_DATA}\`, ADR 0078) is refused before anything changes.`;

/** Metadata on a handler marked `@OperatorIssuesKey()`. */
export const OPERATOR_ISSUES_KEY = 'operator:issues-key';

/** The OpenAPI extension a route that answers with an API key carries, next to the permission. */
export const OPERATOR_ISSUES_KEY_EXTENSION = 'x-operator-issues-key';

/** What the 403 of a route marked `@OperatorIssuesKey()` adds to its description. */
export const PERSONAL_DATA_KEY_FORBIDDEN =
  "This route answers with an API key that reads personal data as its holder (a partner's, a teacher's, a mentor's or a reviewer's): " +
  `an operator key without the permission to read personal data (its OPERATOR_KEYS entry ends with \`:${NO_PERSONAL_DATA}\`, ADR 0078) ` +
  'is refused before a key is issued.';

/**
 * Runs after the route's own guard (method guards follow the controller's), which put the operator
 * on the request; a school's, an enterprise's or a teacher's call carries none and passes.
 */
@Injectable()
export class OperatorPersonalDataWriteGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    assertOperatorMayReadPersonalData(operatorCallerOn(context.switchToHttp().getRequest<Request>()), 'write');
    return true;
  }
}

@Injectable()
export class OperatorKeyIssueGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    assertOperatorMayReadPersonalData(operatorCallerOn(context.switchToHttp().getRequest<Request>()), 'key');
    return true;
  }
}

/**
 * Marks an operator-reachable route whose answer is an API key that reads students' or teachers'
 * data as its holder (registering a partner, rotating its key, issuing a teacher's, a mentor's or
 * a reviewer's key): an operator key without `read-personal-data` is refused (403 problem+json)
 * before a key is issued, so a restricted key cannot mint itself the access it is denied (ADR 0078,
 * second addendum). Revocations and key lists stay open: they hand over no key.
 */
export const OperatorIssuesKey = () =>
  applyDecorators(
    SetMetadata(OPERATOR_ISSUES_KEY, true),
    UseGuards(OperatorKeyIssueGuard),
    ApiExtension(OPERATOR_PERMISSIONS_EXTENSION, ['read-personal-data']),
    ApiExtension(OPERATOR_ISSUES_KEY_EXTENSION, true),
  );

/** Whether a route handler carries `@OperatorIssuesKey()`. */
export const isOperatorIssuesKey = (handler: object): boolean => Reflect.getMetadata(OPERATOR_ISSUES_KEY, handler) === true;

/**
 * Marks an operator-reachable write whose answer is a student's or a teacher's record (a student
 * registered, a consent, a placement, a secondment, an R&D project or proposal): an operator key
 * without `read-personal-data` is refused (403 problem+json) before the body is validated or the
 * handler runs, so nothing changes and nothing is logged (ADR 0078 addendum). Writes are not
 * written to the operator access log (the read marker's job); the shared token and keys with the
 * permission write as before. A guard, not the read marker's interceptor: that one also demands
 * the access-log headers, which business writes (scripts, the demo, seeding) do not send.
 */
export const OperatorPersonalDataWrite = () =>
  applyDecorators(
    SetMetadata(OPERATOR_PERSONAL_DATA_WRITE, true),
    UseGuards(OperatorPersonalDataWriteGuard),
    ApiExtension(OPERATOR_PERMISSIONS_EXTENSION, ['read-personal-data']),
  );

/** Whether a route handler carries `@OperatorPersonalDataWrite()`. */
export const isOperatorPersonalDataWrite = (handler: object): boolean =>
  Reflect.getMetadata(OPERATOR_PERSONAL_DATA_WRITE, handler) === true;

interface DocumentedOperation {
  [OPERATOR_PERMISSIONS_EXTENSION]?: unknown;
  [OPERATOR_ISSUES_KEY_EXTENSION]?: unknown;
  responses?: Record<string, { description?: string; content?: Record<string, unknown> }>;
}

/**
 * The document with each marked operation's 403 naming the refusal, a write's or a key's (added
 * when the operation had no 403). Done on the document, not by a decorator, because the 403 each controller documents
 * (class- or method-level, in each service's words) would override or be overridden by one.
 */
export function withPersonalDataWritesDocumented<T extends { paths: object }>(document: T): T {
  for (const operation of operationsOf<DocumentedOperation>(document)) {
    if (!operation[OPERATOR_PERMISSIONS_EXTENSION]) continue;
    const refusal = operation[OPERATOR_ISSUES_KEY_EXTENSION] ? PERSONAL_DATA_KEY_FORBIDDEN : PERSONAL_DATA_WRITE_FORBIDDEN;
    const responses = (operation.responses ??= {});
    const forbidden = responses['403'];
    responses['403'] = forbidden
      ? { ...forbidden, description: `${forbidden.description ?? ''} ${refusal}`.trim() }
      : {
          description: refusal,
          content: { 'application/problem+json': { schema: { type: 'object' } } },
        };
  }
  return document;
}
