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
import { CanonicalErpEvent, CanonicalErpPlacementEnd, ErpAdapter } from './erp-adapter';
import { parseVendorPayload } from './vendor-payload.error';

/** The Custom_ID type under which an integrator sends the platform's placement id, when known. */
export const WORKDAY_PLACEMENT_ID_TYPE = 'Platform_Placement_ID';

/** Reference ID types that identify a person (the WID is Workday-internal and also kept). */
const PERSON_ID_TYPES = ['Employee_ID', 'Contingent_Worker_ID', 'Applicant_ID', 'Candidate_ID', 'WID'];

/** Reason ID types that name the reason itself (a subcategory), preferred over any other ID of a reason reference. */
const REASON_ID_TYPES = ['General_Event_Subcategory_ID', 'Event_Classification_Subcategory_ID'];

/** The candidate's answer an Offer event reports, and the offer stage it is (no answer yet: the offer was made). */
export const WORKDAY_CANDIDATE_RESPONSES = {
  Pending: 'extended',
  Accepted: 'accepted',
  Declined: 'declined',
} as const satisfies Record<string, ErpOfferStatus>;

/**
 * Business processes whose rescission maps: rescinding an end takes the end back, rescinding a
 * Contract Contingent Worker takes the start back (before its first day); rescinding an Offer is
 * the enterprise withdrawing it. A rescinded Hire is not mapped (the platform has no way back
 * from a hire; ADR 0079's vendor addendum).
 */
export const WORKDAY_RESCINDABLE_PROCESSES = [
  'Termination',
  'End Contingent Worker Contract',
  'Contract Contingent Worker',
  'Offer',
] as const;

/** The rescinded processes that are a placement's start: their rescission is `erp.placement-start-rescinded.v1`. */
const START_PROCESSES: readonly string[] = ['Contract Contingent Worker'];

/** Workday reference: `{ID: [{type: 'Employee_ID', value: '21001'}, {type: 'WID', value: '…'}]}`. */
const ReferenceSchema = z.object({
  ID: z.array(z.object({ type: z.string().min(1), value: z.string().min(1) })).min(1),
});
type Reference = z.infer<typeof ReferenceSchema>;

/** A reference that must carry the instance's WID (an event's id). */
const WidReferenceSchema = ReferenceSchema.refine((ref) => ref.ID.some((id) => id.type === 'WID'), {
  message: 'an ID of type WID is required (the event id)',
  path: ['ID'],
});
const widOf = (ref: Reference) => ref.ID.find((id) => id.type === 'WID')!.value;

const CustomIdsSchema = z.array(z.object({ Custom_ID_Type: z.string().min(1), ID: z.string().min(1) })).optional();
const calendarDate = z.iso.date({ message: 'expected YYYY-MM-DD' });

/** The references that may name the person: the worker, the applicant (pre-hire), the candidate (recruiting). */
interface PersonReferences {
  Worker_Reference?: Reference;
  Applicant_Reference?: Reference;
  Candidate_Reference?: Reference;
}

const personIdsOf = (event: PersonReferences) =>
  [...(event.Worker_Reference?.ID ?? []), ...(event.Applicant_Reference?.ID ?? []), ...(event.Candidate_Reference?.ID ?? [])].filter((id) =>
    PERSON_ID_TYPES.includes(id.type),
  );

/**
 * What every business-process notification carries: the event (its WID is the event id), the
 * tenant (names the source and the identifier agency), and when it completed.
 */
const EventSchema = z.object({
  Event_Reference: WidReferenceSchema,
  Tenant: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  Completed_Moment: z.iso.datetime({ offset: true }).optional(),
});
type WorkdayEvent = z.infer<typeof EventSchema> & PersonReferences;

/** A worker's business process (hire, contract, end): the worker, and for a hire the applicant. */
const WorkerReferences = z.object({ Worker_Reference: ReferenceSchema, Applicant_Reference: ReferenceSchema.optional() });
const WorkerEventSchema = EventSchema.extend(WorkerReferences.shape);

/**
 * Every business-process event names its person by at least one identifier of a person type,
 * under the reference `at` (the worker's, or an offer's candidate).
 */
