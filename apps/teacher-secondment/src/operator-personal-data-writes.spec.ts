import { withOperatorEndpoints } from '@app/platform';
import { declaredRoutes, unmarkedKeyIssues, unmarkedPersonalDataWrites, writesEchoingPersonalData } from '@app/testing';
import { TeacherSecondmentConfig } from './config/teacher-secondment.config';
import { TeacherSecondmentModule } from './teacher-secondment.module';

/**
 * ADR 0078 addendum: an operator write that answers with a record the secondment service's reads
 * treat as personal data (a teacher, a secondment) carries @OperatorPersonalDataWrite(), read
 * from the routes' decorators (the service is not started): a new such route without it fails here.
 */
describe('teacher secondment: operator writes that answer with a person’s record', () => {
  const routes = declaredRoutes(withOperatorEndpoints(TeacherSecondmentModule.forRoot({} as TeacherSecondmentConfig)));

  it('carry @OperatorPersonalDataWrite(), and only they do', () => {
    expect(unmarkedPersonalDataWrites(routes)).toEqual([]);
  });

  it('are a teacher’s registration, change and objection and every secondment write (not keys, posts or engagements)', () => {
    const secondmentWrites = [
      '',
      '/approvals',
      '/start',
      '/complete',
      '/cancel',
      '/withdraw',
      '/logs',
      '/logs/:logId/countersign',
      '/evaluation',
      '/deliverables',
    ];
    expect(
      writesEchoingPersonalData(routes)
        .map((r) => r.route)
        .sort(),
    ).toEqual(
      [
        'POST /v1/teachers',
        'PATCH /v1/teachers/:id',
        'PUT /v1/teachers/:id/host-objection',
        ...secondmentWrites.map((tail) => `POST /v1/secondments${tail ? `/:id${tail}` : ''}`),
      ].sort(),
    );
  });

  // ADR 0078 second addendum: a route that answers with an API key (a partner's, a teacher's, a
  // mentor's, a reviewer's) would let a restricted key mint itself the access it is refused.
  it('that answer with an API key carry @OperatorIssuesKey(), and only they do', () => {
    expect(unmarkedKeyIssues(routes, ['POST /v1/access/keys', 'POST /v1/posts/:id/mentor-keys', 'POST /v1/teachers/:id/api-keys'])).toEqual(
      [],
    );
  });
});
