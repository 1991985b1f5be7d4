import { z } from 'zod';
import { CloudEvent } from './cloud-event';
import { EventContract } from './event-contract';
import { AgreementDrafted } from './agreement/agreement-drafted.event';
import { AgreementStatusChanged } from './agreement/agreement-status-changed.event';
import { RequisitionOpened } from './demand/requisition-opened.event';
import { RequisitionStatusChanged } from './demand/requisition-status-changed.event';
import { RequisitionUpdated } from './demand/requisition-updated.event';
import { ErpHire } from './erp/erp-hire.event';
import { ErpOffer } from './erp/erp-offer.event';
import { ErpPlacementStart } from './erp/erp-placement-start.event';
import { ErpPlacementEnd } from './erp/erp-placement-end.event';
import { ErpPlacementEndRescinded } from './erp/erp-placement-end-rescinded.event';
import { ErpPlacementStartRescinded } from './erp/erp-placement-start-rescinded.event';
import { ErpRequisition } from './erp/erp-requisition.event';
import { EnterpriseRegistered } from './partner/enterprise-registered.event';
import { SchoolRegistered } from './partner/school-registered.event';
import { PlacementCompleted } from './placement/placement-completed.event';
import { PlacementHired } from './placement/placement-hired.event';
import { PlacementStarted } from './placement/placement-started.event';
import { PlacementTerminated } from './placement/placement-terminated.event';
import { RdPlacementAccepted, RdPlacementRefused } from './placement/rd-placement-decision.events';
import { CredentialIssued, CredentialRevoked } from './secondment/credential.event';
import { EngineerTeachingSignedOff } from './secondment/engineer-teaching.event';
import {
  SecondmentApproved,
  SecondmentCancelled,
  SecondmentCompleted,
  SecondmentRequested,
  SecondmentStarted,
  SecondmentWithdrawn,
} from './secondment/secondment.event';
import { SupervisorOffered, SupervisorWithdrawn } from './secondment/supervisor.event';
import { TeacherComplianceChanged } from './secondment/teacher-compliance.event';
import { TeacherHostObjectionChanged } from './secondment/teacher-host-objection.event';
import { RdContributionDelivered, RdOutcomeRecorded, RdProjectClosed, RdProjectStarted } from './rd/project-events';
import { RdHoursLogged } from './rd/participation-hours-logged.event';
import { RdParticipationJoined } from './rd/participation-joined.event';
import { RdParticipationWithdrawn } from './rd/participation-withdrawn.event';
import { SecondmentRdParticipantChecked, TalentRdParticipantChecked } from './rd/participant-checked.events';
import { RdPlacementProposed } from './rd/placement-proposed.event';
import { ConsentChanged, ConsentErased, DisclosureRecorded, ErasureConfirmed, ErasureRequested } from './privacy/privacy.events';

/**
 * Every contract. Kept as a tuple of the contract objects themselves (not widened to
 * `EventContract[]`), so the per-topic event unions (topic-events.ts) follow from it: a contract
 * added here on a topic joins that topic's union.
 */
export const ALL_EVENT_CONTRACTS = [
  SchoolRegistered,
  EnterpriseRegistered,
  PlacementStarted,
  PlacementCompleted,
  PlacementTerminated,
  PlacementHired,
  ErpHire,
  ErpOffer,
  ErpPlacementStart,
  ErpPlacementEnd,
  ErpPlacementEndRescinded,
  ErpPlacementStartRescinded,
  ErpRequisition,
  RequisitionOpened,
  RequisitionUpdated,
  RequisitionStatusChanged,
  AgreementDrafted,
  AgreementStatusChanged,
  RdParticipationJoined,
  RdHoursLogged,
  RdParticipationWithdrawn,
  RdProjectStarted,
  RdContributionDelivered,
  RdOutcomeRecorded,
  RdProjectClosed,
  RdPlacementProposed,
  RdPlacementAccepted,
  RdPlacementRefused,
  TalentRdParticipantChecked,
  SecondmentRdParticipantChecked,
  SecondmentRequested,
  SecondmentApproved,
  SecondmentStarted,
  SecondmentCompleted,
  SecondmentCancelled,
  SecondmentWithdrawn,
  CredentialIssued,
  CredentialRevoked,
  TeacherComplianceChanged,
  TeacherHostObjectionChanged,
  SupervisorOffered,
  SupervisorWithdrawn,
  EngineerTeachingSignedOff,
  ErasureRequested,
  ErasureConfirmed,
  DisclosureRecorded,
  ConsentChanged,
  ConsentErased,
] as const satisfies readonly EventContract[];

export class EventValidationError extends Error {
  constructor(
    readonly eventType: string,
    readonly issues: { path: string; message: string }[],
  ) {
    super(`invalid ${eventType}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  }
}

export class UnknownEventTypeError extends Error {
  constructor(readonly eventType: string) {
    super(`unknown event type ${eventType}`);
  }
}

/** Looks contracts up by CloudEvents type, upcasting older versions to the current one. */
export class EventRegistry {
  private readonly byType = new Map<string, EventContract>();
  private readonly upcasters = new Map<string, { contract: EventContract; upcast: (d: unknown) => unknown }>();

  constructor(contracts: readonly EventContract[] = ALL_EVENT_CONTRACTS) {
    for (const contract of contracts) {
      this.byType.set(contract.type, contract);
      for (const [oldType, upcast] of Object.entries(contract.upcastFrom)) {
        this.upcasters.set(oldType, { contract, upcast });
      }
    }
  }

  has(type: string): boolean {
    return this.byType.has(type) || this.upcasters.has(type);
  }

  /** Validates `data` against the contract; returns the event in its newest version. */
  parse(event: CloudEvent): CloudEvent {
    const current = this.byType.get(event.type);
    if (current) return { ...event, data: validate(current, event.data) };
    const old = this.upcasters.get(event.type);
    if (!old) throw new UnknownEventTypeError(event.type);
    return {
      ...event,
      type: old.contract.type,
      dataschema: old.contract.dataschema,
      data: validate(old.contract, old.upcast(event.data)),
    };
  }
}

function validate(contract: EventContract, data: unknown): unknown {
  const result = (contract.schema as z.ZodType).safeParse(data);
  if (result.success) return result.data;
  throw new EventValidationError(
    contract.type,
    result.error.issues.map((issue) => ({ path: ['data', ...issue.path].join('.'), message: issue.message })),
  );
}
