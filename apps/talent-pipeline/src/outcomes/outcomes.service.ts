import { Injectable } from '@nestjs/common';
import { PlacementOutcomeEvent } from '@app/contracts';
import { OutcomeFeedEntry, OutcomeFeedRepository } from './outcome-feed.repository';

/** Each school's pull feed of placement outcomes; the only door into it for other features. */
@Injectable()
export class OutcomesService {
  constructor(private readonly feed: OutcomeFeedRepository) {}

  /** Appends the outcome once; returns false when it was already in the feed. */
  append(schoolId: string, event: PlacementOutcomeEvent): Promise<boolean> {
    return this.feed.append(schoolId, event);
  }

  /** Appends, in order, the outcomes not yet in the school's feed; returns how many were new. */
  appendMany(schoolId: string, events: PlacementOutcomeEvent[]): Promise<number> {
    return this.feed.appendMany(schoolId, events);
  }

  /** Entries recorded since a time, after a feed position (webhook replay pages through these). */
  recordedSince(schoolId: string, since: Date, afterSeq: number, limit: number): Promise<OutcomeFeedEntry[]> {
    return this.feed.recordedSince(schoolId, since, afterSeq, limit);
  }

  /** Removes the student's free text from the feed (erasure); returns how many entries mention the student. */
  pseudonymiseStudent(studentId: string): Promise<number> {
    return this.feed.pseudonymiseStudent(studentId);
  }

  page(schoolId: string, afterSeq: number, limit: number, eventTypes?: string[]): Promise<OutcomeFeedEntry[]> {
    return this.feed.page(schoolId, afterSeq, limit, eventTypes);
  }
}
