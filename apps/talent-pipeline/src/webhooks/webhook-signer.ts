import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks headers for one delivery. With several secrets (during rotation) the
 * signature header carries one `v1,` signature per secret, space-separated.
 */
export function signWebhook(messageId: string, body: string, secrets: string[], at: Date): Record<string, string> {
  return {
    'webhook-id': messageId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': secrets.map((secret) => new Webhook(secret).sign(messageId, at, body)).join(' '),
  };
}
