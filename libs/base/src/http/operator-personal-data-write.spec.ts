import { ExecutionContext } from '@nestjs/common';
import { Request } from 'express';
import { admitOperator, OperatorCaller } from './operator-keys';
import {
  isOperatorIssuesKey,
  isOperatorPersonalDataWrite,
  OperatorIssuesKey,
  OperatorKeyIssueGuard,
  PERSONAL_DATA_KEY_FORBIDDEN,
  OperatorPersonalDataWrite,
  OperatorPersonalDataWriteGuard,
  PERSONAL_DATA_WRITE_FORBIDDEN,
  withPersonalDataWritesDocumented,
} from './operator-personal-data-write';
import { ProblemException } from './problem.exception';

const contextOf = (caller?: OperatorCaller): ExecutionContext => {
  const request = { headers: {} } as Request;
  if (caller) admitOperator(request, caller);
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
};

/** What the guard answers: true, or the refusal's status and detail. */
const outcome = (
  caller?: OperatorCaller,
  guard: { canActivate(context: ExecutionContext): boolean } = new OperatorPersonalDataWriteGuard(),
) => {
  try {
    return guard.canActivate(contextOf(caller));
  } catch (error) {
    return { status: (error as ProblemException).getStatus(), detail: (error as ProblemException).detail };
  }
};

describe('OperatorPersonalDataWrite (ADR 0078 addendum)', () => {
  it("refuses a key without read-personal-data, saying the write answers with a person's record", () => {
    expect(outcome({ via: 'operator-key', operatorId: 'sam', permissions: [] })).toEqual({
      status: 403,
      detail:
        "this operator key may not read personal data (its OPERATOR_KEYS entry ends with :no-personal-data), and this write answers with a person's record; ask an operator whose key may",
    });
  });

  it('lets a key with the permission, the shared token and callers that are no operator through', () => {
    expect(outcome({ via: 'operator-key', operatorId: 'uma', permissions: ['read-personal-data'] })).toBe(true);
    // Writes need no key of one's own: the shared token keeps the business writes of scripts and the demo (ADR 0073 rule 4).
    expect(outcome({ via: 'shared-token', operatorKeysConfigured: true, permissions: ['read-personal-data'] })).toBe(true);
    expect(outcome(undefined)).toBe(true);
  });

  it('marks the handler, where the route checks find it', () => {
    class Controller {
      @OperatorPersonalDataWrite()
      marked() {}
      plain() {}
    }
    expect(isOperatorPersonalDataWrite(Controller.prototype.marked)).toBe(true);
    expect(isOperatorPersonalDataWrite(Controller.prototype.plain)).toBe(false);
  });

  it("appends the refusal to a marked operation's 403, adds one where none is documented, and leaves other operations alone", () => {
    const document = {
      paths: {
        '/v1/students': {
          post: { 'x-operator-permissions': ['read-personal-data'], responses: { '403': { description: 'Not the operator token.' } } },
          get: { responses: { '403': { description: 'Not the operator token.' } } },
        },
        '/v1/teachers': { post: { 'x-operator-permissions': ['read-personal-data'], responses: {} } },
      },
    };
    const documented = withPersonalDataWritesDocumented(document);
    expect(documented.paths['/v1/students'].post.responses['403'].description).toBe(
      `Not the operator token. ${PERSONAL_DATA_WRITE_FORBIDDEN}`,
    );
    expect(documented.paths['/v1/students'].get.responses['403'].description).toBe('Not the operator token.');
    expect(documented.paths['/v1/teachers'].post.responses).toEqual({
      '403': { description: PERSONAL_DATA_WRITE_FORBIDDEN, content: { 'application/problem+json': { schema: { type: 'object' } } } },
    });
  });
});

describe('OperatorIssuesKey (ADR 0078, second addendum)', () => {
  it('refuses a key without read-personal-data before a key is issued, saying the answer is a key that reads personal data', () => {
    expect(outcome({ via: 'operator-key', operatorId: 'sam', permissions: [] }, new OperatorKeyIssueGuard())).toEqual({
      status: 403,
      detail:
        'this operator key may not read personal data (its OPERATOR_KEYS entry ends with :no-personal-data), and this route answers with an API key that reads personal data as its holder; ask an operator whose key may',
    });
  });

  it('lets a key with the permission, the shared token and callers that are no operator through', () => {
    const guard = new OperatorKeyIssueGuard();
    expect(outcome({ via: 'operator-key', operatorId: 'uma', permissions: ['read-personal-data'] }, guard)).toBe(true);
    expect(outcome({ via: 'shared-token', operatorKeysConfigured: true, permissions: ['read-personal-data'] }, guard)).toBe(true);
    expect(outcome(undefined, guard)).toBe(true);
  });

  it('marks the handler apart from the writes, and its 403 names the key, not a record', () => {
    class Controller {
      @OperatorIssuesKey()
      issue() {}
    }
    expect(isOperatorIssuesKey(Controller.prototype.issue)).toBe(true);
    expect(isOperatorPersonalDataWrite(Controller.prototype.issue)).toBe(false);
    const documented = withPersonalDataWritesDocumented({
      paths: {
        '/v1/access/keys': {
          post: {
            'x-operator-permissions': ['read-personal-data'],
            'x-operator-issues-key': true,
            responses: { '403': { description: 'Not the operator.' } },
          },
        },
      },
    });
    expect(documented.paths['/v1/access/keys'].post.responses['403'].description).toBe(`Not the operator. ${PERSONAL_DATA_KEY_FORBIDDEN}`);
  });
});
