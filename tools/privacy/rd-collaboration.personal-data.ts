/**
 * The R&D collaboration service's stores that hold people, declared here (a neutral place)
 * by the talent pipeline's data-map owner from the service's document types and its erasure
 * code (apps/rd-collaboration/src/privacy, ADR 0041). The compiler checks every field name
 * against the document type; the service's own team may move these next to its documents.
 */
import {
  declarePersonalData,
  declarePersonFields,
  erased,
  kept,
  notPersonal,
  otherPerson,
  pseudonymised,
  PersonalDataDeclaration,
} from '@app/contracts';
import { AccessLogEntryDocument } from '@app/platform';
import { ProjectDocument } from '../../apps/rd-collaboration/src/projects/project.document';
import { ProposalDocument } from '../../apps/rd-collaboration/src/proposals/proposal.document';
import { PlacementCopy, SecondmentCopy, CredentialCopy } from '../../apps/rd-collaboration/src/person-copies/person-copy.documents';
import { TeacherObjectionCopy } from '../../apps/rd-collaboration/src/privacy/teacher-objection-copies.repository';

const service = 'rd-collaboration' as const;

export const RD_COLLABORATION_PERSONAL_DATA: PersonalDataDeclaration[] = [
  declarePersonFields<ProjectDocument>({
    service,
    store: 'projects',
    about: 'joint R&D projects with their teacher and student participants',
    retention: 'the project record; erased students stay under a pseudonym',
    fields: {
      participants: pseudonymised(
        'a student participant keeps a row under a pseudonym (head counts) without name or role; teachers are other persons',
      ),
      hours: pseudonymised("a student's hours keep date and amount under the pseudonym, without the activity text"),
      placementLinks: pseudonymised('the link points at the pseudonym; hire and status kept for the scorecard'),
    },
  }),
  declarePersonFields<ProposalDocument>({
    service,
    store: 'proposals',
    about: 'R&D proposals with their team',
    retention: 'the proposal record; erased students stay under a pseudonym',
    fields: {
      team: pseudonymised('a student member stays under a pseudonym without name or role'),
      reviews: otherPerson("reviewers' scores and comments (enterprise staff)"),
      idempotency: erased("the submitting request's fingerprint, a hash over the team as submitted (ADR 0083); the key stays"),
    },
  }),
  declarePersonFields<PlacementCopy>({
    service,
    store: 'placement_copies',
    about: 'copies of placement outcomes (talent.placement-outcome.v1)',
    retention: 'erased outright for an erased student; late outcomes of an erased student are not copied',
    fields: { studentId: erased(), role: erased(), outcomes: erased(), hire: erased(), kind: erased() },
  }),
  declarePersonFields<SecondmentCopy>({
    service,
    store: 'secondment_copies',
    about: 'copies of teachers’ secondments',
    retention: 'while the secondment matters to R&D links',
    fields: { teacherId: otherPerson('teacher'), hoursLogged: otherPerson('teacher') },
  }),
  declarePersonFields<CredentialCopy>({
    service,
    store: 'credential_copies',
    about: 'copies of teachers’ credentials',
    retention: 'while the credential is valid',
    fields: { teacherId: otherPerson('teacher'), tier: otherPerson('teacher') },
  }),
  {
    service,
    store: 'consent_copies',
    about: "copies of students' consents (privacy.consent.v1)",
    retention: 'erased outright with the student (the talent pipeline keeps the originals as proof)',
    fields: { studentId: erased(), enterpriseId: erased(), purpose: erased(), grantedAt: erased(), withdrawnAt: erased() },
  },
  declarePersonFields<TeacherObjectionCopy>({
    service,
    store: 'teacher_objection_copies',
    about: "copies of teachers' objections to hosts reading their finished work (secondment.teacher-privacy.v1, ADR 0077)",
    retention: "the newest state per teacher, replaced by each change; teachers only, so a student's erasure finds nothing here",
    fields: {
      teacherId: otherPerson('teacher'),
      objecting: otherPerson('teacher: whether they object now (the reason stays in the secondment service)'),
      since: otherPerson('teacher'),
    },
  }),
  {
    service,
    store: 'disclosures',
    about: "this service's disclosure ledger",
    retention: 'kept (FERPA 34 CFR 99.32): the person id replaced by the pseudonym',
    fields: {
      personId: pseudonymised('replaced by the pseudonym'),
      recipient: kept('ledger'),
      fields: kept('ledger (names, never values)'),
    },
  },
  // The operator access log is the shared one of @app/platform (ADR 0040): every field declared.
  declarePersonalData<AccessLogEntryDocument>({
    service,
    store: 'operator_access_log',
    about: "operators' reads of students' and teachers' personal data (project and proposal people, trails, the ledger)",
    retention: "kept after erasure: accountability for who read what (GDPR Art. 5(2)); the student's id replaced by the pseudonym",
    fields: {
      _id: notPersonal,
      operatorId: otherPerson('the operator who read'),
      authenticated: notPersonal,
      reason: otherPerson("the operator's stated reason"),
      route: notPersonal,
      path: pseudonymised('the route with ids filled in; the student id replaced by the pseudonym'),
      studentIds: pseudonymised('accountability: whose data was read; the id replaced by the pseudonym'),
      teacherIds: otherPerson('teachers whose data was read'),
      at: notPersonal,
      requestId: notPersonal,
    },
  }),
];
