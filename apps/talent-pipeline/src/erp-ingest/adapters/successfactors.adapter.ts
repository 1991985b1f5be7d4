import { z } from 'zod';
import {
  ErpHire,
  ErpOffer,
  ErpOfferStatus,
  ErpPlacementEnd,
  ErpPlacementEndRescinded,
  ErpPlacementStart,
  ErpPlacementStartRescinded,
  HrOpenIdentifier,
} from '@app/contracts';
import { CanonicalErpEvent, CanonicalErpOffer, ErpAdapter } from './erp-adapter';
import { successFactorsDate } from './successfactors-date';
import { parseVendorPayload, VendorPayloadError } from './vendor-payload.error';

/** EmpJob event reasons that mean "this person was hired" (new hire, rehire). */
export const SF_HIRE_EVENT_REASONS = ['HIRNEW', 'HIRREH'] as const;

/**
 * EmpJob events (SAP's delivered event codes) that end an employment, and the outcome each
 * reports. The event reason under them is the customer's own code, carried as the end's reason.
 */
export const SF_END_EVENTS = {
  '26': { name: 'Termination', outcome: 'terminated' },
  ECWK: { name: 'End Contingent Worker', outcome: 'completed' },
} as const;

/**
 * The EmpJob event (SAP's delivered code) that starts a contingent worker's assignment: how a
 * student intern, who is not an employee, begins at the enterprise. Its startDate is the first day.
 */
export const SF_START_EVENT = { code: 'SCWK', name: 'Start Contingent Worker' } as const;

/**
 * What the integration says happened to the EmpJob record: written (the default), or deleted.
 * Employee Central has no "rescind termination" event: a termination entered ahead of time is
 * taken back by deleting its job-information record (SAP KBA 2239428), which the integration
 * reports as `DELETE`; a start entered ahead of time (SCWK) is taken back the same way.
 */
export const SF_OPERATIONS = ['UPSERT', 'DELETE'] as const;

/** The EmpJob custom field an integrator fills with the platform's placement id, when known. */
export const SF_PLACEMENT_ID_FIELD = 'customString1';

/** The JobApplication custom field (defined in the customer's application template) that carries the platform's placement id, when known. */
export const SF_APPLICATION_PLACEMENT_ID_FIELD = 'platformPlacementId';

/**
 * Recruiting's offer-letter statuses (the RCM_OFFER status of an online offer, SAP KBA 3471205)
 * and the offer stage each reports. `EXPIRED` (the candidate never answered) has no stage: it is
 * refused, naming the field, so that an operator decides (ADR 0079's vendor addendum).
 */
export const SF_OFFER_STATUSES = {
  NOT_VIEWED_BY_CAND: 'extended',
  PENDING: 'extended',
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  CANCELLED: 'withdrawn',
} as const satisfies Record<string, ErpOfferStatus>;

const endEvents = Object.entries(SF_END_EVENTS)
  .map(([code, end]) => `${code} (${end.name}, outcome ${end.outcome})`)
  .join(' or ');

const WHAT_A_RECORD_IS =
  `must make the record a hire, a start or an end: a hire has eventReason ${SF_HIRE_EVENT_REASONS.join(' or ')} (and a jobTitle); ` +
  `a start has event ${SF_START_EVENT.code} (${SF_START_EVENT.name}); ` +
  `an end has event ${endEvents} and the customer's eventReason code; a start or end record with operation DELETE takes it back`;

const sfDate = z.string().refine((value) => successFactorsDate(value) !== null, {
  message: 'expected /Date(<ms>)/ or an ISO date',
});

/** What every notification carries: the event's id (the dedupe id), the company instance, when it was published. */
const EnvelopeSchema = z.object({
  eventId: z.string().min(1).max(200),
  eventType: z.string().optional(),
  /** SuccessFactors company (instance) id; names the source and the identifier agency. */
  companyId: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
});
type Envelope = z.infer<typeof EnvelopeSchema>;

const EmpJobFields = z.object({
  userId: z.string().min(1),
  personIdExternal: z.string().min(1).nullish(),
  startDate: sfDate,
  /** Required for a hire; an end may carry it too. */
  jobTitle: z.string().min(1).nullish(),
  position: z.string().min(1).nullish(),
  company: z.string().min(1).nullish(),
  /** SAP's delivered event code (`26` Termination, `ECWK` End Contingent Worker, `SCWK` Start Contingent Worker, `H` Hire, …). */
  event: z.string().min(1).nullish(),
  /** A hire reason (HIRNEW, HIRREH), or under an end event the customer's own reason code. */
  eventReason: z.string().min(1).max(128).nullish(),
  [SF_PLACEMENT_ID_FIELD]: z.string().min(1).nullish(),
});

/** The fields that decide what an EmpJob notification is; the check runs whenever they are well-formed, so one answer names every bad field. */
const DecidingFields = z.object({
  operation: z.enum(SF_OPERATIONS).optional(),
  EmpJob: EmpJobFields.pick({ event: true, eventReason: true, jobTitle: true }),
});
type DecidingFields = z.infer<typeof DecidingFields>;
type DecidingField = keyof DecidingFields['EmpJob'] | 'operation';

