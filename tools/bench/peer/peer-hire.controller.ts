import { randomUUID } from 'node:crypto';
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, KafkaContext, Payload } from '@nestjs/microservices';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';

interface HireData {
  placementId: string;
  position: { title: string };
  hireDate: string;
}

interface PeerPlacement {
  _id: string;
  schoolId: string;
  enterpriseId: string;
  status: string;
  hire?: { positionTitle: string; hireDate: string };
  history: { status: string; at: Date; cause: string }[];
}

interface PeerOutcome {
  _id: string;
  schoolId: string;
  placementId: string;
  type: string;
  occurredAt: Date;
}

const header = (context: KafkaContext, name: string) => context.getMessage().headers?.[name]?.toString() ?? '';

/**
 * The same hire work as the talent pipeline's ERP hire handler, written the way the NestJS docs
 * teach it: ServerKafka, @EventPattern on the topic, mongoose models. Three writes: the
 * processed-event record (duplicates stop here), the placement, the outcome for the school.
 */
@Controller()
export class PeerHireController {
  constructor(
    @InjectModel('Placement') private readonly placements: Model<PeerPlacement>,
    @InjectModel('ProcessedEvent') private readonly processed: Model<{ _id: string; at: Date }>,
    @InjectModel('Outcome') private readonly outcomes: Model<PeerOutcome>,
  ) {}

  // Since NestJS 12 a bare string pattern types the handler as (data, ...args: unknown[]), which
  // refuses the documented `@Ctx() context: KafkaContext`; naming the pattern type picks the
  // untyped overload, as a stock Nest 12 application does.
  @EventPattern<string>(process.env.PEER_TOPIC ?? 'peer.erp-inbound.v1')
  async onHire(@Payload() data: HireData, @Ctx() context: KafkaContext): Promise<void> {
    const enterpriseId = context.getMessage().key?.toString() ?? '';
    const dedupeKey = `${enterpriseId}|${header(context, 'ce_source')}|${header(context, 'ce_id')}`;
    try {
      await this.processed.create({ _id: dedupeKey, at: new Date() });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return;
      throw error;
    }
    const at = new Date();
    const placement = await this.placements.findOneAndUpdate(
      { _id: data.placementId, enterpriseId, status: 'active' },
      {
        $set: { status: 'hired', hire: { positionTitle: data.position.title, hireDate: data.hireDate } },
        $push: { history: { status: 'hired', at, cause: `erp.hire.v1 ${header(context, 'ce_id')}` } },
      },
      { new: true, projection: { schoolId: 1 } },
    );
    if (!placement) return;
    await this.outcomes.create({
      _id: randomUUID(),
      schoolId: placement.schoolId,
      placementId: data.placementId,
      type: 'talent.placement.hired.v1',
      occurredAt: at,
    });
  }
}
