import { z } from 'zod';
import { ErpHire, ErpPlacementEnd, HrOpenIdentifier } from '@app/contracts';
import { CanonicalErpEvent, ErpAdapter } from './erp-adapter';
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

/** The EmpJob custom field an integrator fills with the platform's placement id, when known. */
export const SF_PLACEMENT_ID_FIELD = 'customString1';

const WHAT_A_RECORD_IS =
  `must make the record a hire or an end: a hire has eventReason ${SF_HIRE_EVENT_REASONS.join(' or ')} (and a jobTitle); ` +
  `an end has event ${Object.entries(SF_END_EVENTS)
    .map(([code, end]) => `${code} (${end.name}, outcome ${end.outcome})`)
    .join(' or ')} and the customer's eventReason code`;

const sfDate = z.string().refine((value) => successFactorsDate(value) !== null, {
  message: 'expected /Date(<ms>)/ or an ISO date',
});

const EmpJobFields = z.object({
  userId: z.string().min(1),
  personIdExternal: z.string().min(1).nullish(),
  startDate: sfDate,
  /** Required for a hire; an end may carry it too. */
  jobTitle: z.string().min(1).nullish(),
  position: z.string().min(1).nullish(),
  company: z.string().min(1).nullish(),
  /** SAP's delivered event code (`26` Termination, `ECWK` End Contingent Worker, `H` Hire, …). */
  event: z.string().min(1).nullish(),
  /** A hire reason (HIRNEW, HIRREH), or under an end event the customer's own reason code. */
  eventReason: z.string().min(1).max(128).nullish(),
  [SF_PLACEMENT_ID_FIELD]: z.string().min(1).nullish(),
});

/** The fields that decide what an EmpJob record is; the check runs whenever they are well-formed, so one answer names every bad field. */
const DecidingFields = EmpJobFields.pick({ event: true, eventReason: true, jobTitle: true });
type DecidingFields = z.infer<typeof DecidingFields>;

type EmpJobRecord =
  | { kind: 'hire'; jobTitle: string }
  | { kind: 'end'; outcome: 'completed' | 'terminated'; eventReason: string }
  | { kind: 'invalid'; issues: { field: keyof DecidingFields; message: string }[] };

/** A hire (by its hire event reason), an end (by SAP's end event), or neither. */
function recordOf(job: DecidingFields): EmpJobRecord {
  const isHire = (SF_HIRE_EVENT_REASONS as readonly unknown[]).includes(job.eventReason);
  const end = job.event && Object.hasOwn(SF_END_EVENTS, job.event) ? SF_END_EVENTS[job.event as keyof typeof SF_END_EVENTS] : undefined;
  if (isHire && end) {
    const message = `event ${job.event} (${end.name}) ends an employment, but eventReason ${job.eventReason} is a hire reason`;
    return { kind: 'invalid', issues: [{ field: 'event', message }] };
  }
  if (isHire) {
    return job.jobTitle
      ? { kind: 'hire', jobTitle: job.jobTitle }
      : { kind: 'invalid', issues: [{ field: 'jobTitle', message: `required for a hire (eventReason ${job.eventReason})` }] };
  }
  if (end) {
    return job.eventReason
      ? { kind: 'end', outcome: end.outcome, eventReason: job.eventReason }
      : {
          kind: 'invalid',
          issues: [{ field: 'eventReason', message: `required for an end (event ${job.event}): the customer's reason code` }],
        };
  }
  return { kind: 'invalid', issues: [{ field: 'eventReason', message: WHAT_A_RECORD_IS }] };
}

/**
 * An Employee Central job-information notification as sent by Intelligent Services /
 * Integration Center: the event's id and company instance, then the EmpJob and PerPerson
 * entities. A hire or an end, as `recordOf` decides.
 */
const SuccessFactorsSchema = z.object({
  eventId: z.string().min(1).max(200),
  eventType: z.string().optional(),
  /** SuccessFactors company (instance) id; names the source and the identifier agency. */
  companyId: z
    .string()
    .min(1)
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . - only'),
  publishedAt: z.iso.datetime({ offset: true }).optional(),
  PerPerson: z.object({ personIdExternal: z.string().min(1) }).optional(),
  EmpJob: EmpJobFields.superRefine(
    (job, ctx) => {
      const record = recordOf(job);
      if (record.kind !== 'invalid') return;
      for (const issue of record.issues) ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
    },
    { when: (payload) => DecidingFields.safeParse(payload.value).success },
  ),
});

export class SuccessFactorsAdapter implements ErpAdapter {
  readonly vendor = 'successfactors';

  map(payload: unknown, receivedAt: Date): CanonicalErpEvent {
    const sf = parseVendorPayload(this.vendor, SuccessFactorsSchema, payload);
    const record = recordOf(sf.EmpJob);
    if (record.kind === 'invalid') {
      // Refused by the schema already; kept so the types need no assertion.
      throw new VendorPayloadError(
        this.vendor,
        record.issues.map((i) => ({ field: `EmpJob.${i.field}`, message: i.message })),
      );
    }
    const agency = `successfactors:${sf.companyId}`;
    const personIdExternal = sf.EmpJob.personIdExternal ?? sf.PerPerson?.personIdExternal;
    const ids: HrOpenIdentifier[] = [
      ...(personIdExternal ? [{ value: personIdExternal, schemeId: 'sf:personIdExternal', schemeAgencyId: agency }] : []),
      { value: sf.EmpJob.userId, schemeId: 'sf:userId', schemeAgencyId: agency },
    ];
    const placementId = sf.EmpJob[SF_PLACEMENT_ID_FIELD];
    const envelope = {
      specversion: '1.0',
      id: sf.eventId,
      source: `urn:erp:successfactors:${sf.companyId}`,
      time: sf.publishedAt ?? receivedAt.toISOString(),
      datacontenttype: 'application/json',
    } as const;
    const named = { ...(placementId ? { placementId } : {}), person: { ids } };
    if (record.kind === 'end') {
      return {
        ...envelope,
        type: ErpPlacementEnd.type,
        // The customer's code only: it names a reason, never the person.
        data: {
          ...named,
          outcome: record.outcome,
          endReason: `SuccessFactors event reason ${record.eventReason}`,
          // The termination's job record starts the day after the last day worked (SAP's convention).
          lastDay: dayBefore(successFactorsDate(sf.EmpJob.startDate)!),
        },
      };
    }
    return {
      ...envelope,
      type: ErpHire.type,
      data: {
        ...named,
        position: {
          title: record.jobTitle,
          ...(sf.EmpJob.position ? { id: { value: sf.EmpJob.position, schemeId: 'sf:position', schemeAgencyId: agency } } : {}),
        },
        hireDate: successFactorsDate(sf.EmpJob.startDate)!,
      },
    };
  }
}

/** The calendar day before `date` (YYYY-MM-DD). */
function dayBefore(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
