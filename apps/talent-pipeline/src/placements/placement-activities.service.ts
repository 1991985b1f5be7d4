import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Injectable } from '@nestjs/common';
import { checkedIdempotencyKey, Clock, idempotencyKeyReused, ProblemException } from '@app/base';
import { uuidV5 } from '../shared/uuid-v5';
import { assertCanSign, signedInTheFuture } from './domain/agreement-sign-off';
import { assertCanLogAttendance, attendanceProblems, attendanceTotals } from './domain/attendance';
import { assertCanEvaluate, Evaluation, scoreProblems } from './domain/evaluation';
import { signerName, studentText } from './domain/student-pseudonymisation';
import { LogAttendanceDto } from './dto/log-attendance.dto';
import { RecordEvaluationDto } from './dto/record-evaluation.dto';
import { SignAgreementDto } from './dto/sign-agreement.dto';
import { AttendanceEntryDocument, PlacementAttendanceRepository } from './placement-attendance.repository';
import { PlacementDocument } from './placement.document';
import { AttendanceLog } from './placement.response';
import { attendanceView } from './placement.view';
import { PlacementsService } from './placements.service';

/** Who is acting: the operator, or an enterprise on its own placements only. */
export interface Actor {
  kind: 'operator' | 'enterprise';
  enterpriseId?: string;
}

/** Namespace of evaluation ids derived from an Idempotency-Key (a fixed random UUID). */
const EVALUATION_NAMESPACE = '2e8f4c61-7a3b-4d95-b0c6-91e5d2f7a3c8';

/** What happens during a placement: agreement sign-off, attendance, supervisor evaluations. */
@Injectable()
export class PlacementActivitiesService {
  constructor(
    private readonly placements: PlacementsService,
    private readonly attendance: PlacementAttendanceRepository,
    private readonly clock: Clock,
  ) {}

  async signAgreement(id: string, dto: SignAgreementDto): Promise<PlacementDocument> {
    if (dto.signedAt && signedInTheFuture(dto.signedAt, this.clock.now())) {
      throw new ProblemException(400, 'invalid request', 'signedAt is in the future', [
        { field: 'signedAt', message: 'must not be in the future' },
      ]);
    }
    const signed = await this.placements.mutate(id, (placement) => {
      const signatures = placement.agreement?.signatures ?? [];
      assertCanSign(placement.status, placement.guardianRequired ?? false, signatures, dto.party);
      const signature = {
        party: dto.party,
        signedBy: signerName(placement, dto.party, dto.signedBy),
        signedAt: new Date(dto.signedAt ?? Date.now()).toISOString(),
      };
      return { agreement: { signatures: [...signatures, signature] } };
    });
    // The last signature: what waited for it (an ERP's held start, ADR 0079) goes on before the answer.
    await this.placements.agreementSigned(signed);
    return signed;
  }

  /**
   * Logs one attendance entry. With an Idempotency-Key the entry's id is derived from it, so
   * a retried POST finds the stored entry instead of counting the hours twice; the same key
   * with a different body is refused (422).
   */
  async logAttendance(
    id: string,
    dto: LogAttendanceDto,
    idempotencyKey: string | undefined,
    actor: Actor,
  ): Promise<{ entry: AttendanceEntryDocument; replayed: boolean }> {
    checkedIdempotencyKey(idempotencyKey);
    const problems = attendanceProblems(dto);
    if (problems.length) throw new ProblemException(400, 'invalid request', 'inconsistent attendance entry', problems);
    const placement = await this.placements.get(id, actor.enterpriseId);
    // After the student's erasure a note about them is not kept.
    const note = studentText(placement, dto.note);
    const data = { date: dto.date, hours: dto.hours, status: dto.status, ...(note !== undefined ? { note } : {}) };
    if (idempotencyKey !== undefined) {
      const replay = await this.replayOf(placement._id, idempotencyKey, data);
      // A retry, perhaps of an entry whose check below failed after its insert: checked again.
      if (replay) return { entry: replay.note === undefined ? replay : await this.withoutNoteIfErasedMeanwhile(replay), replayed: true };
    }
    assertCanLogAttendance(placement.status);
    const result = await this.attendance.insertOnce({
      _id: idempotencyKey !== undefined ? `${placement._id}:${idempotencyKey}` : randomUUID(),
      placementId: placement._id,
      ...data,
      ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
      recordedBy: actor.kind === 'enterprise' ? `enterprise:${actor.enterpriseId}` : 'operator',
      recordedAt: new Date(),
    });
    if (result.replayed) this.assertSameRequest(result.entry, data);
    if (result.entry.note !== undefined) return { ...result, entry: await this.withoutNoteIfErasedMeanwhile(result.entry) };
    return result;
  }

