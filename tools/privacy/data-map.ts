/**
 * The data map: every store of the three services that holds a person, field by field, from
 * the declarations kept next to the document types (talent pipeline) or here (the other two
 * services), plus the stores that hold no personal data, so that a collection nobody declared
 * is noticed (test/…/erasure.int-spec.ts checks a running talent pipeline's collections).
 */
import { PersonalDataDeclaration, PrivacyService } from '@app/contracts';
import { ACCESS_LOG_PERSONAL_DATA } from '../../apps/talent-pipeline/src/access-log/access-log.personal-data';
import { CONSENT_PERSONAL_DATA } from '../../apps/talent-pipeline/src/consent/consent.personal-data';
import { DISCLOSURE_PERSONAL_DATA } from '../../apps/talent-pipeline/src/disclosures/disclosure.personal-data';
import { ERASURE_REQUEST_PERSONAL_DATA } from '../../apps/talent-pipeline/src/erasure/erasure-request.personal-data';
import { ERP_INBOX_PERSONAL_DATA, ERP_REVIEW_QUEUE_PERSONAL_DATA } from '../../apps/talent-pipeline/src/erp-ingest/erp.personal-data';
import { OUTCOME_FEED_PERSONAL_DATA } from '../../apps/talent-pipeline/src/outcomes/outcome-feed.personal-data';
import { ATTENDANCE_PERSONAL_DATA, PLACEMENT_PERSONAL_DATA } from '../../apps/talent-pipeline/src/placements/placement.personal-data';
import { STUDENT_PERSONAL_DATA } from '../../apps/talent-pipeline/src/students/student.personal-data';
import { SUPERVISOR_PERSONAL_DATA } from '../../apps/talent-pipeline/src/supervisors/supervisor.personal-data';
import { WEBHOOK_DELIVERY_PERSONAL_DATA } from '../../apps/talent-pipeline/src/webhooks/webhook.personal-data';
import { RD_COLLABORATION_PERSONAL_DATA } from './rd-collaboration.personal-data';
import { TEACHER_SECONDMENT_PERSONAL_DATA } from './teacher-secondment.personal-data';

export const PERSONAL_DATA_MAP: PersonalDataDeclaration[] = [
  STUDENT_PERSONAL_DATA,
  CONSENT_PERSONAL_DATA,
  PLACEMENT_PERSONAL_DATA,
  ATTENDANCE_PERSONAL_DATA,
  OUTCOME_FEED_PERSONAL_DATA,
  WEBHOOK_DELIVERY_PERSONAL_DATA,
  ERP_INBOX_PERSONAL_DATA,
  ERP_REVIEW_QUEUE_PERSONAL_DATA,
  DISCLOSURE_PERSONAL_DATA,
  ACCESS_LOG_PERSONAL_DATA,
  ERASURE_REQUEST_PERSONAL_DATA,
  SUPERVISOR_PERSONAL_DATA,
  ...TEACHER_SECONDMENT_PERSONAL_DATA,
  ...RD_COLLABORATION_PERSONAL_DATA,
];

/** Stores that hold no personal data of a student, with what they hold. */
export const STORES_WITHOUT_STUDENT_DATA: Record<PrivacyService, Record<string, string>> = {
  'talent-pipeline': {
    schools: 'partner schools (organisation name, country, API key hash)',
    enterprises: 'partner enterprises (organisation name, country, key hash, ERP signing secret)',
    agreements: 'cooperation agreements between organisations',
    requisitions: "enterprises' talent demand",
    rd_placement_decisions:
      "the answer to each R&D placement proposal (accepted, or refused with why) under the proposal's placement id, the R&D project and participation ids; the refusal's detail names organisations, never the student",
    rd_participant_checks:
      'the answer to each student named as an R&D participant (confirmed, or refused with why, ADR 0082) under the participation id, with the R&D project and school ids; no student id, and the detail names no student',
    webhook_subscriptions: "schools' and enterprises' webhook endpoints and filters",
    credential_audit: 'operator actions on partner credentials (the operator id is an other person)',
    counters: 'feed sequence counters',
    leases: 'leases of singleton jobs (the retention sweep, the outcome topic pump)',
    outcome_topics:
      "each school's own outcome topic and the feed position published through (ADR 0075); the records on the topic carry what the feed does and have the lifetime of ADR 0074",
    erasure_open_requests: "the open erasure request per student (its id is the student's pseudonym); deleted on completion",
    outbox_parked:
      'events the broker refused: ids only (outcomes keyed by school); an ERP hire naming HR ids could be parked here, not rewritten by erasure',
    dead_letter_replays: 'dedupe keys of replayed dead letters',
    migrations: 'the names of one-off data changes that completed, and when',
    change_logs:
      "the ids of the latest changed students and consents (a student's id is its pseudonym once erased), so every replica's matching pool reloads them (ADR 0060)",
    key_rollouts: 'fingerprints of the keys replicas started with and when (ADR 0087; no person)',
  },
  'teacher-secondment': {
    rule_sets: 'compliance rules',
    signing_keys: 'credential signing keys',
    api_keys:
      "API keys of schools, enterprises, teachers and enterprises' mentors (hashes; a mentor key holds the mentor's name and optional email, an other person)",
    rd_hours: "teachers' R&D hours (teachers only)",
    rd_participant_checks:
      'the answer to each teacher named as an R&D participant (confirmed, or refused with why, ADR 0082) under the participation id, with the R&D project and school ids; the teacher id only while refused as unknown (so a later registration answers again)',
    disclosures: "this service's disclosure ledger (teachers)",
    key_rollouts: 'fingerprints of the keys replicas started with and when (ADR 0087; no person)',
  },
  'rd-collaboration': {
    challenges: "enterprises' R&D challenges (organisation data; NDA signer names are staff)",
    scorecard_quarters: 'counters per partnership and quarter (no person)',
    access_keys: 'API keys (hashes)',
    outbox_parked: 'events the broker refused; those keyed by an erased student are deleted by the erasure',
  },
};

/**
 * The fields of event contracts that identify or name a person, by field path (or by the last
 * segment). docs/privacy.md lists them per topic; tools/privacy/privacy-docs.spec.ts fails on a
 * person-looking field nobody classified.
 */
export const PERSON_FIELDS_IN_EVENTS: Record<string, string> = {
  studentId: 'student id (the pseudonym once erased)',
  personId: 'student or teacher id',
  teacherId: 'teacher id (staff)',
  engineerId: "enterprise engineer's id (staff)",
  'person.ids[].value': "the HR id an ERP knows the person by (a student's external id)",
  displayName: "a teacher's name (staff)",
  'endOfPlacement.reason': 'free text on why a placement ended: may describe the student',
  endReason: "free text from the enterprise's HR system on why a placement ended: may describe the student",
};

/** Fields whose names look personal but are not (organisation names). */
export const NOT_PERSON_FIELDS_IN_EVENTS: Record<string, string> = {
  name: 'organisation name (talent.partner.v1)',
};
