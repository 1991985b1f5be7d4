import { declarePersonalData, erased, kept, notPersonal, otherPerson, pseudonymised } from '@app/contracts';
import { PLACEMENTS } from '../shared/collections';
import { AttendanceEntryDocument, PLACEMENT_ATTENDANCE } from './placement-attendance.repository';
import { PlacementDocument } from './placement.document';

const REPORTS = 'kept for aggregate reports (placements, completions, hires per school, programme and cohort)';

export const PLACEMENT_PERSONAL_DATA = declarePersonalData<PlacementDocument>({
  service: 'talent-pipeline',
  store: PLACEMENTS,
  about: "students' placements",
  retention: "the student's retention; after erasure the row stays, pseudonymised, for reports",
  fields: {
    _id: notPersonal,
    studentId: pseudonymised('kept as a bare pseudonym: the students document no longer links it to anyone'),
    schoolId: notPersonal,
    enterpriseId: notPersonal,
    programme: kept(REPORTS),
    cohort: kept(REPORTS),
    requisitionId: notPersonal,
    kind: kept(REPORTS),
    role: kept(REPORTS),
    startDate: kept(REPORTS),
    endDate: kept(REPORTS),
    status: kept(REPORTS),
    history: kept('status changes and their system causes (days to placement, conversion)'),
    hire: kept('position title and hire date: hires per enterprise'),
    guardianRequired: kept('which party had to sign: proof that the agreement was validly signed'),
    agreement: pseudonymised('the student or guardian signer name becomes [erased]; party and time stay as proof'),
    evaluations: pseudonymised('comments removed; scores and evaluator (staff) kept for average scores'),
    endOfPlacement: pseudonymised('the free-text reason removed; hours and evaluation summary kept'),
    scheduledEnd: pseudonymised("an ERP end waiting for its day: the free-text reason removed; outcome, days and the ERP event's id kept"),
    scheduledStart: kept("an ERP start waiting for its first day: the day and the ERP event's id, as the start date it becomes"),
    rescindedStart: notPersonal,
    rescindedEnd: notPersonal,
    createdAt: notPersonal,
    proposalDigest: kept(
      'SHA-256 of the proposal as stored (the birth date left out, only the guardian flag it decided), kept only when it came with an Idempotency-Key: tells its retry from another request',
    ),
    studentPseudonymisedAt: notPersonal,
  },
});

export const ATTENDANCE_PERSONAL_DATA = declarePersonalData<AttendanceEntryDocument>({
  service: 'talent-pipeline',
  store: PLACEMENT_ATTENDANCE,
  about: "students' attendance during placements",
  retention: 'with the placement',
  fields: {
    _id: notPersonal,
    placementId: notPersonal,
    idempotencyKey: notPersonal,
    date: kept('hours logged per placement'),
    hours: kept('hours logged per placement'),
    status: kept('days present, absent, sick, excused per placement'),
    note: erased('free text'),
    recordedBy: otherPerson('who recorded it (operator or enterprise)'),
    recordedAt: notPersonal,
  },
});