  /**
   * The entry as kept: an erasure that started after the placement was read above removed the
   * placement's notes before this one was inserted, so the note goes too (ADR 0037, session 34
   * addendum). The placement is pseudonymised before its notes are removed: read again, it tells.
   */
  private async withoutNoteIfErasedMeanwhile(entry: AttendanceEntryDocument): Promise<AttendanceEntryDocument> {
    const placement = await this.placements.get(entry.placementId);
    if (studentText(placement, entry.note) !== undefined) return entry;
    await this.attendance.eraseNotes([entry.placementId]);
    const { note: _note, ...kept } = entry;
    return kept;
  }

  async listAttendance(id: string, enterpriseId?: string): Promise<AttendanceLog> {
    const placement = await this.placements.get(id, enterpriseId);
    const entries = await this.attendance.forPlacement(placement._id);
    return {
      placementId: placement._id,
      studentId: placement.studentId,
      totals: attendanceTotals(entries),
      entries: entries.map(attendanceView),
    };
  }

  /**
   * Records a supervisor evaluation. With an Idempotency-Key its id is derived from the key,
   * so a retried POST returns the stored evaluation (`replayed`) instead of adding a second
   * one; the same key with a different evaluation is a 422.
   */
  async recordEvaluation(
    id: string,
    dto: RecordEvaluationDto,
    idempotencyKey: string | undefined,
    enterpriseId?: string,
  ): Promise<{ evaluation: Evaluation & { id: string }; replayed: boolean }> {
    checkedIdempotencyKey(idempotencyKey);
    const problems = scoreProblems(dto.scores);
    if (problems.length) throw new ProblemException(400, 'invalid request', 'invalid scores', problems);
    const evaluationId = idempotencyKey === undefined ? randomUUID() : uuidV5(EVALUATION_NAMESPACE, `${id}|${idempotencyKey}`);
    let replayed = false;
    const placement = await this.placements.mutate(
      id,
      (current) => {
        // After the student's erasure a comment about them is not kept (a retry compares what was kept).
        const comment = studentText(current, dto.comment);
        const content = { evaluator: dto.evaluator, scores: dto.scores, ...(comment !== undefined ? { comment } : {}) };
        const stored = current.evaluations?.find((e) => e.id === evaluationId);
        if (stored) {
          const { id: _id, at: _at, ...storedContent } = stored;
          if (!isDeepStrictEqual(storedContent, content)) throw idempotencyKeyReused('evaluation');
          replayed = true;
          return {};
        }
        assertCanEvaluate(current.status);
        return { evaluations: [...(current.evaluations ?? []), { id: evaluationId, ...content, at: new Date().toISOString() }] };
      },
      enterpriseId,
    );
    return { evaluation: placement.evaluations!.find((e) => e.id === evaluationId)!, replayed };
  }

  private async replayOf(placementId: string, key: string, data: object): Promise<AttendanceEntryDocument | undefined> {
    const existing = await this.attendance.findById(`${placementId}:${key}`);
    if (existing) this.assertSameRequest(existing, data);
    return existing ?? undefined;
  }

  private assertSameRequest(existing: AttendanceEntryDocument, data: object): void {
    const stored = {
      date: existing.date,
      hours: existing.hours,
      status: existing.status,
      ...(existing.note !== undefined ? { note: existing.note } : {}),
    };
    if (!isDeepStrictEqual(stored, data)) throw idempotencyKeyReused('attendance entry');
  }
}
