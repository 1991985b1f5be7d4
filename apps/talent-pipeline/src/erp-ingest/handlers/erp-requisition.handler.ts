import { Controller, Logger } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { ErpRequisition } from '@app/contracts';
import { HandlesEvent, KafkaEventContext } from '@app/messaging';
import { erpDedupeKey, ErpInboxRepository } from '../erp-inbox.repository';
import { inboundEnterpriseOf } from './inbound-enterprise';
import { PartnersService } from '../../partners/partners.service';
import { ErpRequisitionEvent, RequisitionsService } from '../../demand/requisitions.service';

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
    private readonly partners: PartnersService,
    private readonly inbox: ErpInboxRepository,
  ) {}

  @HandlesEvent(ErpRequisition)
  async onRequisition(@Payload() event: ErpRequisitionEvent, @Ctx() context: KafkaEventContext): Promise<void> {
    const enterpriseId = await inboundEnterpriseOf(context, this.partners);
    const dedupeKey = erpDedupeKey(enterpriseId, event);
    const result = await this.requisitions.applyErp(enterpriseId, event, dedupeKey);
    this.logger.log({ msg: 'ERP requisition applied', enterpriseId, erpRequisitionId: event.data.requisitionId, result });
    // Only events that came over HTTP have an inbox entry; for direct Kafka producers this matches nothing.
    await this.inbox.markStatus(dedupeKey, 'applied');
  }
}