const requirePersonId =
  (at: keyof PersonReferences) =>
  (event: PersonReferences, ctx: z.RefinementCtx): void => {
    if (personIdsOf(event).length > 0) return;
    ctx.addIssue({ code: 'custom', path: [at, 'ID'], message: `an ID of type ${PERSON_ID_TYPES.join(', ')} is required` });
  };

/** Checked whenever the person's references are well-formed, so one answer names every bad field. */
const checkedWhen = (references: z.ZodType) => ({ when: (payload: { value: unknown }) => references.safeParse(payload.value).success });
const WORKER_ID_CHECK = checkedWhen(WorkerReferences);

/** Hire business process (Hire_Employee_Event), sent once it completes. */
const HireEmployeeEvent = WorkerEventSchema.extend({
  Hire_Employee_Data: z.object({
    Hire_Date: calendarDate,
    Position_Details: z
      .object({
        Position_ID: z.string().min(1).optional(),
        Position_Title: z.string().min(1).optional(),
        Job_Profile_Name: z.string().min(1).optional(),
      })
      .refine((p) => p.Position_Title !== undefined || p.Job_Profile_Name !== undefined, {
        message: 'Position_Title or Job_Profile_Name is required',
        path: ['Job_Profile_Name'],
      }),
    Custom_ID: CustomIdsSchema,
  }),
}).superRefine(requirePersonId('Worker_Reference'), WORKER_ID_CHECK);

/**
 * Contract Contingent Worker business process: a contingent worker (how a student intern, who is
 * not an employee, is engaged) begins a contract; its start date is the first day.
 */
const ContractContingentWorkerEvent = WorkerEventSchema.extend({
  Contract_Contingent_Worker_Data: z.object({
    Contract_Start_Date: calendarDate,
    Contract_End_Date: calendarDate.optional(),
    Custom_ID: CustomIdsSchema,
  }),
}).superRefine(requirePersonId('Worker_Reference'), WORKER_ID_CHECK);

/** Terminate Employee business process: an employee's employment ended (by either side). */
const TerminateEmployeeEvent = WorkerEventSchema.extend({
  Terminate_Employee_Data: z.object({
    Termination_Date: calendarDate,
    Primary_Reason_Reference: ReferenceSchema.optional(),
    Custom_ID: CustomIdsSchema,
  }),
}).superRefine(requirePersonId('Worker_Reference'), WORKER_ID_CHECK);

/** End Contingent Worker Contract business process: a contingent worker's contract ended. */
const EndContingentWorkerContractEvent = WorkerEventSchema.extend({
  End_Contingent_Worker_Contract_Data: z.object({
    Contract_End_Date: calendarDate,
    Reason_Reference: ReferenceSchema.optional(),
    Custom_ID: CustomIdsSchema,
  }),
}).superRefine(requirePersonId('Worker_Reference'), WORKER_ID_CHECK);

/** Recruiting's references: the candidate, and the job application the offer belongs to. */
const CandidateReferences = z.object({ Candidate_Reference: ReferenceSchema, Job_Application_Reference: ReferenceSchema.optional() });

/**
 * Offer business process (a sub-process of the candidate's job application): the offer made,
 * and the candidate's answer once given.
 */
const OfferEvent = EventSchema.extend({
  ...CandidateReferences.shape,
  Offer_Data: z.object({
    Candidate_Response: z.enum(Object.keys(WORKDAY_CANDIDATE_RESPONSES) as [keyof typeof WORKDAY_CANDIDATE_RESPONSES]),
    /** When the offer went to the candidate: the offer's `offeredAt`. */
    Offer_Date: calendarDate.optional(),
    /** When the candidate answered: the offer's `respondedAt`. */
    Response_Date: calendarDate.optional(),
    Custom_ID: CustomIdsSchema,
  }),
}).superRefine(requirePersonId('Candidate_Reference'), checkedWhen(CandidateReferences));

/**
 * Rescind of a completed business process (what Workday's Rescind_Business_Process does): the
 * rescinded event's WID and its type; the worker for a start or an end, the candidate for an offer.
 */
