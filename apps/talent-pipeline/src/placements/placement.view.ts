import { missingParties, requiredParties } from './domain/agreement-sign-off';
import { Evaluation } from './domain/evaluation';
import { StepRescission } from './domain/scheduled-step';
import { AttendanceEntryDocument } from './placement-attendance.repository';
import { PlacementDocument } from './placement.document';
import { AttendanceEntryView, EvaluationView, PlacementPage, PlacementView } from './placement.response';

/** The public shape of a placement (no outbox or dedupe bookkeeping); its type is the documented schema's. */
export function placementView(p: PlacementDocument): PlacementView {
  return {
    id: p._id,
    studentId: p.studentId,
    schoolId: p.schoolId,
    enterpriseId: p.enterpriseId,
    programme: p.programme,
    cohort: p.cohort,
    requisitionId: p.requisitionId,
    kind: p.kind,
    role: p.role,
    startDate: p.startDate,
    endDate: p.endDate,
    status: p.status,
    hire: p.hire,
    agreement: {
      requiredParties: requiredParties(p.guardianRequired ?? false),
      signatures: p.agreement?.signatures ?? [],
      missingParties: missingParties(p.guardianRequired ?? false, p.agreement?.signatures ?? []),
    },
    evaluations: (p.evaluations ?? []).map(evaluationView),
    endOfPlacement: p.endOfPlacement,
    ...(p.scheduledEnd
      ? {
          scheduledEnd: {
            outcome: p.scheduledEnd.outcome,
            ...(p.scheduledEnd.reason !== undefined ? { reason: p.scheduledEnd.reason } : {}),
            lastDay: p.scheduledEnd.lastDay,
            dueOn: p.scheduledEnd.dueOn,
            eventId: p.scheduledEnd.causedBy.id,
            receivedAt: p.scheduledEnd.receivedAt.toISOString(),
          },
        }
      : {}),
    ...(p.scheduledStart
      ? {
          scheduledStart: {
            firstDay: p.scheduledStart.firstDay,
            dueOn: p.scheduledStart.dueOn,
            eventId: p.scheduledStart.causedBy.id,
            receivedAt: p.scheduledStart.receivedAt.toISOString(),
          },
        }
      : {}),
    ...(p.rescindedStart ? { rescindedStart: rescissionView(p.rescindedStart) } : {}),
    ...(p.rescindedEnd ? { rescindedEnd: rescissionView(p.rescindedEnd) } : {}),
    history: p.history.map((h) => ({ status: h.status, at: h.at.toISOString(), cause: h.cause })),
    version: p.version,
  };
}

/** An ERP's rescission mark: when (its event time, as an instant in UTC), which event, the day it named, which step it took back. */
function rescissionView(mark: StepRescission) {
  return {
    at: new Date(mark.eventTime).toISOString(),
    eventId: mark.by.id,
    ...(mark.day ? { day: mark.day } : {}),
    ...(mark.rescinded ? { rescindedEventId: mark.rescinded.id } : {}),
  };
}

/** A page of placements as the list endpoints answer it. */
export function placementPageView(page: { items: PlacementDocument[]; nextCursor?: string }): PlacementPage {
  return { items: page.items.map(placementView), nextCursor: page.nextCursor };
}

/** A supervisor evaluation as recorded on the placement. */
export function evaluationView(e: Evaluation & { id: string }): EvaluationView {
  return { id: e.id, evaluator: e.evaluator, scores: e.scores, ...(e.comment !== undefined ? { comment: e.comment } : {}), at: e.at };
}

/** One attendance entry (without the Idempotency-Key it was logged with). */
export function attendanceView(entry: AttendanceEntryDocument): AttendanceEntryView {
  return {
    id: entry._id,
    placementId: entry.placementId,
    date: entry.date,
    hours: entry.hours,
    status: entry.status,
    ...(entry.note !== undefined ? { note: entry.note } : {}),
    recordedBy: entry.recordedBy,
    recordedAt: entry.recordedAt.toISOString(),
  };
}
