import { Logger } from '@nestjs/common';
import { ChangeLog } from './change-log';

/** Thrown by a source's load or apply when the model would hold more than it may. */
export class ReadModelTooLarge extends Error {}

/** How a read model is built from its collections and brought up to date. */
export interface ReadModelSource<S> {
  /** The change-log streams the model follows (collection names). */
  readonly streams: readonly string[];
  /** Everything, read afresh. */
  load(): Promise<S>;
  /** Reloads these changed ids (per stream) into the state. */
  apply(state: S, changed: ReadonlyMap<string, readonly string[]>): Promise<void>;
  /** A line for the log after a whole load. */
  describe(state: S): string;
  /** How many documents the state holds (for the gauge). */
  size(state: S): number;
}

/** Where a read model reports its figures (ReadModelMetrics in @app/platform). */
export interface ReadModelMeter {
  track(model: string, size: () => number): void;
  answered(model: string, source: 'memory' | 'database'): void;
}

export interface ReadModelOptions {
  /** For log lines and metrics. */
  name: string;
  /** After this long the model is reloaded whole in the background. */
  maxAgeMs: number;
  /** false: the model is off and `current` always answers undefined. */
  enabled: boolean;
  metrics?: ReadModelMeter;
  /**
   * While the model is in use (used within `maxAgeMs`), it also catches up every `followMs` in
   * the background, so a steady stream of writes between two uses does not outrun the change
   * log's bound and force a whole reload. Once unused for `maxAgeMs` it stops and drops its
   * state (the memory is returned; the next use loads it again). 0: only before each use.
   */
  followMs?: number;
}

interface Held<S> {
  state: S;
  /** The change-log revision per stream that `state` includes. */
  revisions: Map<string, number>;
  loadedAt: number;
}

/**
 * An in-memory read model kept up to date through the change log (ADR 0060): before each use
 * it asks the log what changed since its revisions (one read by primary key) and reloads just
 * those documents, so a use sees every write recorded before it started, whichever replica made
 * it. Uses arriving while a catch-up runs share the next one. Loaded whole at the first use,
 * again when it fell behind the log's bound, and in the background once older than `maxAgeMs`
 * (which bounds how long a change whose record was lost stays unseen). A model that grew too
 * large (the source throws ReadModelTooLarge) turns itself off for `maxAgeMs`.
 */
export class ChangeFedReadModel<S> {
  private readonly logger: Logger;
  private held?: Held<S>;
  /** A whole reload made in the background, swapped in by the next catch-up. */
  private reloaded?: Held<S>;
  private reloading = false;
  private offUntil = 0;
  private chain: Promise<void> = Promise.resolve();
  private queued?: Promise<void>;
  private lastUsed = 0;
  private follower?: NodeJS.Timeout;
  /** Background catch-ups failed in a row: only the first is logged (an outage would log every `followMs`). */
  private backgroundFailures = 0;

  constructor(
    private readonly changes: ChangeLog,
    private readonly source: ReadModelSource<S>,
    private readonly options: ReadModelOptions,
  ) {
    this.logger = new Logger(`read model ${options.name}`);
    options.metrics?.track(options.name, () => (this.held ? source.size(this.held.state) : 0));
  }

  /** Counts whether a request was answered from memory or left to the database. */
  answered(source: 'memory' | 'database'): void {
    this.options.metrics?.answered(this.options.name, source);
  }

  /** The state with every change recorded before the call, or undefined while the model is off. */
  async current(): Promise<S | undefined> {
    if (!this.options.enabled || Date.now() < this.offUntil) return undefined;
    this.lastUsed = Date.now();
    this.follow();
    await this.catchUp();
    return this.held?.state;
  }

  /** Stops the background catch-up (at shutdown). */
  stop(): void {
    clearInterval(this.follower);
    this.follower = undefined;
  }

