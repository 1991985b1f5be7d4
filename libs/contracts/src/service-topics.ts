import { PrivacyService } from './privacy/privacy.events';
import { Topics } from './topics';

export interface ServiceTopics {
  readonly consumes: readonly string[];
  readonly produces: readonly string[];
}

/**
 * Which service consumes and produces which topic. The services subscribe to and provision
 * exactly these, and the broker ACL plan (tools/kafka/acl-plan.ts) grants each service's
 * principal exactly these and nothing else, so the two cannot drift apart.
 */
export const SERVICE_TOPICS: Record<PrivacyService, ServiceTopics> = {
  'talent-pipeline': {
    consumes: [
      Topics.erpInbound,
      Topics.placementOutcomes,
      Topics.supervisors,
      Topics.rdPlacementProposals,
      // Students joining R&D projects, to confirm or refuse each (ADR 0082); teachers' hours are ignored.
      Topics.rdParticipation,
      Topics.privacyErasure,
      Topics.privacyDisclosures,
    ],
    produces: [
      Topics.partners,
      Topics.erpInbound,
      Topics.placementOutcomes,
      Topics.agreements,
      Topics.requisitions,
      Topics.privacyErasure,
      Topics.privacyConsents,
      Topics.rdPlacementDecisions,
      Topics.talentRdParticipantChecks,
    ],
  },
  'teacher-secondment': {
    consumes: [Topics.partners, Topics.agreements, Topics.rdParticipation, Topics.privacyErasure],
    produces: [
      Topics.secondments,
      Topics.credentials,
      Topics.teacherCompliance,
      Topics.teacherPrivacy,
      Topics.supervisors,
      Topics.engineerTeaching,
      Topics.privacyErasure,
      Topics.privacyDisclosures,
      Topics.secondmentRdParticipantChecks,
    ],
  },
  'rd-collaboration': {
    consumes: [
      Topics.partners,
      Topics.agreements,
      Topics.placementOutcomes,
      Topics.secondments,
      Topics.credentials,
      Topics.engineerTeaching,
      Topics.rdProjects,
      Topics.privacyErasure,
      Topics.privacyConsents,
      Topics.teacherPrivacy,
      Topics.rdPlacementDecisions,
      Topics.talentRdParticipantChecks,
      Topics.secondmentRdParticipantChecks,
    ],
    produces: [Topics.rdParticipation, Topics.rdProjects, Topics.rdPlacementProposals, Topics.privacyErasure, Topics.privacyDisclosures],
  },
};
