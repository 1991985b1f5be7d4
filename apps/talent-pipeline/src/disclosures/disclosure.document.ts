import { DISCLOSURE_BASES, DISCLOSURE_CHANNELS, PrivacyService } from '@app/contracts';

export type DisclosureChannel = (typeof DISCLOSURE_CHANNELS)[number];
export type DisclosureBasisKind = (typeof DISCLOSURE_BASES)[number];
export const DISCLOSURE_RECIPIENT_KINDS = ['enterprise', 'school', 'webhook', 'operator'] as const;
export type DisclosureRecipientKind = (typeof DISCLOSURE_RECIPIENT_KINDS)[number];

/**
 * One entry of the append-only disclosure ledger: who received which personal data of a
 * person, when, on what basis and through which channel. The talent pipeline's own entries
 * and the ones the other services announce on `privacy.disclosure.v1` live side by side
 * (`service` tells them apart), so one query answers a data subject access request.
 *
 * Entries written before the ledger was extended (docs/decisions/0040) have a route in
 * `channel`, `recipient.enterpriseId` and a top-level `consentId` instead of `basis`;
 * `ledgerEntryOf` reads both shapes, nothing is rewritten.
 */
export interface DisclosureDocument {
  /** The disclosure id (the other services' `disclosureId`, so a redelivered event is stored once). */
  _id: string;
  /** The person whose data was disclosed (a student here; a teacher for the secondment service). */
  studentId: string;
  personKind?: 'student' | 'teacher';
  schoolId: string;
  /** Which service disclosed (absent on entries older than the field: the talent pipeline). */
  service?: PrivacyService;
  /** Who received the data. `enterpriseId` only on entries older than `id`. */
  recipient: { kind: DisclosureRecipientKind; id?: string; enterpriseId?: string };
  /** Which fields were disclosed (names, never values). */
  fields: string[];
  /** Why it was allowed: a consent, an agreement, the school's own student, a legal obligation. */
  basis?: { kind: DisclosureBasisKind; consentId?: string; agreementId?: string };
  /** The consent purpose or what the recipient asked for. */
  purpose: string;
  /** Entries older than `basis` cite their consent here. */
  consentId?: string;
  /** api, webhook, kafka or export (older entries: the route). */
  channel: string;
  /** The route or delivery that carried it, e.g. `GET /v1/enterprises/{enterpriseId}/students/{studentId}`. */
  route?: string;
  /** The webhook subscription that received it (channel webhook): erasure notices go there. */
  subscriptionId?: string;
  disclosedAt: Date;
  /** The request id of the disclosing HTTP request (or the event id), to find its log lines. */
  correlationId?: string;
  /** When this service stored an entry announced by another one. */
  gatheredAt?: Date;
}
