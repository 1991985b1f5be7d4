import { Global, Injectable, Module } from '@nestjs/common';

type Listener = (teacherId: string) => void;

/**
 * Tells the compliance recompute that a teacher's practice changed (a log countersigned, a
 * secondment completed, R&D hours credited), without the features that record practice
 * depending on the ones that judge it. In process only: the periodic sweep catches anything a
 * crash lost between the write and the recompute.
 */
@Injectable()
export class PracticeSignal {
  private readonly listeners: Listener[] = [];
  private readonly ruleListeners: (() => void)[] = [];

  onChange(listener: Listener): void {
    this.listeners.push(listener);
  }

  changed(teacherId: string): void {
    for (const listener of this.listeners) listener(teacherId);
  }

  /** A rule set was published: every teacher's answer may change. */
  onRulesChange(listener: () => void): void {
    this.ruleListeners.push(listener);
  }

  rulesChanged(): void {
    for (const listener of this.ruleListeners) listener();
  }
}

@Global()
@Module({ providers: [PracticeSignal], exports: [PracticeSignal] })
export class PracticeSignalModule {}
