/**
 * The teacher secondment service's stores that hold people, declared here (a neutral place)
 * by the talent pipeline's data-map owner from the service's document types and its
 * student-data map (apps/teacher-secondment/src/privacy/student-data-map.ts). No store holds a
 * student: an erasure is answered with `none-held` per store. The compiler checks every field
 * name against the document type.
 */
import { declarePersonalData, declarePersonFields, kept, notPersonal, otherPerson, PersonalDataDeclaration } from '@app/contracts';
import { AccessLogEntryDocument } from '@app/platform';
import { CredentialDocument } from '../../apps/teacher-secondment/src/credentials/credential.document';
import { EngagementDocument } from '../../apps/teacher-secondment/src/engineer-teaching/engagement.document';
import { PostDocument } from '../../apps/teacher-secondment/src/posts/post.document';
import { SecondmentDocument } from '../../apps/teacher-secondment/src/secondments/secondment.document';
import { TeacherDocument } from '../../apps/teacher-secondment/src/teachers/teacher.document';
import { SchoolRosterDocument } from '../../apps/teacher-secondment/src/shared/school-roster';

const service = 'teacher-secondment' as const;
const STAFF = 'staff data (teachers are school employees), not touched by a student erasure';

export const TEACHER_SECONDMENT_PERSONAL_DATA: PersonalDataDeclaration[] = [
  declarePersonFields<TeacherDocument>({
    service,
    store: 'teachers',
    about: 'teachers (school staff)',
    retention: 'employment records of the school',
    fields: {
      displayName: otherPerson(STAFF),
      subject: otherPerson(STAFF),
      hireDate: otherPerson(STAFF),
      priorEnterpriseExperienceMonths: otherPerson(STAFF),
      practice: otherPerson(STAFF),
      rdHours: otherPerson(STAFF),
      compliance: otherPerson(STAFF),
      hostObjection: otherPerson('the teacher’s objection to hosts reading their finished secondments, with their reason (ADR 0077)'),
    },
  }),
  declarePersonFields<SecondmentDocument>({
    service,
    store: 'secondments',
    about: 'teachers seconded to enterprises, with their enterprise mentor',
    retention: 'compliance records (practice periods)',
    fields: { teacherId: otherPerson(STAFF), mentor: otherPerson('the enterprise mentor’s name and contact') },
  }),
  declarePersonFields<CredentialDocument>({
    service,
    store: 'credentials',
    about: "teachers' double-qualified credentials",
    retention: 'while valid, then as revocation record',
    fields: { teacherId: otherPerson(STAFF), jwt: otherPerson('the signed credential naming the teacher') },
  }),
  declarePersonFields<EngagementDocument>({
    service,
    store: 'engagements',
    about: 'enterprise engineers teaching at schools',
    retention: 'teaching records',
    fields: { engineerId: otherPerson('enterprise staff'), engineerName: otherPerson('enterprise staff') },
  }),
  declarePersonFields<PostDocument>({
    service,
    store: 'posts',
    about: 'secondment posts offered by enterprises',
    retention: 'while the post is listed',
    fields: { mentor: otherPerson('the enterprise mentor’s name and contact') },
  }),
  // Which teachers and secondments each school has, by id, so its report reads them by primary key (ADR 0055).
  declarePersonFields<SchoolRosterDocument>({
    service,
    store: 'school_rosters',
    about: "ids of each school's teachers and secondments (an index kept beside the documents)",
    retention: 'as the teachers and secondments it lists',
    fields: { teachers: otherPerson(STAFF) },
  }),
  // The operator access log is the shared one of @app/platform (ADR 0040): every field declared.
  declarePersonalData<AccessLogEntryDocument>({
    service,
    store: 'operator_access_log',
    about: "operators' reads of teachers' personal data (teachers, compliance, secondments, credentials, reports, the ledger)",
    retention: 'kept: accountability for who read what (GDPR Art. 5(2)); ids only',
    fields: {
      _id: notPersonal,
      operatorId: otherPerson('the operator who read'),
      authenticated: notPersonal,
      reason: otherPerson("the operator's stated reason"),
      route: notPersonal,
      path: otherPerson('the route with ids filled in (a teacher id at most)'),
      studentIds: kept('always empty: no route of this service returns a student'),
      teacherIds: otherPerson(STAFF),
      at: notPersonal,
      requestId: notPersonal,
    },
  }),
];