const RescindReferences = z.object({
  Worker_Reference: ReferenceSchema.optional(),
  Candidate_Reference: ReferenceSchema.optional(),
  Rescind_Business_Process_Data: z.object({
    Rescinded_Business_Process_Type: z.enum(WORKDAY_RESCINDABLE_PROCESSES, {
      message: `expected ${WORKDAY_RESCINDABLE_PROCESSES.join(', ')}: the rescission of any other business process is not mapped by this adapter`,
    }),
  }),
});
const RescindBusinessProcessEvent = EventSchema.extend({
  ...RescindReferences.shape,
  Rescind_Business_Process_Data: RescindReferences.shape.Rescind_Business_Process_Data.extend({
    /** The rescinded event: its WID is the CloudEvent id this adapter gave it. */
    Rescinded_Event_Reference: WidReferenceSchema,
    Custom_ID: CustomIdsSchema,
  }),
}).superRefine(
  (event, ctx) =>
    requirePersonId(
      event.Rescind_Business_Process_Data.Rescinded_Business_Process_Type === 'Offer' ? 'Candidate_Reference' : 'Worker_Reference',
    )(event, ctx),
  checkedWhen(RescindReferences),
);

/** The business-process events a notification may carry, exactly one per notification. */
const ROOT_ELEMENTS = [
  'Hire_Employee_Event',
  'Contract_Contingent_Worker_Event',
  'Terminate_Employee_Event',
  'End_Contingent_Worker_Contract_Event',
  'Offer_Event',
  'Rescind_Business_Process_Event',
] as const;

