import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';
import { RequisitionSnapshotSchema } from './requisition.schema';

export const RequisitionUpdated = defineEventContract({
  type: 'talent.requisition.updated.v1',
  topic: Topics.requisitions,
  description: 'The content of a requisition changed (today: its ERP sent a new version); carries the full new state.',
  schema: RequisitionSnapshotSchema,
});
