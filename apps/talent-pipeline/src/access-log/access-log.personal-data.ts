import { declarePersonalData, kept, notPersonal, otherPerson } from '@app/contracts';
import { AccessLogEntryDocument } from '@app/platform';

export const ACCESS_LOG_PERSONAL_DATA = declarePersonalData<AccessLogEntryDocument>({
  service: 'talent-pipeline',
  store: 'operator_access_log',
  about: "operators' reads of students' personal data",
  retention: 'kept after erasure: accountability for who read what (GDPR Art. 5(2)); ids only',
  fields: {
    _id: notPersonal,
    operatorId: otherPerson('the operator who read'),
    authenticated: notPersonal,
    reason: otherPerson("the operator's stated reason"),
    route: notPersonal,
    path: kept('the route with ids filled in (a student id at most, the pseudonym after erasure)'),
    studentIds: kept('the pseudonyms after erasure'),
    teacherIds: otherPerson('teachers whose data a read returned: never set here, the talent pipeline holds no teacher data'),
    at: notPersonal,
    requestId: notPersonal,
  },
});
