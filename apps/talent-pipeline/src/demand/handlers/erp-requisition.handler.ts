import { Controller, Logger } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ErpRequisition, Topics } from '@app/contracts';
import { KafkaEventContext } from '@app/messaging/kafka-event-context';
import { PermanentFailureError } from '@app/messaging/permanent-failure.error';
import { erpDedupeKey, ErpInboxRepository } from '../../erp-ingest/erp-inbox.repository';
import { expectTopic } from '../../erp-ingest/handlers/expect-topic';
import { PartnersRepository } from '../../partners/partners.repository';
import { ErpRequisitionEvent, RequisitionsService } from '../requisitions.service';

/**
 * Turns ERP requisitions into the platform's requisitions (talent demand). The enterprise is
 * the record key (what the event was authenticated for), never a payload field, so an ERP
 * can only touch its own enterprise's demand.
 */
@Controller()
export class ErpRequisitionHandler {
  private readonly logger = new Logger(ErpRequisitionHandler.name);

  constructor(
    private readonly requisitions: RequisitionsService,
    private readonly partners: PartnersRepository,
    private readonly inbox: ErpInboxRepository,
  ) {}

  @EventPattern(ErpRequisition.type)
  async onRequisition(@Payload() event: ErpRequisitionEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    // ERP events are only trusted from the inbound topic, never from one this service publishes to.
    expectTopic(context, Topics.erpInbound);
    const enterpriseId = context.getKey();
    if (!enterpriseId) throw new PermanentFailureError('ERP event without enterprise key');
    // ERPs that produce to Kafka directly skip the HTTP edge's check; an unknown key is a poison record.
    if (!(await this.partners.enterprises.findById(enterpriseId))) {
      throw new PermanentFailureError(`ERP requisition for unknown enterprise ${enterpriseId}`);
    }
    const dedupeKey = erpDedupeKey(enterpriseId, event);
    const result = await this.requisitions.applyErp(enterpriseId, event, dedupeKey);
    this.logger.log({ msg: 'ERP requisition applied', enterpriseId, erpRequisitionId: event.data.requisitionId, result });
    // Only events that came over HTTP have an inbox entry; for direct Kafka producers this matches nothing.
    await this.inbox.markStatus(dedupeKey, 'applied');
  }
}
