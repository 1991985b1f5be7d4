import { z } from 'zod';
import { Inject, Injectable } from '@nestjs/common';
import {
  CloudEvent,
  ErpHire,
  ErpOffer,
  ErpPlacementEnd,
  ErpPlacementEndRescinded,
  ErpPlacementStartRescinded,
  ErpPlacementStart,
  EventRegistry,
  EventValidationError,
} from '@app/contracts';
import { signEventRecord } from '@app/messaging';
import { APP_CONFIG, faultPoint, ProblemException } from '@app/base';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { PartnersService } from '../partners/partners.service';
import { CanonicalErpEvent, ErpAdapter } from './adapters/erp-adapter';
import { VendorPayloadError } from './adapters/vendor-payload.error';
import { BATCH_CONTENT_TYPE, eventsTooLargeForARecord, parseCloudEventsBody, SINGLE_CONTENT_TYPE } from './cloudevents-request';
import { ErpPersonMatch } from './domain/erp-person-erasure';
import { erpDedupeKey, ErpInboxRepository } from './erp-inbox.repository';
import { ReviewQueueRepository } from './review-queue.repository';
import { SignatureRejectedError, verifyStandardWebhook } from './standard-webhook-verifier';

/** ERP event types the platform accepts over HTTP (and on the inbound Kafka topic). */
export const ACCEPTED_ERP_TYPES = [
  ErpHire.type,
  ErpOffer.type,
  ErpPlacementStart.type,
  ErpPlacementEnd.type,
  ErpPlacementEndRescinded.type,
  ErpPlacementStartRescinded.type,
  'erp.requisition.v1' /* ErpRequisition.type */,
] as const;

export interface IngestRequest {
  enterpriseId?: string;
  contentType?: string;
  webhookId?: string;
  webhookTimestamp?: string;
  webhookSignature?: string;
  rawBody?: Buffer;
  body: unknown;
  /** The HTTP request's correlation id: carried by events that bring none of their own. */
  correlationId?: string;
}

/**
 * How long a replica reuses an enterprise's ERP secrets at the HTTP edge: a secret superseded on
 * another replica (a rotation without overlap, an overlap's end) verifies there at most this much
 * longer (docs/decisions/0045).
 */
const HTTP_SECRETS_MAX_AGE_MS = 5_000;

/** The enterprise a request's signature proved, and its current ERP secret in clear (to sign its inbox records). */
interface VerifiedSender {
  enterpriseId: string;
  signingSecret: string;
}

/** The receipt an ERP gets for a request (202): per event, stored now or already known. Documented from this schema. */
export const IngestReceiptSchema = z.object({
  accepted: z.int().min(0),
  duplicates: z.int().min(0),
  events: z.array(z.object({ source: z.string(), id: z.string(), status: z.enum(['accepted', 'duplicate']) })),
});

export type IngestResult = z.infer<typeof IngestReceiptSchema>;

