import { z } from 'zod';
import { ErpHire, ErpPlacementEnd, HrOpenIdentifier } from '@app/contracts';
import { CanonicalErpEvent, CanonicalErpPlacementEnd, ErpAdapter } from './erp-adapter';
import { parseVendorPayload } from './vendor-payload.error';

/** The Custom_ID type under which an integrator sends the platform's placement id, when known. */
export const WORKDAY_PLACEMENT_ID_TYPE = 'Platform_Placement_ID';

/** Reference ID types that identify a person (the WID is Workday-internal and also kept). */
const PERSON_ID_TYPES = ['Employee_ID', 'Contingent_Worker_ID', 'Applicant_ID', 'WID'];

/** Reason ID types that name the reason itself (a subcategory), preferred over any other ID of a reason reference. */
const REASON_ID_TYPES = ['General_Event_Subcategory_ID', 'Event_Classification_Subcategory_ID'];

/** Workday reference: `{ID: [{type: 'Employee_ID', value: '21001'}, {type: 'WID', value: '…'}]}`. */
const ReferenceSchema = z.object({
  ID: z.array(z.object({ type: z.string().min(1), value: z.string().min(1) })).min(1),
});
type Reference = z.infer<typeof ReferenceSchema>;

const CustomIdsSchema = z.array(z.object({ Custom_ID_Type: z.string().min(1), ID: z.string().min(1) })).optional();
const calendarDate = z.iso.date({ message: 'expected YYYY-MM-DD' });

/** The references that name the person: the worker, and for a hire the applicant. */
const PersonReferences = z.object({ Worker_Reference: ReferenceSchema, Applicant_Reference: ReferenceSchema.optional() });

const personIdsOf = (event: z.infer<typeof PersonReferences>) =>
  [...event.Worker_Reference.ID, ...(event.Applicant_Reference?.ID ?? [])].filter((id) => PERSON_ID_TYPES.includes(id.type));

/**
 * What every business-process notification carries: the event (its WID is the event id), the
 * tenant (names the source and the identifier agency), when it completed, and the worker.
 */
const EnvelopeSchema = z.object({
  Event_Reference: ReferenceSchema.refine((ref) => ref.ID.some((id) => id.type === 'WID'), {
    message: 'an ID of type WID is required (the event id)',
    path: ['ID'],
  }),
  Tenant: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  Completed_Moment: z.iso.datetime({ offset: true }).optional(),
  ...PersonReferences.shape,
});
type Envelope = z.infer<typeof EnvelopeSchema>;

/**
 * Every business-process event (the envelope, then the process's own data element) names its
 * person by at least one identifier of a person type.
 */
function requirePersonId(event: z.infer<typeof PersonReferences>, ctx: z.RefinementCtx): void {
  if (personIdsOf(event).length > 0) return;
  ctx.addIssue({ code: 'custom', path: ['Worker_Reference', 'ID'], message: `an ID of type ${PERSON_ID_TYPES.join(', ')} is required` });
}

/** Checked whenever the person's references are well-formed, so one answer names every bad field. */
const PERSON_ID_CHECK = { when: (payload: { value: unknown }) => PersonReferences.safeParse(payload.value).success };

/** Hire business process (Hire_Employee_Event), sent once it completes. */
const HireEmployeeEvent = EnvelopeSchema.extend({
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
}).superRefine(requirePersonId, PERSON_ID_CHECK);

/** Terminate Employee business process: an employee's employment ended (by either side). */
const TerminateEmployeeEvent = EnvelopeSchema.extend({
  Terminate_Employee_Data: z.object({
    Termination_Date: calendarDate,
    Primary_Reason_Reference: ReferenceSchema.optional(),
    Custom_ID: CustomIdsSchema,
  }),
}).superRefine(requirePersonId, PERSON_ID_CHECK);

/** End Contingent Worker Contract business process: a contingent worker's contract ended. */
const EndContingentWorkerContractEvent = EnvelopeSchema.extend({
  End_Contingent_Worker_Contract_Data: z.object({
    Contract_End_Date: calendarDate,
    Reason_Reference: ReferenceSchema.optional(),
    Custom_ID: CustomIdsSchema,
  }),
}).superRefine(requirePersonId, PERSON_ID_CHECK);

/** The business-process events a notification may carry, exactly one per notification. */
const ROOT_ELEMENTS = ['Hire_Employee_Event', 'Terminate_Employee_Event', 'End_Contingent_Worker_Contract_Event'] as const;

const WorkdaySchema = z
  .object({
    Hire_Employee_Event: HireEmployeeEvent.optional(),
    Terminate_Employee_Event: TerminateEmployeeEvent.optional(),
    End_Contingent_Worker_Contract_Event: EndContingentWorkerContractEvent.optional(),
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
    // The schema requires one of the three.
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
    event: Envelope,
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
}

const agencyOf = (event: Envelope) => `workday:${event.Tenant}`;

/** CloudEvents attributes: the event's WID is the id (and so the dedupe key), the tenant the source. */
function envelopeOf(event: Envelope, receivedAt: Date) {
  return {
    specversion: '1.0',
    id: event.Event_Reference.ID.find((id) => id.type === 'WID')!.value,
    source: `urn:erp:workday:${event.Tenant}`,
    time: event.Completed_Moment ?? receivedAt.toISOString(),
    datacontenttype: 'application/json',
  } as const;
}

/** The person as HR Open identifiers, and the platform's placement id when a Custom_ID carries it. */
function namedBy(event: Envelope, customIds: z.infer<typeof CustomIdsSchema>) {
  const agency = agencyOf(event);
  const ids: HrOpenIdentifier[] = personIdsOf(event).map((id) => ({
    value: id.value,
    schemeId: `workday:${id.type}`,
    schemeAgencyId: agency,
  }));
  const placementId = customIds?.find((c) => c.Custom_ID_Type === WORKDAY_PLACEMENT_ID_TYPE)?.ID;
  return { ...(placementId ? { placementId } : {}), person: { ids } };
}
