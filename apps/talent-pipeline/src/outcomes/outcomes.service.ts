import { Injectable } from '@nestjs/common';
import { ProblemException } from '@app/base';
import { PlacementOutcomeEvent } from '@app/contracts';
import { StudentsService } from '../students/students.service';
import { hasEndReason, withoutEndReason } from './end-reason';
import { OutcomeFeedEntry, OutcomeFeedRepository, OutcomeScrub } from './outcome-feed.repository';

export type { OutcomeScrub };

/** Each school's pull feed of placement outcomes; the only door into it for other features. */
@Injectable()
export class OutcomesService {
  private readonly appendedListeners = new Set<(schoolId: string) => void>();

  constructor(
    private readonly feed: OutcomeFeedRepository,
    private readonly students: StudentsService,
  ) {}

  /** Appends the outcome once; returns false when it was already in the feed. */
  async append(schoolId: string, event: PlacementOutcomeEvent): Promise<boolean> {
    return (await this.appendMany(schoolId, [event])) === 1;
  }

  /**
   * Appends, in order, the outcomes not yet in the school's feed, each as `scrub` keeps it (awaited
   * just before the insert, so it may be asked for beside the append); returns how many were new.
   */
  async appendMany(schoolId: string, events: PlacementOutcomeEvent[], scrub?: Promise<OutcomeScrub>): Promise<number> {
    const appended = await this.feed.appendMany(schoolId, events, scrub);
    // Also when nothing was new: a retry after this check failed must still run it.
    await this.stripReasonsOfErasedMeanwhile(events);
    if (appended > 0) for (const listener of this.appendedListeners) listener(schoolId);
    return appended;
  }

  /**
   * An erasure that started after `scrub` was answered swept the feed before these entries went
   * in: the entries of students erased meanwhile lose their free-text end reason now, before the
   * outcome-topic pump is woken (ADR 0037, session 34 addendum). Asked only when an outcome
   * carries a reason, which no hire does.
   */
  private async stripReasonsOfErasedMeanwhile(events: PlacementOutcomeEvent[]): Promise<void> {
    const withReason = [...new Set(events.filter(hasEndReason).map((event) => event.data.studentId))];
    if (withReason.length === 0) return;
    for (const studentId of await this.students.erasingOrErasedAmong(withReason)) await this.feed.pseudonymiseStudent(studentId);
  }

  /** Calls `listener` after this process appended to a school's feed (the outcome topic pump wakes on it). */
  whenAppended(listener: (schoolId: string) => void): void {
    this.appendedListeners.add(listener);
  }

  /** The last position each school's feed has taken: a reader at a lower position has entries to read, or soon will. */
  positionsTaken(schoolIds: string[]): Promise<Map<string, number>> {
    return this.feed.positionsTaken(schoolIds);
  }

  /** The position of the school's last entry (0 for an empty feed). */
  lastPosition(schoolId: string): Promise<number> {
    return this.feed.lastPosition(schoolId);
  }

  /**
   * Refuses a cursor (`after`) at `seq` that cannot be one of the school's feed: every cursor handed
   * out is an entry's position (or 0), and entries are never removed, so none is past the last
   * entry. Such a cursor is another school's, say: read or published from, it would wait for this
   * feed to reach it and skip all before.
   */
  async assertWithinFeed(schoolId: string, seq: number): Promise<void> {
    if (seq === 0 || seq <= (await this.feed.lastPosition(schoolId))) return;
    throw new ProblemException(400, 'invalid request', 'cursor past the end of the feed', [
      { field: 'after', message: "not a cursor of this school's outcome feed: it is past its end" },
    ]);
  }

  /** Entries recorded since a time, after a feed position (webhook replay pages through these). */
  recordedSince(schoolId: string, since: Date, afterSeq: number, limit: number): Promise<OutcomeFeedEntry[]> {
    return this.feed.recordedSince(schoolId, since, afterSeq, limit);
  }

  /** Removes the student's free text from the feed (erasure); returns how many entries mention the student. */
  pseudonymiseStudent(studentId: string): Promise<number> {
    return this.feed.pseudonymiseStudent(studentId);
  }

  /**
   * The next entries of the school's feed (its own read, and the outcome-topic pump's), each about
   * a student whose erasure has started without its free-text end reason: an entry read between
   * its insert and the check after it (stripReasonsOfErasedMeanwhile) may still carry it (ADR 0037,
   * addendum of 2026-12-07). One read of the erasure marks for the page's students, made only when
   * an entry carries a reason.
   */
  async page(schoolId: string, afterSeq: number, limit: number, eventTypes?: string[]): Promise<OutcomeFeedEntry[]> {
    const entries = await this.feed.page(schoolId, afterSeq, limit, eventTypes);
    const withReason = [...new Set(entries.filter((entry) => hasEndReason(entry.event)).map((entry) => entry.event.data.studentId))];
    if (withReason.length === 0) return entries;
    const erasing = await this.students.erasingOrErasedAmong(withReason);
    if (erasing.size === 0) return entries;
    return entries.map((entry) => (erasing.has(entry.event.data.studentId) ? { ...entry, event: withoutEndReason(entry.event) } : entry));
  }
}
