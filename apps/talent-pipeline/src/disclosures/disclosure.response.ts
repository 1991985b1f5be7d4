import { z } from 'zod';
import { DISCLOSURE_BASES, DISCLOSURE_CHANNELS, PRIVACY_SERVICES } from '@app/contracts';
import { StudentViewSchema } from '../students/student.response';
import { DISCLOSURE_RECIPIENT_KINDS } from './disclosure.document';

/**
 * What the disclosure routes answer: ledger entries (a student's list, the cross-service export
 * in its JSON form) and the profile an enterprise reads with consent, documented from these schemas.
 */
const instant = z.iso.datetime({ offset: true });

export const LedgerEntrySchema = z.object({
  id: z.string().describe('The disclosure id.'),
  personId: z.string(),
  personKind: z.enum(['student', 'teacher']),
  schoolId: z.string(),
  service: z.enum(PRIVACY_SERVICES).describe('Which service disclosed.'),
  recipient: z.object({ kind: z.enum(DISCLOSURE_RECIPIENT_KINDS), id: z.string() }),
  fields: z.array(z.string()).describe('Which fields were disclosed (names, never values).'),
  basis: z
    .object({ kind: z.enum(DISCLOSURE_BASES), consentId: z.string().optional(), agreementId: z.string().optional() })
    .describe('Why the disclosure was allowed.'),
  channel: z.enum(DISCLOSURE_CHANNELS),
  purpose: z.string().describe('The consent purpose or what the recipient asked for.'),
  route: z
    .string()
    .optional()
    .describe('The route or delivery that carried it, e.g. `GET /v1/enterprises/{enterpriseId}/students/{studentId}`.'),
  subscriptionId: z.string().optional().describe('Channel webhook: the subscription that received it.'),
  disclosedAt: instant,
  correlationId: z.string().optional().describe('The request id of the disclosing request (or the announcing event id).'),
});

export type LedgerEntryView = z.output<typeof LedgerEntrySchema>;

export const DisclosureListSchema = z.object({ items: z.array(LedgerEntrySchema) });

export type DisclosureList = z.output<typeof DisclosureListSchema>;

export const LedgerExportSchema = z.object({
  personId: z.string(),
  generatedAt: instant,
  services: z.array(z.enum(PRIVACY_SERVICES)).describe('The services that have entries about the person, sorted.'),
  items: z.array(LedgerEntrySchema).describe('Oldest first; the export itself is the last entry.'),
});

export type LedgerExport = z.output<typeof LedgerExportSchema>;

/** The student's profile an enterprise reads with consent: these fields of the student's record, the optional ones only when present. */
export const StudentProfileSchema = StudentViewSchema.pick({
  id: true,
  schoolId: true,
  givenName: true,
  familyName: true,
  programme: true,
  cohort: true,
  skills: true,
  availability: true,
});

export type StudentProfile = z.output<typeof StudentProfileSchema>;
