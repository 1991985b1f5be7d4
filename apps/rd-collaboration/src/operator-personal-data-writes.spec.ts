import { withOperatorEndpoints } from '@app/platform';
import { declaredRoutes, unmarkedKeyIssues, unmarkedPersonalDataWrites, writesEchoingPersonalData } from '@app/testing';
import { RdCollaborationConfig } from './config/rd-collaboration.config';
import { RdCollaborationModule } from './rd-collaboration.module';

/**
 * ADR 0078 addendum: every R&D route lets the operator in, so every write that answers with a
 * proposal or a project (teams and participants by name) carries @OperatorPersonalDataWrite(),
 * read from the routes' decorators (the service is not started): a new one without it fails here.
 */
describe('R&D collaboration: operator writes that answer with a person’s record', () => {
  const routes = declaredRoutes(withOperatorEndpoints(RdCollaborationModule.forRoot({} as RdCollaborationConfig)));

  it('carry @OperatorPersonalDataWrite(), and only they do', () => {
    expect(unmarkedPersonalDataWrites(routes)).toEqual([]);
  });

  it('are the proposal and project writes (not access keys, challenges or NDAs)', () => {
    const echoing = writesEchoingPersonalData(routes).map((r) => r.route);
    expect(echoing.filter((route) => !/^POST \/v1\/(proposals|projects|challenges\/:challengeId\/proposals)\b/.test(route))).toEqual([]);
    expect(echoing).toHaveLength(16);
  });

  // ADR 0078 second addendum: a route that answers with an API key (a partner's, a teacher's, a
  // mentor's, a reviewer's) would let a restricted key mint itself the access it is refused.
  it('that answer with an API key carry @OperatorIssuesKey(), and only they do', () => {
    expect(unmarkedKeyIssues(routes, ['POST /v1/access-keys'])).toEqual([]);
  });
});
