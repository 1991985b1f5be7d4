import { HrOpenIdentifier, RequisitionKind, Skill } from '@app/contracts';
import { AggregateDocument } from '@app/persistence';
import { RequisitionStatus } from './domain/requisition-lifecycle';

/** Enterprise talent demand: who the enterprise wants, how many, when and where. */
export interface RequisitionDocument extends AggregateDocument {
  enterpriseId: string;
  role: string;
  skills: Skill[];
  headcount: number;
  kind: RequisitionKind;
  /** Calendar dates (YYYY-MM-DD), both included. */
  period: { from: string; to: string };
  location: string;
  status: RequisitionStatus;
  /** Where the requisition came from: `http`, or the ERP event that created or last changed it. */
  history: { status: RequisitionStatus; at: Date; cause: string }[];
  /** Present for requisitions an ERP sent: its own requisition id and the position's HR Open identifier. */
  erp?: { requisitionId: string; positionId?: HrOpenIdentifier };
  /**
   * The ERP's own time (CloudEvents `time`) of the newest ERP event applied. An event older than
   * this arrived late (another replica, a replay) and changes nothing: the ERP has since said more.
   */
  erpEventTime?: Date;
  createdAt: Date;
  updatedAt: Date;
}
