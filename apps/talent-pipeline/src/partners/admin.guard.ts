import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AdminTokenGuard } from '@app/base';
import { TalentPipelineConfig } from '../config/talent-pipeline.config';

/** Operator-only endpoints of the talent pipeline. */
@Injectable()
export class AdminGuard extends AdminTokenGuard {
  constructor(@Inject(APP_CONFIG) config: TalentPipelineConfig) {
    super(config);
  }
}
