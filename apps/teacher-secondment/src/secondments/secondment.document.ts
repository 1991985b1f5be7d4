import { AggregateDocument } from '@app/persistence/aggregate-store';
import { SecondmentState } from './domain/secondment-state';

export interface SecondmentDocument extends AggregateDocument, SecondmentState {
  teacherId: string;
  schoolId: string;
  enterpriseId: string;
  postId: string;
  mentor: { name: string; contact?: string };
  requestedBy: string;
  createdAt: Date;
}
