import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export class SignatureRejectedError extends Error {}

export interface SignedRequest {
  id?: string;
  timestamp?: string;
  signature?: string;
  body: Buffer;
}

/**
 * Standard Webhooks verification with a configurable timestamp tolerance (the reference
 * library fixes it at five minutes). Any of several space-separated `v1,` signatures may
 * match, which is how senders rotate secrets.
 */
export function verifyStandardWebhook(request: SignedRequest, secret: string, toleranceSeconds: number, now = new Date()): void {
  if (!request.id || !request.timestamp || !request.signature) {
    throw new SignatureRejectedError('webhook-id, webhook-timestamp and webhook-signature headers are required');
  }
  if (!/^\d+$/.test(request.timestamp)) throw new SignatureRejectedError('webhook-timestamp must be Unix seconds');
  const sentAt = Number(request.timestamp);
  if (Math.abs(now.getTime() / 1000 - sentAt) > toleranceSeconds) {
    throw new SignatureRejectedError(`webhook-timestamp is outside the ${toleranceSeconds}s tolerance window`);
  }
  const expected = Buffer.from(new Webhook(secret).sign(request.id, new Date(sentAt * 1000), request.body).split(',')[1]);
  const matches = request.signature
    .split(' ')
    .map((candidate) => candidate.split(','))
    .some(([version, signature]) => version === 'v1' && signature !== undefined && safeEqual(Buffer.from(signature), expected));
  if (!matches) throw new SignatureRejectedError('no webhook-signature matches');
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
