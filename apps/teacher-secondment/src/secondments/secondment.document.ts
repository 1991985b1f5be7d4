import { AggregateDocument } from '@app/persistence';
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
