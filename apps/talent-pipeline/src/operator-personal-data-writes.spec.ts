import { withOperatorEndpoints } from '@app/platform';
import { declaredRoutes, unmarkedKeyIssues, unmarkedPersonalDataWrites, writesEchoingPersonalData } from '@app/testing';
import { TalentPipelineConfig } from './config/talent-pipeline.config';
import { TalentPipelineModule } from './talent-pipeline.module';

/**
 * ADR 0078 addendum: an operator write that answers with a record the talent pipeline's reads
 * treat as personal data carries @OperatorPersonalDataWrite(), read from the routes' decorators
 * (the service is not started): a new such route without it fails here.
 */
describe('talent pipeline: operator writes that answer with a person’s record', () => {
  const routes = declaredRoutes(withOperatorEndpoints(TalentPipelineModule.forRoot({} as TalentPipelineConfig)));

  it('carry @OperatorPersonalDataWrite(), and only they do', () => {
    expect(unmarkedPersonalDataWrites(routes)).toEqual([]);
  });

  it('are the ones ADR 0078 lists: registering, changing or moving a student, consents, placements (not partners, erasures or replays)', () => {
    expect(
      writesEchoingPersonalData(routes)
        .map((r) => r.route)
        .sort(),
    ).toEqual(
      [
        'POST /v1/erp/review-queue/:id/reject',
        'POST /v1/erp/review-queue/:id/resolve',
        'POST /v1/placements',
        'POST /v1/placements/:id/agreement/signatures',
        'POST /v1/placements/:id/attendance',
        'POST /v1/placements/:id/evaluations',
        'POST /v1/placements/:id/transitions',
        'POST /v1/students',
        'PATCH /v1/students/:id',
        'POST /v1/students/:id/school-transfers',
        'POST /v1/students/:studentId/consents',
        'POST /v1/students/:studentId/consents/:consentId/withdraw',
      ].sort(),
    );
  });

  // ADR 0078 second addendum: a route that answers with an API key (a partner's, a teacher's, a
  // mentor's, a reviewer's) would let a restricted key mint itself the access it is refused.
  it('that answer with an API key carry @OperatorIssuesKey(), and only they do', () => {
    expect(
      unmarkedKeyIssues(routes, [
        'POST /v1/enterprises',
        'POST /v1/enterprises/:id/api-key/rotations',
        'POST /v1/schools',
        'POST /v1/schools/:id/api-key/rotations',
      ]),
    ).toEqual([]);
  });
});
