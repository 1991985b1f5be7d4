import { AgreementPlacementKind, AgreementProgramme, AgreementStatus } from '@app/contracts';

/** This service's copy of a cooperation agreement owned by the talent pipeline. */
export interface AgreementCopyDocument {
  /** The agreement id in the talent pipeline. */
  _id: string;
  schoolId: string;
  enterpriseId: string;
  scope: string;
  period: { from: string; to: string };
  placementKinds: AgreementPlacementKind[];
  /** The programmes the agreement states it covers; absent when it states none (read it with `agreementProgrammes`). */
  programmes?: AgreementProgramme[];
  status: AgreementStatus;
  /** The agreement's version in the talent pipeline; a copy is only ever replaced by a newer one. */
  version: number;
  /** The event this copy was last written from (source|id). */
  fromEvent: string;
  copiedAt: Date;
}
