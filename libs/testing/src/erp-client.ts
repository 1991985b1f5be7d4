import { randomUUID } from 'node:crypto';
import { Message } from 'kafkajs';
import { Db, Document, WithId } from 'mongodb';
import { Webhook } from 'standardwebhooks';
import { CloudEvent } from '@app/contracts';
import { encodeKafkaRecord, signEventRecord } from '@app/messaging';
import { fetchChecked } from './http-client';
import { waitFor } from './wait-for';

export interface ErpPost {
  baseUrl: string;
  enterpriseId: string;
  secret: string;
  body: unknown;
  batch?: boolean;
  /** Override the signing time (e.g. to send a stale timestamp). */
  signedAt?: Date;
  /** Override the signature header (e.g. a wrong one). */
  signature?: string;
  contentType?: string;
  /** Sent as x-correlation-id. */
  correlationId?: string;
}

type ErpAnswer = { status: number; body: any; contentType: string | null };

/** Posts CloudEvents the way an ERP would: structured JSON, signed per Standard Webhooks. */
export function postErpEvents(post: ErpPost): Promise<ErpAnswer> {
  const contentType = post.contentType ?? (post.batch ? 'application/cloudevents-batch+json' : 'application/cloudevents+json');
  return postSigned(`${post.baseUrl}/v1/erp/events`, { ...post, contentType });
}

export type ErpVendor = 'successfactors' | 'workday';

/** Posts a vendor-shaped notification (JSON) to its adapter, signed per Standard Webhooks like the ERP's outbound integration. */
export function postVendorNotification(post: ErpPost & { vendor: ErpVendor }): Promise<ErpAnswer> {
  return postSigned(`${post.baseUrl}/v1/erp/adapters/${post.vendor}/events`, {
    ...post,
    contentType: post.contentType ?? 'application/json',
  });
}

async function postSigned(url: string, post: ErpPost & { contentType: string }): Promise<ErpAnswer> {
  const payload = JSON.stringify(post.body);
  const messageId = `msg_${randomUUID()}`;
  const signedAt = post.signedAt ?? new Date();
  const answer = await fetchChecked(url, {
    method: 'POST',
    headers: {
      'content-type': post.contentType,
      'x-enterprise-id': post.enterpriseId,
      'webhook-id': messageId,
      'webhook-timestamp': String(Math.floor(signedAt.getTime() / 1000)),
      'webhook-signature': post.signature ?? new Webhook(post.secret).sign(messageId, signedAt, payload),
      ...(post.correlationId ? { 'x-correlation-id': post.correlationId } : {}),
    },
    body: payload,
  });
  return { status: answer.status, body: answer.body, contentType: answer.contentType };
}

export function erpHireEvent(data: Record<string, unknown>, id = `hire-${randomUUID()}`, source = 'urn:erp:test') {
  return { specversion: '1.0', id, source, type: 'erp.hire.v1', time: new Date().toISOString(), data };
}

/**
 * A record as an ERP that speaks Kafka produces it: binary-mode CloudEvent, key = its
 * enterprise id, signed with the enterprise's ERP secret (without a secret: unsigned, as a
 * forger would send it).
 */
export function erpKafkaRecord(event: object, enterpriseId: string, secret?: string): Message {
  const cloudEvent = { datacontenttype: 'application/json', ...event } as CloudEvent;
  const record = encodeKafkaRecord(cloudEvent, enterpriseId);
  if (!secret) return record;
  const signature = signEventRecord(secret, cloudEvent, enterpriseId);
  return { ...record, headers: { ...record.headers, ...signature } };
}

/**
 * The talent pipeline's inbox record of an ERP event once the consumer has settled it (any status
 * but `accepted`, the status the HTTP ingest stores): the consumer writes the placement first and
 * the inbox status a round trip later, so a test that saw the placement change reads the inbox
 * through this, not at once.
 */
export function settledErpInboxRecord(db: Db, eventId: string): Promise<WithId<Document>> {
  return waitFor(`the inbox record of ${eventId} settled by the consumer`, async () => {
    const record = await db.collection('erp_inbox').findOne({ 'event.id': eventId });
    return record && record.status !== 'accepted' ? record : undefined;
  });
}
