import { WebhookSubscriptionDocument } from '../webhook-subscription.document';

type Secrets = Pick<WebhookSubscriptionDocument, 'secret' | 'previousSecret'>;

export const DEFAULT_ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * The secrets a delivery is signed with: the current one, and during a rotation's grace
 * period the previous one too, so receivers can switch to the new secret at their own pace.
 */
export function signingSecretsOf(subscription: Secrets, now: Date): string[] {
  const previous = subscription.previousSecret;
  return previous && previous.expiresAt > now ? [previous.secret, subscription.secret] : [subscription.secret];
}

/**
 * The secrets after a rotation. Rotating again inside a grace period drops the oldest secret:
 * at most two ever sign a delivery.
 */
export function rotatedSecrets(subscription: Secrets, newSecret: string, graceMs: number, now: Date): Secrets {
  if (graceMs <= 0) return { secret: newSecret, previousSecret: undefined };
  return { secret: newSecret, previousSecret: { secret: subscription.secret, expiresAt: new Date(now.getTime() + graceMs) } };
}