const WorkdaySchema = z
  .object({
    Hire_Employee_Event: HireEmployeeEvent.optional(),
    Contract_Contingent_Worker_Event: ContractContingentWorkerEvent.optional(),
    Terminate_Employee_Event: TerminateEmployeeEvent.optional(),
    End_Contingent_Worker_Contract_Event: EndContingentWorkerContractEvent.optional(),
    Offer_Event: OfferEvent.optional(),
    Rescind_Business_Process_Event: RescindBusinessProcessEvent.optional(),
  })
  .superRefine(
    (body, ctx) => {
      const present = ROOT_ELEMENTS.filter((element) => body[element] !== undefined);
      if (present.length === 0) {
        ctx.addIssue({ code: 'custom', path: [], message: `expected exactly one business-process event: ${ROOT_ELEMENTS.join(', ')}` });
      }
      for (const extra of present.slice(1)) {
        ctx.addIssue({
          code: 'custom',
          path: [extra],
          message: `a notification carries exactly one business-process event; this one has ${present[0]} already`,
        });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null && !Array.isArray(payload.value) },
  );

export class WorkdayAdapter implements ErpAdapter {
  readonly vendor = 'workday';

  map(payload: unknown, receivedAt: Date): CanonicalErpEvent {
    const body = parseVendorPayload(this.vendor, WorkdaySchema, payload);
    if (body.Terminate_Employee_Event) {
      const event = body.Terminate_Employee_Event;
      const data = event.Terminate_Employee_Data;
      return this.end(
        event,
        receivedAt,
        { outcome: 'terminated', lastDay: data.Termination_Date },
        data.Primary_Reason_Reference,
        data.Custom_ID,
      );
    }
    if (body.End_Contingent_Worker_Contract_Event) {
      const event = body.End_Contingent_Worker_Contract_Event;
      const data = event.End_Contingent_Worker_Contract_Data;
      return this.end(event, receivedAt, { outcome: 'completed', lastDay: data.Contract_End_Date }, data.Reason_Reference, data.Custom_ID);
    }
    if (body.Contract_Contingent_Worker_Event) {
      const event = body.Contract_Contingent_Worker_Event;
      const data = event.Contract_Contingent_Worker_Data;
      return {
        ...envelopeOf(event, receivedAt),
        type: ErpPlacementStart.type,
        data: { ...namedBy(event, data.Custom_ID), startDate: data.Contract_Start_Date },
      };
    }
    if (body.Offer_Event) {
      const event = body.Offer_Event;
      const data = event.Offer_Data;
      const status = WORKDAY_CANDIDATE_RESPONSES[data.Candidate_Response];
      return {
        ...envelopeOf(event, receivedAt),
        type: ErpOffer.type,
        data: {
          ...namedBy(event, data.Custom_ID),
          status,
          ...(data.Offer_Date ? { offeredAt: data.Offer_Date } : {}),
          // A pending offer has no answer, whatever the integration filled in.
          ...(data.Response_Date && status !== 'extended' ? { respondedAt: data.Response_Date } : {}),
        },
      };
    }
    if (body.Rescind_Business_Process_Event) return this.rescission(body.Rescind_Business_Process_Event, receivedAt);
    // The schema requires one of the six.
    const event = body.Hire_Employee_Event!;
    const data = event.Hire_Employee_Data;
    const position = data.Position_Details;
    const agency = agencyOf(event);
    return {
      ...envelopeOf(event, receivedAt),
      type: ErpHire.type,
      data: {
        ...namedBy(event, data.Custom_ID),
        position: {
          title: (position.Position_Title ?? position.Job_Profile_Name)!,
          ...(position.Position_ID ? { id: { value: position.Position_ID, schemeId: 'workday:Position_ID', schemeAgencyId: agency } } : {}),
        },
        hireDate: data.Hire_Date,
      },
    };
  }

  private end(
    event: WorkdayEvent,
    receivedAt: Date,
    end: Pick<CanonicalErpPlacementEnd['data'], 'outcome' | 'lastDay'>,
    reason: Reference | undefined,
    customIds: z.infer<typeof CustomIdsSchema>,
  ): CanonicalErpPlacementEnd {
    const reasonId = reason && (reason.ID.find((id) => REASON_ID_TYPES.includes(id.type)) ?? reason.ID.find((id) => id.type !== 'WID'));
    return {
      ...envelopeOf(event, receivedAt),
      type: ErpPlacementEnd.type,
      data: {
        ...namedBy(event, customIds),
        ...end,
        // The reason's reference id only (a code such as Terminate_Employee_Voluntary_Resignation), never the person.
        ...(reasonId ? { endReason: `Workday reason ${reasonId.value}` } : {}),
      },
    };
  }

  private rescission(event: z.infer<typeof RescindBusinessProcessEvent>, receivedAt: Date): CanonicalErpEvent {
    const data = event.Rescind_Business_Process_Data;
    const named = namedBy(event, data.Custom_ID);
    if (data.Rescinded_Business_Process_Type === 'Offer') {
      // The enterprise took its offer back; the day it did is the day the rescission completed (the tenant's calendar).
      const respondedAt = event.Completed_Moment?.slice(0, 10);
      return {
        ...envelopeOf(event, receivedAt),
        type: ErpOffer.type,
        data: { ...named, status: 'withdrawn', ...(respondedAt ? { respondedAt } : {}) },
      };
    }
    // The start or end this adapter mapped from the rescinded event had its WID as id, under the same source.
    const taken = { ...named, rescindedEventId: widOf(data.Rescinded_Event_Reference) };
    const envelope = envelopeOf(event, receivedAt);
    return START_PROCESSES.includes(data.Rescinded_Business_Process_Type)
      ? { ...envelope, type: ErpPlacementStartRescinded.type, data: taken }
      : { ...envelope, type: ErpPlacementEndRescinded.type, data: taken };
  }
}

const agencyOf = (event: WorkdayEvent) => `workday:${event.Tenant}`;

/** CloudEvents attributes: the event's WID is the id (and so the dedupe key), the tenant the source. */
function envelopeOf(event: WorkdayEvent, receivedAt: Date) {
  return {
    specversion: '1.0',
    id: widOf(event.Event_Reference),
    source: `urn:erp:workday:${event.Tenant}`,
    time: event.Completed_Moment ?? receivedAt.toISOString(),
    datacontenttype: 'application/json',
  } as const;
}

/** The person as HR Open identifiers, and the platform's placement id when a Custom_ID carries it. */
function namedBy(event: WorkdayEvent, customIds: z.infer<typeof CustomIdsSchema>) {
  const agency = agencyOf(event);
  const ids: HrOpenIdentifier[] = personIdsOf(event).map((id) => ({
    value: id.value,
    schemeId: `workday:${id.type}`,
    schemeAgencyId: agency,
  }));
  const placementId = customIds?.find((c) => c.Custom_ID_Type === WORKDAY_PLACEMENT_ID_TYPE)?.ID;
  return { ...(placementId ? { placementId } : {}), person: { ids } };
}
