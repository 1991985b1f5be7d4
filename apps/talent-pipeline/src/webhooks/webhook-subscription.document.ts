export interface WebhookSubscriptionDocument {
  _id: string;
  schoolId: string;
  url: string;
  /** Outcome event types to deliver; empty means all. */
  eventTypes: string[];
  /** Standard Webhooks signing secret (whsec_…). Shortcut: stored as is. */
  secret: string;
  status: 'active' | 'disabled';
  disabledReason?: string;
  createdAt: Date;
}

export function subscriptionView(s: WebhookSubscriptionDocument) {
  return {
    id: s._id,
    schoolId: s.schoolId,
    url: s.url,
    eventTypes: s.eventTypes,
    status: s.status,
    disabledReason: s.disabledReason,
    createdAt: s.createdAt,
  };
}