type EmpJobRecord =
  | { kind: 'hire'; jobTitle: string }
  | { kind: 'start' }
  | { kind: 'end'; outcome: 'completed' | 'terminated'; eventReason: string }
  | { kind: 'end-rescinded' }
  | { kind: 'start-rescinded' }
  | { kind: 'invalid'; issues: { field: DecidingField; message: string }[] };

const invalid = (field: DecidingField, message: string): EmpJobRecord => ({ kind: 'invalid', issues: [{ field, message }] });

/** A hire (by its hire event reason), a start or an end (by SAP's event), a start's or an end's deletion, or none of them. */
function recordOf({ operation, EmpJob: job }: DecidingFields): EmpJobRecord {
  const isHire = (SF_HIRE_EVENT_REASONS as readonly unknown[]).includes(job.eventReason);
  const end = job.event && Object.hasOwn(SF_END_EVENTS, job.event) ? SF_END_EVENTS[job.event as keyof typeof SF_END_EVENTS] : undefined;
  const start = job.event === SF_START_EVENT.code ? SF_START_EVENT : undefined;
  if (operation === 'DELETE') {
    // Only a start or an end can be taken back; a deleted hire has no canonical event (no way back from a hire).
    if (end) return { kind: 'end-rescinded' };
    if (start) return { kind: 'start-rescinded' };
    return invalid(
      'operation',
      `only a start record (event ${SF_START_EVENT.code}) or an end record (event ${Object.keys(SF_END_EVENTS).join(' or ')}) ` +
        'can be deleted: that takes the start or the end back',
    );
  }
  if (isHire && (end || start)) {
    const message = `event ${job.event} (${(end ?? start)!.name}) is not a hire, but eventReason ${job.eventReason} is a hire reason`;
    return invalid('event', message);
  }
  if (isHire) {
    return job.jobTitle
      ? { kind: 'hire', jobTitle: job.jobTitle }
      : invalid('jobTitle', `required for a hire (eventReason ${job.eventReason})`);
  }
  if (start) return { kind: 'start' };
  if (end) {
    return job.eventReason
      ? { kind: 'end', outcome: end.outcome, eventReason: job.eventReason }
      : invalid('eventReason', `required for an end (event ${job.event}): the customer's reason code`);
  }
  return invalid('eventReason', WHAT_A_RECORD_IS);
}

const pathOf = (field: DecidingField) => (field === 'operation' ? [field] : ['EmpJob', field]);

/**
 * An Employee Central job-information notification as sent by Intelligent Services /
 * Integration Center: the event's id and company instance, then the EmpJob and PerPerson
 * entities. A hire, a start, an end or a start's or an end's deletion, as `recordOf` decides.
 */
const EmpJobNotification = EnvelopeSchema.extend({
  operation: z.enum(SF_OPERATIONS).optional(),
  PerPerson: z.object({ personIdExternal: z.string().min(1) }).optional(),
  EmpJob: EmpJobFields,
}).superRefine(
  (notification, ctx) => {
    const record = recordOf(notification);
    if (record.kind !== 'invalid') return;
    for (const issue of record.issues) ctx.addIssue({ code: 'custom', path: pathOf(issue.field), message: issue.message });
  },
  { when: (payload) => DecidingFields.safeParse(payload.value).success },
);

/**
 * A Recruiting offer-letter notification (Integration Center on the OfferLetter entity, with the
 * JobApplication it belongs to): the candidate, the status of the online offer, when it was sent
 * and last changed.
 */
