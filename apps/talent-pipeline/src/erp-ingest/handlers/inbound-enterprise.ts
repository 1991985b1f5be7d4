import { Topics } from '@app/contracts';
import {
  KafkaEventContext,
  PermanentFailureError,
  RECORD_SIGNATURE_HEADER,
  RECORD_SIGNATURE_TIMESTAMP_HEADER,
  recordSignatureMatches,
} from '@app/messaging';
import { PartnersService } from '../../partners/partners.service';
import { expectTopic } from '../../shared/expect-topic';

/**
 * The enterprise an inbound ERP record speaks for, authenticated. ERP events are only trusted
 * from the inbound topic; the record key names the enterprise, and the record must carry a
 * signature made with that enterprise's ERP secret (the HTTP edge signs what it accepted, ERPs
 * that produce to Kafka sign their own). Kafka does not say who produced a record, so without
 * this any producer could act for any enterprise. Checked before anything is recorded;
 * anything that fails is a poison record for the dead-letter topic.
 */
export async function inboundEnterpriseOf(context: KafkaEventContext, partners: PartnersService): Promise<string> {
  expectTopic(context, Topics.erpInbound);
  const enterpriseId = context.getKey();
  if (!enterpriseId) throw new PermanentFailureError('ERP event without enterprise key');
  const matches = (candidates: readonly string[]) =>
    recordSignatureMatches(
      candidates,
      {
        // The record as produced, not as upcast: the signature covers the producer's bytes.
        id: context.getHeader('ce_id') ?? '',
        source: context.getHeader('ce_source') ?? '',
        type: context.getHeader('ce_type') ?? '',
        value: context.getRawValue() ?? '',
      },
      { signature: context.getHeader(RECORD_SIGNATURE_HEADER), timestamp: context.getHeader(RECORD_SIGNATURE_TIMESTAMP_HEADER) },
    );
  const verified = await partners.erpSecretsAccepted(enterpriseId, matches);
  if (verified.status === 'unknown enterprise') {
    throw new PermanentFailureError(`record key ${enterpriseId} is not a registered enterprise`);
  }
  if (verified.status === 'refused') {
    throw new PermanentFailureError(`record signature missing or not made with the ERP secret of enterprise ${enterpriseId}`);
  }
  return enterpriseId;
}
