import { z } from 'zod';
import { ErpHire, HrOpenIdentifier } from '@app/contracts';
import { CanonicalErpHire, ErpAdapter } from './erp-adapter';
import { parseVendorPayload, VendorPayloadError } from './vendor-payload.error';

/** The Custom_ID type under which an integrator sends the platform's placement id, when known. */
export const WORKDAY_PLACEMENT_ID_TYPE = 'Platform_Placement_ID';

/** Workday reference: `{ID: [{type: 'Employee_ID', value: '21001'}, {type: 'WID', value: '…'}]}`. */
const ReferenceSchema = z.object({
  ID: z.array(z.object({ type: z.string().min(1), value: z.string().min(1) })).min(1),
});

/**
 * A Hire business-process notification (Hire_Employee_Event), as an outbound subscription or
 * integration sends it once the business process completes.
 */
const WorkdayHireSchema = z.object({
  Hire_Employee_Event: z.object({
    /** The business-process event; its WID is the event id. */
    Event_Reference: ReferenceSchema,
    /** Workday tenant; names the source and the identifier agency. */
    Tenant: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
    Completed_Moment: z.iso.datetime({ offset: true }).optional(),
    Worker_Reference: ReferenceSchema,
    Applicant_Reference: ReferenceSchema.optional(),
    Hire_Employee_Data: z.object({
      Hire_Date: z.iso.date({ message: 'expected YYYY-MM-DD' }),
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
      Custom_ID: z.array(z.object({ Custom_ID_Type: z.string().min(1), ID: z.string().min(1) })).optional(),
    }),
  }),
});

/** Reference ID types that identify a person (the WID is Workday-internal and also kept). */
const PERSON_ID_TYPES = ['Employee_ID', 'Contingent_Worker_ID', 'Applicant_ID', 'WID'];

export class WorkdayHireAdapter implements ErpAdapter {
  readonly vendor = 'workday';

  map(payload: unknown, receivedAt: Date): CanonicalErpHire {
    const event = parseVendorPayload(this.vendor, WorkdayHireSchema, payload).Hire_Employee_Event;
    const eventId = event.Event_Reference.ID.find((id) => id.type === 'WID')?.value;
    if (!eventId) {
      throw new VendorPayloadError(this.vendor, [
        { field: 'Hire_Employee_Event.Event_Reference.ID', message: 'an ID of type WID is required (the event id)' },
      ]);
    }
    const agency = `workday:${event.Tenant}`;
    const references = [...event.Worker_Reference.ID, ...(event.Applicant_Reference?.ID ?? [])];
    const ids: HrOpenIdentifier[] = references
      .filter((id) => PERSON_ID_TYPES.includes(id.type))
      .map((id) => ({ value: id.value, schemeId: `workday:${id.type}`, schemeAgencyId: agency }));
    if (ids.length === 0) {
      throw new VendorPayloadError(this.vendor, [
        { field: 'Hire_Employee_Event.Worker_Reference.ID', message: `an ID of type ${PERSON_ID_TYPES.join(', ')} is required` },
      ]);
    }
    const data = event.Hire_Employee_Data;
    const placementId = data.Custom_ID?.find((c) => c.Custom_ID_Type === WORKDAY_PLACEMENT_ID_TYPE)?.ID;
    const position = data.Position_Details;
    return {
      specversion: '1.0',
      id: eventId,
      source: `urn:erp:workday:${event.Tenant}`,
      type: ErpHire.type,
      time: event.Completed_Moment ?? receivedAt.toISOString(),
      datacontenttype: 'application/json',
      data: {
        ...(placementId ? { placementId } : {}),
        person: { ids },
        position: {
          title: (position.Position_Title ?? position.Job_Profile_Name)!,
          ...(position.Position_ID ? { id: { value: position.Position_ID, schemeId: 'workday:Position_ID', schemeAgencyId: agency } } : {}),
        },
        hireDate: data.Hire_Date,
      },
    };
  }
}