const OfferLetterNotification = EnvelopeSchema.extend({
  JobApplication: z.object({
    applicationId: z.string().min(1),
    candidateId: z.string().min(1),
    jobReqId: z.string().min(1).nullish(),
    [SF_APPLICATION_PLACEMENT_ID_FIELD]: z.string().min(1).nullish(),
  }),
  OfferLetter: z.object({
    offerLetterId: z.string().min(1),
    status: z.enum(Object.keys(SF_OFFER_STATUSES) as [keyof typeof SF_OFFER_STATUSES], {
      message: `expected ${Object.entries(SF_OFFER_STATUSES)
        .map(([status, stage]) => `${status} (${stage})`)
        .join(', ')}; an EXPIRED offer has no stage on the platform: an operator ends the placement`,
    }),
    /** When the offer went to the candidate: the offer's `offeredAt`. */
    sentDate: sfDate.nullish(),
    /** When the status last changed: for an answer or a cancellation, the offer's `respondedAt`. */
    lastModifiedDateTime: sfDate.nullish(),
  }),
  /** A notification is about one entity: an offer letter, or job information. */
  EmpJob: z.undefined({ message: 'a notification carries OfferLetter or EmpJob, not both' }).optional(),
});

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export class SuccessFactorsAdapter implements ErpAdapter {
  readonly vendor = 'successfactors';

  map(payload: unknown, receivedAt: Date): CanonicalErpEvent {
    // The entity the notification carries decides which schema reads it; without an OfferLetter, EmpJob is required.
    if (isObject(payload) && payload.OfferLetter !== undefined) {
      return this.offer(parseVendorPayload(this.vendor, OfferLetterNotification, payload), receivedAt);
    }
    const sf = parseVendorPayload(this.vendor, EmpJobNotification, payload);
    const record = recordOf(sf);
    if (record.kind === 'invalid') {
      // Refused by the schema already; kept so the types need no assertion.
      throw new VendorPayloadError(
        this.vendor,
        record.issues.map((i) => ({ field: pathOf(i.field).join('.'), message: i.message })),
      );
    }
    const agency = agencyOf(sf);
    const personIdExternal = sf.EmpJob.personIdExternal ?? sf.PerPerson?.personIdExternal;
    const named = namedBy(sf.EmpJob[SF_PLACEMENT_ID_FIELD], [
      ...(personIdExternal ? [{ value: personIdExternal, schemeId: 'sf:personIdExternal', schemeAgencyId: agency }] : []),
      { value: sf.EmpJob.userId, schemeId: 'sf:userId', schemeAgencyId: agency },
    ]);
    const envelope = envelopeOf(sf, receivedAt);
    const startDate = successFactorsDate(sf.EmpJob.startDate)!;
    switch (record.kind) {
      case 'end':
        return {
          ...envelope,
          type: ErpPlacementEnd.type,
          // The customer's code only: it names a reason, never the person.
          data: {
            ...named,
            outcome: record.outcome,
            endReason: `SuccessFactors event reason ${record.eventReason}`,
            // The termination's job record starts the day after the last day worked (SAP's convention).
            lastDay: dayBefore(startDate),
          },
        };
      case 'end-rescinded':
        // The deleted record's own notification id is not known to SuccessFactors: its day says which end it was. The
        // termination record starts the day after the last day, as for the end itself, so the last day is the day before.
        // A scheduled end of another last day (HR corrected the date with a new record, then deleted the old) stands.
        return { ...envelope, type: ErpPlacementEndRescinded.type, data: { ...named, lastDay: dayBefore(startDate) } };
      case 'start-rescinded':
        // Likewise: the deleted SCWK record's startDate is the first day taken back; a start of another day stands.
        return { ...envelope, type: ErpPlacementStartRescinded.type, data: { ...named, firstDay: startDate } };
      case 'start':
        return { ...envelope, type: ErpPlacementStart.type, data: { ...named, startDate } };
      case 'hire':
        return {
          ...envelope,
          type: ErpHire.type,
          data: {
            ...named,
            position: {
              title: record.jobTitle,
              ...(sf.EmpJob.position ? { id: { value: sf.EmpJob.position, schemeId: 'sf:position', schemeAgencyId: agency } } : {}),
            },
            hireDate: startDate,
          },
        };
    }
  }

  private offer(sf: z.infer<typeof OfferLetterNotification>, receivedAt: Date): CanonicalErpOffer {
    const status = SF_OFFER_STATUSES[sf.OfferLetter.status];
    const offeredAt = sf.OfferLetter.sentDate ? successFactorsDate(sf.OfferLetter.sentDate)! : undefined;
    // The last change of an answered or cancelled offer is the answer (or the cancellation); of an open one, nothing to report.
    const respondedAt =
      status !== 'extended' && sf.OfferLetter.lastModifiedDateTime ? successFactorsDate(sf.OfferLetter.lastModifiedDateTime)! : undefined;
    return {
      ...envelopeOf(sf, receivedAt),
      type: ErpOffer.type,
      data: {
        ...namedBy(sf.JobApplication[SF_APPLICATION_PLACEMENT_ID_FIELD], [
          { value: sf.JobApplication.candidateId, schemeId: 'sf:candidateId', schemeAgencyId: agencyOf(sf) },
        ]),
        status,
        ...(offeredAt ? { offeredAt } : {}),
        ...(respondedAt ? { respondedAt } : {}),
      },
    };
  }
}

const agencyOf = (sf: Envelope) => `successfactors:${sf.companyId}`;

/** CloudEvents attributes: the notification's eventId is the id (and so the dedupe key), the company instance the source. */
function envelopeOf(sf: Envelope, receivedAt: Date) {
  return {
    specversion: '1.0',
    id: sf.eventId,
    source: `urn:erp:successfactors:${sf.companyId}`,
    time: sf.publishedAt ?? receivedAt.toISOString(),
    datacontenttype: 'application/json',
  } as const;
}

/** The placement as the ERP names it: the platform's id when the integrator filled it in, and the person's HR Open identifiers. */
const namedBy = (placementId: string | null | undefined, ids: HrOpenIdentifier[]) => ({
  ...(placementId ? { placementId } : {}),
  person: { ids },
});

/** The calendar day before `date` (YYYY-MM-DD). */
function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
