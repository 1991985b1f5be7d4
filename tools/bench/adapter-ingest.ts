/**
 * ERP ingest throughput through the vendor adapters: `POST /v1/erp/adapters/successfactors/events`
 * and `POST /v1/erp/adapters/workday/events`, one vendor notification per request, signed per
 * Standard Webhooks like an ERP's outbound integration would (same payload shapes as
 * apps/talent-pipeline/test/erp-adapters.int-spec.ts, built from the adapters' own fixtures).
 * Same closed loop and downstream drain as the CloudEvents ingest (ingest-loop.ts): every
 * notification names an unknown person and no placement, so it is accepted and then held for review.
 */
import { randomUUID } from 'node:crypto';
import { Admin } from 'kafkajs';
import successFactorsSample from '../../apps/talent-pipeline/src/erp-ingest/adapters/fixtures/successfactors-hire.json';
import workdaySample from '../../apps/talent-pipeline/src/erp-ingest/adapters/fixtures/workday-hire.json';
import { BenchContext } from './context';
import { IngestRun, runIngestLoop } from './ingest-loop';
import { ErpVendor, postVendorNotification } from '@app/testing';

export type Vendor = ErpVendor;

export interface AdapterIngestResult extends IngestRun {
  vendor: Vendor;
  /** Size of one request body (the first one sent), bytes. */
  payloadBytes: number;
}

export interface AdapterIngestSettings {
  requests: number;
  drainTimeoutMs: number;
}

const clone = <T>(value: T): any => JSON.parse(JSON.stringify(value));

/** An Employee Central hire (HIRNEW) of a person nobody knows, with a fresh eventId (the dedupe key). */
function successFactorsHire(tag: string) {
  const payload = clone(successFactorsSample);
  payload.eventId = randomUUID();
  payload.publishedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  payload.PerPerson.personIdExternal = `bench-${tag}`;
  payload.EmpJob.personIdExternal = `bench-${tag}`;
  payload.EmpJob.userId = `ubench-${tag}`;
  payload.EmpJob.customString1 = null;
  return payload;
}

/** A Hire_Employee_Event of a worker nobody knows, with a fresh Event_Reference WID (the dedupe key). */
function workdayHire(tag: string) {
  const payload = clone(workdaySample);
  payload.Hire_Employee_Event.Event_Reference.ID = [{ type: 'WID', value: randomUUID().replace(/-/g, '') }];
  payload.Hire_Employee_Event.Worker_Reference.ID = [{ type: 'Employee_ID', value: `bench-${tag}` }];
  payload.Hire_Employee_Event.Applicant_Reference.ID = [{ type: 'Applicant_ID', value: `A-bench-${tag}` }];
  return payload;
}

export async function adapterIngest(
  ctx: BenchContext,
  vendor: Vendor,
  enterprise: { id: string; erpSigningSecret: string },
  kafkaAdmin: Admin,
  settings: AdapterIngestSettings,
): Promise<AdapterIngestResult> {
  const build = vendor === 'successfactors' ? successFactorsHire : workdayHire;
  let payloadBytes = NaN;
  const run = await runIngestLoop({
    requests: settings.requests,
    eventsPerRequest: 1,
    warmRequests: 20,
    concurrency: ctx.concurrency,
    send: async (index, warm) => {
      const notification = build(`${warm ? 'warm-' : ''}${index}`);
      if (!warm && Number.isNaN(payloadBytes)) payloadBytes = Buffer.byteLength(JSON.stringify(notification));
      const response = await postVendorNotification({
        baseUrl: ctx.baseUrl,
        vendor,
        enterpriseId: enterprise.id,
        secret: enterprise.erpSigningSecret,
        body: notification,
      });
      if (warm && response.status !== 202)
        throw new Error(`${vendor} warm-up answered ${response.status}: ${JSON.stringify(response.body)}`);
      return { status: response.status, accepted: response.status === 202 ? response.body.accepted : 0 };
    },
    db: ctx.db,
    kafkaAdmin,
    inboundTopic: `${ctx.topicPrefix}talent.erp-inbound.v1`,
    drainTimeoutMs: settings.drainTimeoutMs,
    cpu: ctx.meter(),
    drainCpu: ctx.meter(),
  });
  return { vendor, payloadBytes, ...run };
}
