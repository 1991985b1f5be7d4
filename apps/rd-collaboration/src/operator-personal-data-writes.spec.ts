import { withOperatorEndpoints } from '@app/platform';
import { declaredRoutes, unmarkedPersonalDataWrites, writesEchoingPersonalData } from '@app/testing';
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
    expect(echoing).toHaveLength(15);
  });
});
