import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { RequisitionSnapshotSchema } from './requisition.schema';

export const RequisitionOpened = defineEventContract({
  type: 'talent.requisition.opened.v1',
  topic: Topics.requisitions,
  description: 'An enterprise opened a requisition (talent demand), from the HTTP API or from its ERP.',
  schema: RequisitionSnapshotSchema,
});
