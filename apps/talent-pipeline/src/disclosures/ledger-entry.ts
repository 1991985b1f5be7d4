import { DISCLOSURE_CHANNELS, PrivacyService } from '@app/contracts';
import { DisclosureBasisKind, DisclosureChannel, DisclosureDocument, DisclosureRecipientKind } from './disclosure.document';

/** One ledger entry in its current shape, whatever shape it was stored in. */
export interface LedgerEntry {
  id: string;
  personId: string;
  personKind: 'student' | 'teacher';
  schoolId: string;
  service: PrivacyService;
  recipient: { kind: DisclosureRecipientKind; id: string };
  fields: string[];
  basis: { kind: DisclosureBasisKind; consentId?: string; agreementId?: string };
  channel: DisclosureChannel;
  purpose: string;
  route?: string;
  subscriptionId?: string;
  disclosedAt: Date;
  correlationId?: string;
}

const CHANNELS: readonly string[] = DISCLOSURE_CHANNELS;

/** Reads both the current and the original (pre-0040) shape of a stored entry. */
export function ledgerEntryOf(doc: DisclosureDocument): LedgerEntry {
  const legacyRoute = CHANNELS.includes(doc.channel) ? undefined : doc.channel;
  const consentId = doc.basis?.consentId ?? doc.consentId;
  return {
    id: doc._id,
    personId: doc.studentId,
    personKind: doc.personKind ?? 'student',
    schoolId: doc.schoolId,
    service: doc.service ?? 'talent-pipeline',
    recipient: { kind: doc.recipient.kind, id: doc.recipient.id ?? doc.recipient.enterpriseId ?? '' },
    fields: doc.fields,
    basis: doc.basis ?? { kind: 'consent', ...(consentId ? { consentId } : {}) },
    channel: (legacyRoute ? 'api' : doc.channel) as DisclosureChannel,
    purpose: doc.purpose,
    ...((doc.route ?? legacyRoute) ? { route: doc.route ?? legacyRoute } : {}),
    ...(doc.subscriptionId ? { subscriptionId: doc.subscriptionId } : {}),
    disclosedAt: doc.disclosedAt,
    ...(doc.correlationId ? { correlationId: doc.correlationId } : {}),
  };
}