  private follow(): void {
    const every = this.options.followMs ?? 0;
    if (this.follower || every <= 0) return;
    this.follower = setInterval(() => {
      if (Date.now() - this.lastUsed > this.options.maxAgeMs) {
        this.stop();
        this.invalidate();
        return;
      }
      // Only a pool already loaded is followed: a whole load waits for a use.
      if (this.held)
        this.catchUp().then(
          () => this.backgroundSucceeded(),
          (error: Error) => this.backgroundFailed(error),
        );
    }, every);
    this.follower.unref();
  }

  private backgroundSucceeded(): void {
    if (this.backgroundFailures === 0) return;
    this.logger.log(`background catch-up works again after ${this.backgroundFailures} failed attempt(s)`);
    this.backgroundFailures = 0;
  }

  private backgroundFailed(error: Error): void {
    if (this.backgroundFailures++ > 0) return;
    this.logger.warn(`background catch-up failed, not logged again until it works: ${error.message}`);
  }

  /** What the model holds now, without catching up (for gauges); undefined before the first load. */
  peek(): S | undefined {
    return this.held?.state;
  }

  /** Forgets the state: the next use reloads it whole (after a check found it out of date). */
  invalidate(): void {
    this.held = undefined;
    this.reloaded = undefined;
  }

  private catchUp(): Promise<void> {
    if (!this.queued) {
      const next = this.chain.then(() => {
        this.queued = undefined;
        return this.catchUpOnce();
      });
      this.queued = next;
      this.chain = next.catch(() => undefined);
    }
    return this.queued;
  }

  private async catchUpOnce(): Promise<void> {
    if (this.reloaded) {
      this.held = this.reloaded;
      this.reloaded = undefined;
    }
    const held = this.held;
    if (!held) {
      this.held = await this.loadOrTurnOff();
      return;
    }
    if (Date.now() - held.loadedAt > this.options.maxAgeMs) this.reloadInBackground();
    const latest = await this.changes.revisions(this.source.streams);
    const changed = new Map<string, string[]>();
    const revisions = new Map(held.revisions);
    for (const stream of this.source.streams) {
      const revision = held.revisions.get(stream) ?? 0;
      if (latest.get(stream) === revision) continue;
      const since = await this.changes.changesSince(stream, revision);
      if (since.kind === 'reload') return this.reloadInPlace();
      if (since.kind === 'changed') changed.set(stream, since.ids);
      revisions.set(stream, since.revision);
    }
    if (changed.size > 0) {
      try {
        await this.source.apply(held.state, changed);
      } catch (error) {
        if (!(error instanceof ReadModelTooLarge)) throw error;
        this.turnOff();
        return;
      }
    }
    held.revisions = revisions;
  }

  /**
   * Fell behind the log's bound: loaded whole again, the old state dropped first, so memory holds
   * one copy, not two (uses wait for this catch-up and never see the gap). Called without `await`
   * in the catch-up, whose frame would otherwise keep the old state alive during the load.
   */
  private async reloadInPlace(): Promise<void> {
    this.held = undefined;
    this.held = await this.loadOrTurnOff();
  }

  private reloadInBackground(): void {
    if (this.reloading) return;
    this.reloading = true;
    this.loadOrTurnOff()
      .then((held) => (this.reloaded = held))
      .catch((error: Error) => this.logger.warn(`background reload failed: ${error.message}`))
      .finally(() => (this.reloading = false));
  }

  private async loadOrTurnOff(): Promise<Held<S> | undefined> {
    try {
      // Revisions first: a change recorded during the load is applied again by the next catch-up.
      const revisions = await this.changes.revisions(this.source.streams);
      const started = Date.now();
      const state = await this.source.load();
      this.logger.log(`loaded ${this.source.describe(state)} in ${Date.now() - started} ms`);
      return { state, revisions, loadedAt: started };
    } catch (error) {
      if (!(error instanceof ReadModelTooLarge)) throw error;
      this.turnOff();
      return undefined;
    }
  }

  private turnOff(): void {
    this.held = undefined;
    this.reloaded = undefined;
    this.offUntil = Date.now() + this.options.maxAgeMs;
    this.logger.warn(`too large to hold: off for ${this.options.maxAgeMs} ms, its users read the database meanwhile`);
  }
}
