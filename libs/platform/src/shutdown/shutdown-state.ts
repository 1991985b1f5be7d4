import { Injectable } from '@nestjs/common';

/** Flips once SIGTERM arrives, so readiness reports 503 while the process drains. */
@Injectable()
export class ShutdownState {
  private draining = false;

  beginDraining(): void {
    this.draining = true;
  }

  isDraining(): boolean {
    return this.draining;
  }
}
