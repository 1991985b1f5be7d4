import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { CloudEvent } from '@app/contracts';
import { encodeKafkaRecord } from './kafka-record-codec';

/** Record headers that authenticate an inbound record (ERP events on Kafka). */
export const RECORD_SIGNATURE_HEADER = 'erp-signature';
export const RECORD_SIGNATURE_TIMESTAMP_HEADER = 'erp-signature-timestamp';

/** What a record signature covers: the CloudEvent's identity and type, and the value's bytes. */
export interface SignedRecordContent {
  id: string;
  source: string;
  type: string;
  value: Buffer | string;
}

/**
 * Kafka does not tell a consumer who produced a record, so a record that acts for a tenant
 * carries a signature made with that tenant's secret. Standard Webhooks' scheme, with the
 * CloudEvent id as message id: `v1,<base64 HMAC-SHA256 of "{ce_id}.{timestamp}.{ce_source}.{ce_type}.{value}">`
 * keyed with the `whsec_` secret. The timestamp is not checked for freshness (records may wait
 * in Kafka through an outage); replays are harmless because the dedupe key is the signed id.
 */
export function signRecord(secret: string, content: SignedRecordContent, at = new Date()): Record<string, string> {
  return {
    [RECORD_SIGNATURE_TIMESTAMP_HEADER]: String(Math.floor(at.getTime() / 1000)),
    [RECORD_SIGNATURE_HEADER]: new Webhook(secret).sign(content.id, at, payloadOf(content)),
  };
}

/** The signature headers of the record `event` becomes on Kafka under `key` (its value as the codec encodes it). */
export function signEventRecord(secret: string, event: CloudEvent, key: string, at = new Date()): Record<string, string> {
  const value = encodeKafkaRecord(event, key).value as string;
  return signRecord(secret, { id: event.id, source: event.source, type: event.type, value }, at);
}

/**
 * Whether any of the space-separated `v1,` signatures was made with any of the secrets (several
 * while a secret is being rotated).
 */
export function recordSignatureMatches(
  secrets: readonly string[],
  content: SignedRecordContent,
  headers: { signature?: string; timestamp?: string },
): boolean {
  if (!headers.signature || !headers.timestamp || !/^\d{1,12}$/.test(headers.timestamp)) return false;
  const at = new Date(Number(headers.timestamp) * 1000);
  const offered = headers.signature
    .split(' ')
    .map((candidate) => candidate.split(','))
    .filter(([version, signature]) => version === 'v1' && signature)
    .map(([, signature]) => Buffer.from(signature));
  return secrets.some((secret) => {
    const expected = Buffer.from(new Webhook(secret).sign(content.id, at, payloadOf(content)).split(',')[1]);
    return offered.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected));
  });
}

function payloadOf(content: SignedRecordContent): string {
  return `${content.source}.${content.type}.${content.value.toString()}`;
}
