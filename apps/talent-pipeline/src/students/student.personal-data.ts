import { declarePersonalData, erased, kept, notPersonal, pseudonymised } from '@app/contracts';
import { STUDENTS } from '../shared/collections';
import { StudentDocument } from './student.document';

export const STUDENT_PERSONAL_DATA = declarePersonalData<StudentDocument>({
  service: 'talent-pipeline',
  store: STUDENTS,
  about: 'students',
  retention:
    'until erased: on request, or by the retention sweep N days after the last placement ended ' +
    '(RETENTION_STUDENT_DAYS_AFTER_LAST_PLACEMENT) or after registration without a placement (RETENTION_UNPLACED_STUDENT_DAYS)',
  fields: {
    _id: kept('random id; after erasure a bare pseudonym that the disclosure ledger and the erasure request still cite'),
    schoolId: kept('the school (an organisation); counts per school'),
    givenName: erased(),
    familyName: erased(),
    programme: kept('a group attribute for aggregate reports (students per programme and cohort)'),
    cohort: kept('a group attribute for aggregate reports'),
    externalIds: erased('HR Open identifiers other systems know the student by'),
    formerExternalIds: erased('HR Open identifiers a profile change removed, kept so an erasure finds ERP events naming them'),
    skills: erased(),
    availability: erased(),
    registeredAt: kept('aggregate reports (days to placement)'),
    registrationDigest: erased('SHA-256 of the registration request (names included), kept only when it came with an Idempotency-Key'),
    schoolTransfers: erased('the schools the student was at before, and when the student moved'),
    changedAt: kept("when the student last changed, by the database server's clock, for their school's change feed"),
    erasedAt: notPersonal,
    erasureRequestId: notPersonal,
    erasureStartedAt: notPersonal,
    departedAt: kept(
      "the schools (organisations) the student left and when; after erasure only the schools, with the erasure's time, so their change feeds tell them to drop their copy",
    ),
    erasedIdHashes: pseudonymised(
      "set by the erasure: keyed hashes (HMAC-SHA-256, key derived from SECRETS_ENCRYPTION_KEY; sought also under SECRETS_ENCRYPTION_PREVIOUS_KEYS after a rotation) of the erased student's HR ids, no values; an ERP event naming the student by them later is recognised and kept without its ids; none without that key; kept as long as the erased document",
    ),
  },
});
