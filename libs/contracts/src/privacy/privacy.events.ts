import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';

/**
 * Privacy events shared by the three services. They carry ids, field NAMES and legal bases,
 * never a personal value: a student's name or contact details never travel on Kafka.
 */

/** The services that hold copies of a person's data and must each confirm an erasure. */
export const PRIVACY_SERVICES = ['talent-pipeline', 'teacher-secondment', 'rd-collaboration'] as const;
export type PrivacyService = (typeof PRIVACY_SERVICES)[number];

export const ERASURE_ORIGINS = ['school', 'operator', 'retention'] as const;

const id = z.string().min(1).max(100);
const fieldNames = z.array(z.string().min(1).max(100)).max(100);

export const ErasureRequested = defineEventContract({
  type: 'privacy.erasure.requested.v1',
  topic: Topics.privacyErasure,
  description:
    "A student's personal data is to be erased everywhere (filed by the school, an operator on the person's request, or the retention schedule). Every service erases or pseudonymises its own copy and answers with privacy.erasure.confirmed.v1.",
  schema: z.object({
    requestId: id,
    personId: id,
    personKind: z.enum(['student']),
    schoolId: id,
    origin: z.enum(ERASURE_ORIGINS),
    /** Why, in words (GDPR Art. 17 ground, PIPL Art. 47 ground, retention rule); never personal data. */
    reason: z.string().min(1).max(500),
    requestedAt: z.iso.datetime(),
  }),
});

export const ERASURE_ACTIONS = ['erased', 'pseudonymised', 'kept-anonymised', 'none-held'] as const;

export const ErasureConfirmed = defineEventContract({
  type: 'privacy.erasure.confirmed.v1',
  topic: Topics.privacyErasure,
  description:
    'One service erased (or pseudonymised) a person in its own store: per store, what it did to which fields and how many records. The erasure request collects one per service as its completion proof.',
  schema: z.object({
    requestId: id,
    personId: id,
    service: z.enum(PRIVACY_SERVICES),
    actions: z
      .array(
        z.object({
          /** The collection or store, e.g. `students`, `projects.participants`. */
          store: z.string().min(1).max(100),
          action: z.enum(ERASURE_ACTIONS),
          fields: fieldNames,
          records: z.number().int().nonnegative(),
        }),
      )
      .max(50),
    /** Tombstones published on compacted topics for records about the person (key: the record's key). */
    tombstones: z.array(z.object({ topic: z.string().min(1).max(200), key: id })).max(500),
    confirmedAt: z.iso.datetime(),
  }),
});

export const DISCLOSURE_CHANNELS = ['api', 'webhook', 'kafka', 'export'] as const;
export const DISCLOSURE_BASES = ['consent', 'agreement', 'own-school', 'legal-obligation'] as const;

export const DisclosureRecorded = defineEventContract({
  type: 'privacy.disclosure.recorded.v1',
  topic: Topics.privacyDisclosures,
  description:
    "A service disclosed a person's data to a recipient: who received which fields, when, on what basis, through which channel. The talent pipeline gathers these into the person's ledger (FERPA 34 CFR 99.32) without reading another service's database.",
  schema: z.object({
    disclosureId: id,
    personId: id,
    personKind: z.enum(['student', 'teacher']),
    schoolId: id,
    service: z.enum(PRIVACY_SERVICES),
    recipient: z.object({ kind: z.enum(['enterprise', 'school', 'webhook', 'operator']), id }),
    fields: fieldNames,
    basis: z.object({ kind: z.enum(DISCLOSURE_BASES), consentId: id.optional(), agreementId: id.optional() }),
    channel: z.enum(DISCLOSURE_CHANNELS),
    /** The purpose or the route, e.g. `rd-project` or `GET /v1/projects/{id}`. */
    purpose: z.string().min(1).max(200),
    disclosedAt: z.iso.datetime(),
  }),
});

/** Purposes a student's consent can name (the talent pipeline owns consent; the others keep copies). */
export const STUDENT_CONSENT_PURPOSES = ['matching', 'placement', 'data-sharing-with-enterprise', 'rd-project'] as const;

export const ConsentChanged = defineEventContract({
  type: 'privacy.consent.changed.v1',
  topic: Topics.privacyConsents,
  description:
    "A student's consent for one enterprise and purpose was granted or withdrawn (its state after the change). Services that disclose the student's data keep a copy and check it at every disclosure.",
  schema: z.object({
    consentId: id,
    studentId: id,
    schoolId: id,
    enterpriseId: id,
    purpose: z.enum(STUDENT_CONSENT_PURPOSES),
    grantedAt: z.iso.datetime(),
    expiresAt: z.iso.datetime().optional(),
    withdrawnAt: z.iso.datetime().optional(),
    changedAt: z.iso.datetime(),
  }),
});

/**
 * The tombstone of one consent on the compacted consent topic: a record with the consent id as
 * key and no value, so compaction removes every earlier state of the consent. Published when the
 * student is erased. `data` is null; the CloudEvent `subject` names the consent.
 */
export const ConsentErased = defineEventContract({
  type: 'privacy.consent.erased.v1',
  topic: Topics.privacyConsents,
  description:
    'Tombstone (null value, key: the consent id) published when the student is erased: compaction then drops every earlier state of the consent from the topic. Holders of a copy delete it; the subject is `consents/<consentId>`.',
  schema: z.null(),
});

/** One valid `data` per privacy contract, for the contract specs. */
export const PRIVACY_EVENT_SAMPLES: Record<string, unknown> = {
  'privacy.consent.erased.v1': null,
  'privacy.erasure.requested.v1': {
    requestId: 'erasure-1',
    personId: 'student-1',
    personKind: 'student',
    schoolId: 'school-1',
    origin: 'school',
    reason: 'GDPR Art. 17(1)(b): consent withdrawn',
    requestedAt: '2026-12-01T08:00:00Z',
  },
  'privacy.erasure.confirmed.v1': {
    requestId: 'erasure-1',
    personId: 'student-1',
    service: 'rd-collaboration',
    actions: [{ store: 'projects.participants', action: 'pseudonymised', fields: ['name'], records: 1 }],
    tombstones: [],
    confirmedAt: '2026-12-01T08:00:01Z',
  },
  'privacy.disclosure.recorded.v1': {
    disclosureId: 'disclosure-1',
    personId: 'student-1',
    personKind: 'student',
    schoolId: 'school-1',
    service: 'rd-collaboration',
    recipient: { kind: 'enterprise', id: 'enterprise-1' },
    fields: ['name', 'role'],
    basis: { kind: 'consent', consentId: 'consent-1' },
    channel: 'api',
    purpose: 'GET /v1/projects/{projectId}',
    disclosedAt: '2026-12-01T08:00:00Z',
  },
  'privacy.consent.changed.v1': {
    consentId: 'consent-1',
    studentId: 'student-1',
    schoolId: 'school-1',
    enterpriseId: 'enterprise-1',
    purpose: 'rd-project',
    grantedAt: '2026-11-01T08:00:00Z',
    changedAt: '2026-11-01T08:00:00Z',
  },
};
