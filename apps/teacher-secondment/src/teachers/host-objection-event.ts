import { TeacherHostObjectionChanged, Topics } from '@app/contracts';
import { newCloudEvent, OutgoingEvent } from '@app/messaging';
import { SECONDMENT_SOURCE } from '../shared/event-source';
import { HostObjection, TeacherDocument } from './teacher.document';

/**
 * The state of the teacher's host objection after a filing or a withdrawal (ADR 0077), for the
 * services that show the teacher to enterprises (R&D keeps a copy). Keyed by the teacher on a
 * compacted topic, so the newest state per teacher is what stays. The reason is not published:
 * it is the teacher's own words and no consumer needs it to honour the objection.
 */
export function hostObjectionChangedEvent(
  teacher: Pick<TeacherDocument, '_id' | 'schoolId'>,
  objection: HostObjection | null,
  at: Date,
  correlationid?: string,
): OutgoingEvent {
  const event = newCloudEvent(TeacherHostObjectionChanged, {
    source: SECONDMENT_SOURCE,
    subject: `teachers/${teacher._id}`,
    time: at,
    correlationid,
    data: {
      teacherId: teacher._id,
      schoolId: teacher.schoolId,
      objecting: objection !== null,
      ...(objection ? { since: objection.since } : {}),
      changedAt: at.toISOString(),
    },
  });
  return { id: event.id, topic: Topics.teacherPrivacy, key: teacher._id, event };
}
