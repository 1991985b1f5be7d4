import { ErasureConfirmed, EventData } from '@app/contracts';

export type ErasureAction = EventData<typeof ErasureConfirmed>['actions'][number];

/**
 * A feature that keeps a student's data in its own store registers one of these with the
 * privacy service (so privacy never imports the features, and each feature knows its own
 * fields). `survey` says what `erase` will do; `erase` must be safe to run again.
 */
export interface StudentDataHolder {
  survey(studentId: string): Promise<ErasureAction[]>;
  erase(studentId: string, pseudonym: string, requestId: string): Promise<void>;
}
