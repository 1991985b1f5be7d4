import { Topics } from '@app/contracts';
import { KafkaEventContext } from '@app/messaging/kafka-event-context';
import { PermanentFailureError } from '@app/messaging/permanent-failure.error';
import { PartnersService } from '../../partners/partners.service';
import { expectTopic } from '../../shared/expect-topic';

/**
 * The enterprise an inbound ERP record speaks for. ERP events are only trusted from the
 * inbound topic, and the record key is the enterprise: the HTTP edge writes the one it
 * authenticated, ERPs that produce to Kafka write their own, so it must name a registered
 * enterprise. Anything else is a poison record for the dead-letter topic.
 */
export async function inboundEnterpriseOf(context: KafkaEventContext, partners: PartnersService): Promise<string> {
  expectTopic(context, Topics.erpInbound);
  const enterpriseId = context.getKey();
  if (!enterpriseId) throw new PermanentFailureError('ERP event without enterprise key');
  if (!(await partners.isRegisteredEnterprise(enterpriseId))) {
    throw new PermanentFailureError(`record key ${enterpriseId} is not a registered enterprise`);
  }
  return enterpriseId;
}