@Injectable()
export class ErpIngestService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
    private readonly partners: PartnersService,
    private readonly inbox: ErpInboxRepository,
    private readonly registry: EventRegistry,
    private readonly reviewQueue: ReviewQueueRepository,
  ) {}

  /**
   * A student's erasure: the HR id values in every stored ERP event about the student (inbox
   * and review queue) become `[erased]`. Returns how many stored events are about the student.
   */
  async erasePersonIds(match: ErpPersonMatch): Promise<{ inbox: number; reviewQueue: number }> {
    return { inbox: await this.inbox.erasePersonIds(match), reviewQueue: await this.reviewQueue.erasePersonIds(match) };
  }

  /** Authenticates, validates all, then stores all: a bad request changes nothing. */
  async ingest(request: IngestRequest): Promise<IngestResult> {
    // Checked first: other media types are not parsed, so there is no raw body to verify.
    const contentType = mediaTypeOf(request.contentType);
    if (contentType !== SINGLE_CONTENT_TYPE && contentType !== BATCH_CONTENT_TYPE) {
      throw new ProblemException(415, 'unsupported media type', `send ${SINGLE_CONTENT_TYPE} or ${BATCH_CONTENT_TYPE}`);
    }
    const enterprise = await this.authenticate(request);
    const { events, errors } = parseCloudEventsBody(contentType, request.body, this.registry, ACCEPTED_ERP_TYPES);
    if (errors.length) throw new ProblemException(400, 'invalid CloudEvents', `${errors.length} problem(s); nothing was stored`, errors);
    const correlated = withCorrelation(events, request.correlationId);
    this.assertFitsARecord(correlated, contentType === BATCH_CONTENT_TYPE);
    return this.store(enterprise, correlated);
  }

  /**
   * A vendor-shaped notification (SuccessFactors, Workday): same signature check, then the
   * adapter maps it onto the canonical CloudEvent it means (a hire or the end of a placement),
   * which takes the same inbox and dedupe path (dedupe id = the vendor's own event id).
   */
  async ingestVendor(request: IngestRequest, adapter: ErpAdapter): Promise<IngestResult> {
    if (mediaTypeOf(request.contentType) !== 'application/json') {
      throw new ProblemException(415, 'unsupported media type', 'send application/json');
    }
    const enterprise = await this.authenticate(request);
    let mapped: CanonicalErpEvent;
    try {
      mapped = adapter.map(request.body, new Date());
    } catch (error) {
      if (!(error instanceof VendorPayloadError)) throw error;
      throw new ProblemException(
        400,
        `invalid ${adapter.vendor} payload`,
        `${error.errors.length} problem(s); nothing was stored`,
        error.errors,
      );
    }
    let event: CloudEvent;
    try {
      event = this.registry.parse(mapped);
    } catch (error) {
      if (!(error instanceof EventValidationError)) throw error;
      // The mapping produced something the canonical contract refuses: name the canonical field.
      throw new ProblemException(
        400,
        `invalid ${adapter.vendor} payload`,
        `the mapped ${mapped.type} event is invalid`,
        error.issues.map((i) => ({ field: i.path, message: i.message })),
      );
    }
    const correlated = withCorrelation([event], request.correlationId);
    this.assertFitsARecord(correlated, false);
    return this.store(enterprise, correlated);
  }

  private assertFitsARecord(events: CloudEvent[], isBatch: boolean): void {
    const tooLarge = eventsTooLargeForARecord(events, this.config.KAFKA_MAX_RECORD_BYTES, isBatch);
    if (tooLarge.length) {
      throw new ProblemException(413, 'event too large', 'an event would not fit in a Kafka record; nothing was stored', tooLarge, {
        limitBytes: this.config.KAFKA_MAX_RECORD_BYTES,
      });
    }
  }

  /**
   * The sender, by its signature. Its secrets are reused for a few seconds (every request of an
   * ERP would otherwise read its enterprise), and read again before a signature is refused.
   */
  private async authenticate(request: IngestRequest): Promise<VerifiedSender> {
    const enterpriseId = request.enterpriseId;
    if (!enterpriseId) throw unknownSender();
    let rejection: SignatureRejectedError | undefined;
    const verified = await this.partners.erpSecretsAccepted(enterpriseId, (secrets) => !(rejection = this.rejectionOf(request, secrets)), {
      maxAgeMs: HTTP_SECRETS_MAX_AGE_MS,
    });
    if (verified.status !== 'accepted') {
      throw verified.status === 'refused' ? new ProblemException(401, 'invalid signature', rejection!.message) : unknownSender();
    }
    return { enterpriseId, signingSecret: verified.secrets[0] };
  }

  /** Why no secret verifies the request's signature, or undefined when one does. During a rotation's overlap the previous secret verifies too. */
  private rejectionOf(request: IngestRequest, secrets: readonly string[]): SignatureRejectedError | undefined {
    let rejection: SignatureRejectedError | undefined;
    for (const secret of secrets) {
      try {
        verifyStandardWebhook(
          {
            id: request.webhookId,
            timestamp: request.webhookTimestamp,
            signature: request.webhookSignature,
            body: request.rawBody ?? Buffer.alloc(0),
          },
          secret,
          this.config.ERP_SIGNATURE_TOLERANCE_SECONDS,
        );
        return undefined;
      } catch (error) {
        if (!(error instanceof SignatureRejectedError)) throw error;
        rejection ??= error;
      }
    }
    return rejection ?? new SignatureRejectedError('no signing secret');
  }

  private async store({ enterpriseId, signingSecret }: VerifiedSender, events: CloudEvent[]): Promise<IngestResult> {
    const seen = new Set<string>();
    for (const [index, event] of events.entries()) {
      const key = erpDedupeKey(enterpriseId, event);
      if (seen.has(key)) {
        throw new ProblemException(400, 'invalid CloudEvents', 'a batch repeats an event', [
          { field: `[${index}].id`, message: 'source+id repeats an earlier event of this batch' },
        ]);
      }
      seen.add(key);
    }

    // Signed with the enterprise's own secret, as its ERP would sign a record it produced
    // itself: the consumer trusts no inbound record it cannot verify.
    const sign = (event: CloudEvent) => signEventRecord(signingSecret, event, enterpriseId);
    const duplicates = await this.inbox.store(enterpriseId, events, sign);
    faultPoint('erp-ingest.after-inbox-write');
    const results = events.map((event) => ({
      source: event.source,
      id: event.id,
      status: duplicates.has(erpDedupeKey(enterpriseId, event)) ? ('duplicate' as const) : ('accepted' as const),
    }));
    return { accepted: results.length - duplicates.size, duplicates: duplicates.size, events: results };
  }
}

function mediaTypeOf(contentType?: string): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Events without a correlation id of their own carry the HTTP request's, so logs tie them to it. */
function withCorrelation(events: CloudEvent[], correlationId: string | undefined): CloudEvent[] {
  if (!correlationId) return events;
  return events.map((event) => (event.correlationid ? event : { ...event, correlationid: correlationId }));
}

function unknownSender(): ProblemException {
  return new ProblemException(401, 'unknown sender', 'x-enterprise-id must name a registered enterprise');
}
