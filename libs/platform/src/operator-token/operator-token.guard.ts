import { Inject, Injectable } from '@nestjs/common';
import { AdminTokenGuard, APP_CONFIG } from '@app/base';

/**
 * Operator endpoints every service carries: an operator's own key (OPERATOR_KEYS) or the shared
 * ADMIN_API_TOKEN. A service configured with neither refuses every call (the endpoints are
 * closed, never open).
 */
@Injectable()
export class OperatorTokenGuard extends AdminTokenGuard {
  constructor(@Inject(APP_CONFIG) config: object) {
    super(config);
  }
}
