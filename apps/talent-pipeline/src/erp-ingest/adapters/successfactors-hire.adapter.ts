import { z } from 'zod';
import { ErpHire, HrOpenIdentifier } from '@app/contracts';
import { CanonicalErpHire, ErpAdapter } from './erp-adapter';
import { successFactorsDate } from './successfactors-date';
import { parseVendorPayload } from './vendor-payload.error';

/** EmpJob event reasons that mean "this person was hired" (new hire, rehire). */
export const SF_HIRE_EVENT_REASONS = ['HIRNEW', 'HIRREH'] as const;

/** The EmpJob custom field an integrator fills with the platform's placement id, when known. */
export const SF_PLACEMENT_ID_FIELD = 'customString1';

const sfDate = z.string().refine((value) => successFactorsDate(value) !== null, {
  message: 'expected /Date(<ms>)/ or an ISO date',
});

/**
 * An Employee Central hire notification as sent by Intelligent Services / Integration Center:
 * the event's id and company instance, then the EmpJob and PerPerson entities.
 */
const SuccessFactorsHireSchema = z.object({
  eventId: z.string().min(1).max(200),
  eventType: z.string().optional(),
  /** SuccessFactors company (instance) id; names the source and the identifier agency. */
  companyId: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  PerPerson: z.object({ personIdExternal: z.string().min(1) }).optional(),
  EmpJob: z.object({
    userId: z.string().min(1),
    personIdExternal: z.string().min(1).nullish(),
    startDate: sfDate,
    jobTitle: z.string().min(1),
    position: z.string().min(1).nullish(),
    company: z.string().min(1).nullish(),
    eventReason: z.enum(SF_HIRE_EVENT_REASONS, { message: `must be a hire event reason: ${SF_HIRE_EVENT_REASONS.join(', ')}` }),
    [SF_PLACEMENT_ID_FIELD]: z.string().min(1).nullish(),
  }),
});

export class SuccessFactorsHireAdapter implements ErpAdapter {
  readonly vendor = 'successfactors';

  map(payload: unknown, receivedAt: Date): CanonicalErpHire {
    const sf = parseVendorPayload(this.vendor, SuccessFactorsHireSchema, payload);
    const agency = `successfactors:${sf.companyId}`;
    const personIdExternal = sf.EmpJob.personIdExternal ?? sf.PerPerson?.personIdExternal;
    const ids: HrOpenIdentifier[] = [
      ...(personIdExternal ? [{ value: personIdExternal, schemeId: 'sf:personIdExternal', schemeAgencyId: agency }] : []),
      { value: sf.EmpJob.userId, schemeId: 'sf:userId', schemeAgencyId: agency },
    ];
    const placementId = sf.EmpJob[SF_PLACEMENT_ID_FIELD];
    return {
      specversion: '1.0',
      id: sf.eventId,
      source: `urn:erp:successfactors:${sf.companyId}`,
      type: ErpHire.type,
      time: sf.publishedAt ?? receivedAt.toISOString(),
      datacontenttype: 'application/json',
      data: {
        ...(placementId ? { placementId } : {}),
        person: { ids },
        position: {
          title: sf.EmpJob.jobTitle,
          ...(sf.EmpJob.position ? { id: { value: sf.EmpJob.position, schemeId: 'sf:position', schemeAgencyId: agency } } : {}),
        },
        hireDate: successFactorsDate(sf.EmpJob.startDate)!,
      },
    };
  }
}
