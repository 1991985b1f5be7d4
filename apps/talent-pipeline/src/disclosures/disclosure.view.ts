import { LedgerEntryView } from './disclosure.response';
import { LedgerEntry } from './ledger-entry';

/** A ledger entry as the API answers it. */
export function disclosureView(entry: LedgerEntry): LedgerEntryView {
  return {
    id: entry.id,
    personId: entry.personId,
    personKind: entry.personKind,
    schoolId: entry.schoolId,
    service: entry.service,
    recipient: entry.recipient,
    fields: entry.fields,
    basis: entry.basis,
    channel: entry.channel,
    purpose: entry.purpose,
    route: entry.route,
    subscriptionId: entry.subscriptionId,
    disclosedAt: entry.disclosedAt.toISOString(),
    correlationId: entry.correlationId,
  };
}
