import { declarePersonalData, notPersonal, pseudonymised } from '@app/contracts';
import { WebhookDeliveryDocument } from './webhook-delivery.document';
import { WebhookSubscriptionDocument } from './webhook-subscription.document';

export const WEBHOOK_DELIVERY_PERSONAL_DATA = declarePersonalData<WebhookDeliveryDocument>({
  service: 'talent-pipeline',
  store: 'webhook_deliveries',
  about: 'outcomes (and erasure notices) sent to schools’ webhook receivers',
  retention: 'no expiry yet (the delivery log); pseudonymised by erasure, which also finds the recipients here',
  fields: {
    _id: notPersonal,
    subscriptionId: notPersonal,
    schoolId: notPersonal,
    event: pseudonymised('the outcome as sent: endOfPlacement.reason removed, pending deliveries cancelled; notices carry ids only'),
    replayId: notPersonal,
    status: notPersonal,
    attempts: notPersonal,
    nextAttemptAt: notPersonal,
    leaseToken: notPersonal,
    createdAt: notPersonal,
    finishedAt: notPersonal,
    traceContext: notPersonal,
  },
});

export const WEBHOOK_SUBSCRIPTION_PERSONAL_DATA = declarePersonalData<WebhookSubscriptionDocument>({
  service: 'talent-pipeline',
  store: 'webhook_subscriptions',
  about: "schools' and enterprises' webhook endpoints",
  retention: 'while the school keeps the subscription',
  fields: {
    _id: notPersonal,
    schoolId: notPersonal,
    enterpriseId: notPersonal,
    url: notPersonal,
    eventTypes: notPersonal,
    programmes: notPersonal,
    cohorts: notPersonal,
    secret: notPersonal,
    previousSecret: notPersonal,
    status: notPersonal,
    disabledReason: notPersonal,
    createdAt: notPersonal,
    updatedAt: notPersonal,
  },
});
