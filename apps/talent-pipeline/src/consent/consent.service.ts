import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { FieldError, ProblemException } from '@app/base';
import { Topics } from '@app/contracts';
import { PartnersService } from '../partners/partners.service';
import { StudentDocument } from '../students/student.document';
import { StudentsService } from '../students/students.service';
import { consentChangedEvent, consentErasedEvent } from './consent-changed.event';
import { ConsentDocument, ConsentFacts } from './consent.document';
import { ConsentsRepository } from './consents.repository';
import { findConsentInForce, isConsentInForce } from './domain/consent-in-force';
import { ConsentPurpose } from './domain/consent-purpose';
import { GrantConsentDto } from './dto/grant-consent.dto';

/** Who is acting: the operator, or a school acting for its own students only. */
export type ConsentActor = { kind: 'operator' } | { kind: 'school'; schoolId: string };

@Injectable()
export class ConsentService {
  constructor(
    private readonly consents: ConsentsRepository,
    private readonly students: StudentsService,
    private readonly partners: PartnersService,
  ) {}

  async grant(studentId: string, dto: GrantConsentDto, actor: ConsentActor): Promise<ConsentDocument> {
    const student = await this.studentFor(studentId, actor);
    const now = new Date();
    const expiresAt = dto.expiresAt ? new Date(dto.expiresAt) : undefined;
    const errors: FieldError[] = [
      ...((await this.partners.findEnterprise(dto.enterpriseId)) ? [] : [{ field: 'enterpriseId', message: 'no such enterprise' }]),
      ...(expiresAt && expiresAt.getTime() <= now.getTime() ? [{ field: 'expiresAt', message: 'must be in the future' }] : []),
    ];
    if (errors.length) throw new ProblemException(400, 'invalid request', 'the consent cannot be recorded', errors);
    // A retried grant (same grantor and expiry, still in force) is the same consent, not a second one.
    const current = findConsentInForce(await this.consents.findForStudent(studentId), dto.enterpriseId, dto.purpose, now);
    if (current && current.grantedBy === dto.grantedBy && current.expiresAt?.getTime() === expiresAt?.getTime()) {
      // A retry, perhaps of a grant whose check below failed after its insert: checked again.
      await this.refuseIfErasedMeanwhile(studentId);
      return current;
    }
    const consent: ConsentDocument = {
      _id: randomUUID(),
      studentId,
      schoolId: student.schoolId,
      enterpriseId: dto.enterpriseId,
      purpose: dto.purpose,
      grantedBy: dto.grantedBy,
      grantedAt: now,
      ...(expiresAt ? { expiresAt } : {}),
      recordedBy: recorderOf(actor),
    };
    await this.consents.insert(consent, consentChangedEvent(consent, now));
    await this.refuseIfErasedMeanwhile(studentId);
    return consent;
  }

  /**
   * An erasure that started after the student was read swept the consents before the grant's
   * insert: the grant is undone and refused as for an erased student (ADR 0037, session 34 addendum).
   */
  private async refuseIfErasedMeanwhile(studentId: string): Promise<void> {
    if (!(await this.students.isErasingOrErased(studentId))) return;
    await this.eraseStudent(studentId);
    throw new ProblemException(404, 'student not found', `no student with id ${studentId}`);
  }

  /** Withdraws the consent and any other grant for the same enterprise and purpose; withdrawing twice is harmless. */
  async withdraw(studentId: string, consentId: string, actor: ConsentActor): Promise<ConsentDocument> {
    await this.studentFor(studentId, actor);
    const existing = await this.consents.findOne(studentId, consentId);
    if (!existing) throw new ProblemException(404, 'consent not found', `student ${studentId} has no consent ${consentId}`);
    const now = new Date();
    await this.consents.markWithdrawn(existing, now, recorderOf(actor), (withdrawn) => consentChangedEvent(withdrawn, now));
    return (await this.consents.findOne(studentId, consentId))!;
  }

  /**
   * The student's erasure: every consent is withdrawn and gets a tombstone on the compacted
   * consent topic. Returns the tombstones (topic and key) for the completion proof.
   */
  async eraseStudent(studentId: string, at = new Date()): Promise<{ topic: string; key: string }[]> {
    const consentIds = await this.consents.markErased(studentId, at, 'operator', (consentId) => consentErasedEvent(consentId, at));
    return consentIds.map((key) => ({ topic: Topics.privacyConsents, key }));
  }

  async list(studentId: string, actor: ConsentActor): Promise<ConsentDocument[]> {
    await this.studentFor(studentId, actor);
    return this.consents.findForStudent(studentId);
  }

  /** Whether the student's consent lets the enterprise use their data for `purpose` now. */
  async isInForce(studentId: string, enterpriseId: string, purpose: ConsentPurpose, at = new Date()): Promise<boolean> {
    return (await this.consentInForce(studentId, enterpriseId, purpose, at)) !== undefined;
  }

  /** The consent that is in force, to cite it (e.g. in the disclosure ledger). */
  async consentInForce(
    studentId: string,
    enterpriseId: string,
    purpose: ConsentPurpose,
    at = new Date(),
  ): Promise<ConsentDocument | undefined> {
    return findConsentInForce(await this.consents.findForStudent(studentId), enterpriseId, purpose, at);
  }

  /**
   * For each of the students, the first consent to the enterprise in force now for any of the
   * purposes (in the order given): one query for a page of placements.
   */
  async consentsInForceFor(
    studentIds: string[],
    enterpriseId: string,
    purposes: readonly ConsentPurpose[],
    at = new Date(),
  ): Promise<Map<string, ConsentDocument>> {
    const unique = [...new Set(studentIds)];
    const candidates = await this.consents.findUnwithdrawnOf(unique, enterpriseId, purposes);
    const result = new Map<string, ConsentDocument>();
    for (const purpose of purposes) {
      for (const consent of candidates) {
        if (!result.has(consent.studentId) && isConsentInForce(consent, enterpriseId, purpose, at)) result.set(consent.studentId, consent);
      }
    }
    return result;
  }

  /**
   * The students whose consent to the enterprise for the purpose is in force, each with the id
   * of that consent (to cite it in the disclosure ledger); one query, for matching.
   */
  async studentsWithConsentInForce(enterpriseId: string, purpose: ConsentPurpose, at = new Date()): Promise<Map<string, string>> {
    const inForce = new Map<string, string>();
    for await (const consent of this.consents.findUnwithdrawnFor(enterpriseId, purpose)) {
      if (isConsentInForce(consent, enterpriseId, purpose, at)) inForce.set(consent.studentId, consent._id);
    }
    return inForce;
  }

  /** Every consent for the purpose that is not withdrawn, to any enterprise (the matching pool's full load). */
  unwithdrawnConsents(purpose: ConsentPurpose): AsyncIterable<ConsentFacts> {
    return this.consents.findUnwithdrawnForPurpose(purpose);
  }

  /** These consents as stored now (the matching pool's reload of changed ones). */
  consentFacts(ids: readonly string[]): Promise<ConsentFacts[]> {
    return this.consents.findFactsByIds(ids);
  }

  /** A school sees only its own students; another school's student is "not found", not "forbidden". */
  private async studentFor(studentId: string, actor: ConsentActor): Promise<StudentDocument> {
    const student = await this.students.findById(studentId);
    if (!student || (actor.kind === 'school' && student.schoolId !== actor.schoolId)) {
      throw new ProblemException(404, 'student not found', `no student with id ${studentId}`);
    }
    return student;
  }
}

function recorderOf(actor: ConsentActor): string {
  return actor.kind === 'operator' ? 'operator' : `school:${actor.schoolId}`;
}
