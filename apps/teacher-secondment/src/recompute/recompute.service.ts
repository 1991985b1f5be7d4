import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_CONFIG, RepeatingTask, startRepeatingTask } from '@app/base';
import { ComplianceService } from '../compliance/compliance.service';
import { TeacherSecondmentConfig } from '../config/teacher-secondment.config';
import { CredentialsService } from '../credentials/credentials.service';
import { PracticeSignal } from '../shared/practice-signal';
import { TeachersService } from '../teachers/teachers.service';

/**
 * Keeps every teacher's published compliance and credential in step with their practice: a
 * changed teacher is recomputed at once (one at a time per process, so one teacher's credential
 * is never decided twice in parallel), and a periodic sweep recomputes everyone, because
 * compliance also changes by itself as days pass and old practice leaves the window.
 */
@Injectable()
export class RecomputeService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RecomputeService.name);
  private readonly pending = new Set<string>();
  private running?: Promise<void>;
  private periodicSweep?: RepeatingTask;
  private stopped = false;

  constructor(
    private readonly signal: PracticeSignal,
    private readonly compliance: ComplianceService,
    private readonly credentials: CredentialsService,
    private readonly teachers: TeachersService,
    @Inject(APP_CONFIG) private readonly config: TeacherSecondmentConfig,
  ) {}

  onModuleInit(): void {
    this.signal.onChange((teacherId) => this.enqueue([teacherId]));
    this.signal.onRulesChange(() => void this.sweep());
    this.periodicSweep = startRepeatingTask({
      name: 'compliance sweep',
      everyMs: this.config.COMPLIANCE_SWEEP_MS,
      // After a restart, lapses that happened while the service was down are caught at once.
      firstAfterMs: this.config.COMPLIANCE_SWEEP_ON_START ? 5_000 : undefined,
      run: () => this.sweep(),
      logger: this.logger,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.periodicSweep?.stop();
    await this.running;
  }

  /** Recomputes one teacher now: compliance (and its event), then the credential. */
  async recomputeTeacher(teacherId: string): Promise<void> {
    const standing = await this.compliance.recompute(teacherId);
    if (standing) await this.credentials.reconcile(standing);
  }

  async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      for (
        let page = await this.teachers.page({});
        page.length && !this.stopped;
        page = await this.teachers.page({}, page[page.length - 1]._id)
      ) {
        this.enqueue(page.map((t) => t._id));
      }
    } catch (error) {
      this.logger.error({ err: error }, 'compliance sweep failed; the next one retries');
    }
  }

  private enqueue(teacherIds: string[]): void {
    for (const id of teacherIds) this.pending.add(id);
    this.running ??= this.drain().finally(() => (this.running = undefined));
  }

  private async drain(): Promise<void> {
    while (this.pending.size && !this.stopped) {
      const [teacherId] = this.pending;
      this.pending.delete(teacherId);
      try {
        await this.recomputeTeacher(teacherId);
      } catch (error) {
        // Left for the next sweep: a failed recompute changes nothing it had not written.
        this.logger.error({ err: error, teacherId }, 'compliance recompute failed');
      }
    }
  }
}
