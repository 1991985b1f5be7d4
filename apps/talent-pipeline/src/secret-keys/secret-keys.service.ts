import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '@app/base';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';
import { PartnersService } from '../partners/partners.service';
import { WebhookSubscriptionsService } from '../webhooks/webhook-subscriptions.service';
import { ResealAnswer } from './secret-keys.response';

/**
 * The rotation of SECRETS_ENCRYPTION_KEY (ADR 0018, addendum): the stored signing secrets are
 * moved onto the current key, each by the feature that owns them. A pass runs at start when
 * previous keys are configured (in the background: the service is ready meanwhile, as every
 * secret still opens with a previous key), and on an operator's request, which answers what it
 * moved and what no key opens.
 */
@Injectable()
export class SecretKeysService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SecretKeysService.name);
  private running?: Promise<ResealAnswer>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: TalentPipelineConfig,
    private readonly partners: PartnersService,
    private readonly webhooks: WebhookSubscriptionsService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SECRETS_ENCRYPTION_PREVIOUS_KEYS.length) return;
    void this.reseal()
      .then((answer) => this.logger.log({ ...answer }, 'signing secrets resealed under the current SECRETS_ENCRYPTION_KEY'))
      .catch((error: unknown) =>
        this.logger.warn(`resealing the signing secrets failed; they still open with the previous keys: ${(error as Error).message}`),
      );
  }

  /** One pass over both stores; a pass asked for while one runs answers that one. */
  reseal(): Promise<ResealAnswer> {
    this.running ??= this.resealOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async resealOnce(): Promise<ResealAnswer> {
    const erpSigningSecrets = await this.partners.resealErpSigningSecrets();
    const webhookSigningSecrets = await this.webhooks.resealSigningSecrets();
    // A secret written under an old key meanwhile (a replica not yet rolled onto the new one) is found by the next pass.
    return { erpSigningSecrets, webhookSigningSecrets, previousKeys: this.config.SECRETS_ENCRYPTION_PREVIOUS_KEYS.length };
  }
}
