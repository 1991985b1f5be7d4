import { OUTCOME_EVENT_TYPES, OutcomeEventType } from './dto/create-subscription.dto';
import { SubscriptionView } from './webhook-subscription.response';

/**
 * A school's subscription to its students' placement outcomes, or an enterprise's to the
 * outcomes of its own placements (exactly one of `schoolId`, `enterpriseId`).
 */
export interface WebhookSubscriptionDocument {
  _id: string;
  schoolId?: string;
  /** Set on an enterprise's subscription; its deliveries carry the student only with consent in force (docs/decisions/0039). */
  enterpriseId?: string;
  url: string;
  /** Outcome event types to deliver; empty means all. */
  eventTypes: string[];
  /** Programmes whose outcomes to deliver; empty or absent (older subscriptions) means all. */
  programmes?: string[];
  /** Cohorts whose outcomes to deliver; empty or absent means all. */
  cohorts?: string[];
  /** Standard Webhooks signing secret (whsec_…), sealed by SecretBox when SECRETS_ENCRYPTION_KEY is set. */
  secret: string;
  /** The secret replaced by the last rotation, still signing alongside until `expiresAt`. */
  previousSecret?: { secret: string; expiresAt: Date };
  status: 'active' | 'disabled';
  disabledReason?: string;
  createdAt: Date;
  updatedAt?: Date;
}

/** The subscription as its owner reads it: never a secret. Its type is the documented schema's. */
export function subscriptionView(s: WebhookSubscriptionDocument): SubscriptionView {
  const now = new Date();
  return {
    id: s._id,
    schoolId: s.schoolId,
    enterpriseId: s.enterpriseId,
    url: s.url,
    // Only these types are ever accepted (CreateSubscriptionSchema): the guard only narrows the stored strings.
    eventTypes: s.eventTypes.filter(isOutcomeEventType),
    programmes: s.programmes ?? [],
    cohorts: s.cohorts ?? [],
    status: s.status,
    disabledReason: s.disabledReason,
    /** When deliveries stop carrying the previous secret's signature, if a rotation is in its grace period. */
    previousSecretExpiresAt: s.previousSecret && s.previousSecret.expiresAt > now ? s.previousSecret.expiresAt.toISOString() : undefined,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt?.toISOString(),
  };
}

const OUTCOME_TYPES: readonly string[] = OUTCOME_EVENT_TYPES;

function isOutcomeEventType(type: string): type is OutcomeEventType {
  return OUTCOME_TYPES.includes(type);
}
