import { CloudEvent } from '@app/contracts';
import { WebhookSubscriptionDocument } from '../webhook-subscription.document';

type Filters = Pick<WebhookSubscriptionDocument, 'eventTypes' | 'programmes' | 'cohorts'>;

/** Whether an outcome event passes a subscription's filters; an empty filter lets everything through. */
export function subscriptionMatches(filters: Filters, event: Pick<CloudEvent, 'type' | 'data'>): boolean {
  const data = (event.data ?? {}) as { programme?: unknown; cohort?: unknown };
  const allows = (values: string[] | undefined, value: unknown) => !values?.length || values.includes(value as string);
  return allows(filters.eventTypes, event.type) && allows(filters.programmes, data.programme) && allows(filters.cohorts, data.cohort);
}
