import { AgreementPlacementKind, AgreementProgramme, AgreementStatus } from '@app/contracts';

/** One status an agreement had: the one its event of that `version` set, from when that event says it happened. */
export interface AgreementStatusChange {
  status: AgreementStatus;
  /** When the change happened (the event's `createdAt` or `changedAt`), ISO-8601 in UTC. */
  from: string;
  version: number;
}

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
  /**
   * Every status the agreement had that this copy learned from its events, one entry per version, sorted by version.
   * Absent on copies written before it existed (ADR 0029 amendment). A version whose event never reached this copy
   * is a hole (versions grow by one per change); a replay of the topic fills it in.
   */
  statusHistory?: AgreementStatusChange[];
}
