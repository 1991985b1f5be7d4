import { EventOf } from './event-contract';
import { ALL_EVENT_CONTRACTS } from './event-registry';
import { TopicName, Topics } from './topics';

/** Every contract, as a union of the contract objects' types. */
export type AnyEventContract = (typeof ALL_EVENT_CONTRACTS)[number];

/** The contracts whose events travel on a topic, derived from ALL_EVENT_CONTRACTS. */
export type ContractsOnTopic<T extends TopicName> = Extract<AnyEventContract, { readonly topic: T }>;

/**
 * The events a topic carries, one CloudEvent type per contract on it: a discriminated union on
 * `type`, so `switch (event.type)` (or `isEvent`) narrows `data` to that contract's schema.
 */
export type EventOnTopic<T extends TopicName> = EventOf<ContractsOnTopic<T>>;

/** Any event of any contract. */
export type AnyPlatformEvent = EventOf<AnyEventContract>;

export type PartnerEvent = EventOnTopic<typeof Topics.partners>;
export type ErpInboundEvent = EventOnTopic<typeof Topics.erpInbound>;
export type PlacementOutcomeEvent = EventOnTopic<typeof Topics.placementOutcomes>;
export type RequisitionEvent = EventOnTopic<typeof Topics.requisitions>;
export type AgreementEvent = EventOnTopic<typeof Topics.agreements>;
export type SecondmentLifecycleEvent = EventOnTopic<typeof Topics.secondments>;
export type CredentialEvent = EventOnTopic<typeof Topics.credentials>;
export type TeacherComplianceEvent = EventOnTopic<typeof Topics.teacherCompliance>;
export type TeacherPrivacyEvent = EventOnTopic<typeof Topics.teacherPrivacy>;
export type SupervisorEvent = EventOnTopic<typeof Topics.supervisors>;
export type EngineerTeachingEvent = EventOnTopic<typeof Topics.engineerTeaching>;
export type RdParticipationEvent = EventOnTopic<typeof Topics.rdParticipation>;
export type RdProjectEvent = EventOnTopic<typeof Topics.rdProjects>;
export type RdPlacementProposalEvent = EventOnTopic<typeof Topics.rdPlacementProposals>;
export type RdPlacementDecisionEvent = EventOnTopic<typeof Topics.rdPlacementDecisions>;
export type TalentRdParticipantCheckEvent = EventOnTopic<typeof Topics.talentRdParticipantChecks>;
export type SecondmentRdParticipantCheckEvent = EventOnTopic<typeof Topics.secondmentRdParticipantChecks>;
export type ErasureEvent = EventOnTopic<typeof Topics.privacyErasure>;
export type DisclosureEvent = EventOnTopic<typeof Topics.privacyDisclosures>;
export type ConsentEvent = EventOnTopic<typeof Topics.privacyConsents>;
