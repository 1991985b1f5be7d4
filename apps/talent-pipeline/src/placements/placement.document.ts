import { AggregateDocument } from '@app/persistence/aggregate-store';
import { PlacementStatus } from './domain/placement-lifecycle';

export type PlacementKind = 'internship' | 'apprenticeship' | 'work-study' | 'job';

export interface PlacementDocument extends AggregateDocument {
  studentId: string;
  schoolId: string;
  enterpriseId: string;
  /** Copied from the student at creation so outcome events and reports need no join. */
  programme: string;
  cohort: string;
  kind: PlacementKind;
  role: string;
  startDate: string;
  endDate?: string;
  status: PlacementStatus;
  history: { status: PlacementStatus; at: Date; cause: string }[];
  hire?: { positionTitle: string; hireDate: string };
  createdAt: Date;
}
