import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ProblemException } from '@app/base';
import { ConsentService } from '../consent/consent.service';
import { ConsentPurpose } from '../consent/domain/consent-purpose';
import { StudentsService } from '../students/students.service';
import { DisclosureLedgerRepository } from './disclosure-ledger.repository';
import { disclosableProfileOf } from './domain/disclosable-profile';

/** The consent an enterprise needs to read a student's profile. */
export const PROFILE_DISCLOSURE_PURPOSE: ConsentPurpose = 'data-sharing-with-enterprise';
const PROFILE_CHANNEL = 'GET /v1/enterprises/{enterpriseId}/students/{studentId}';

@Injectable()
export class DisclosureService {
  constructor(
    private readonly consents: ConsentService,
    private readonly students: StudentsService,
    private readonly ledger: DisclosureLedgerRepository,
  ) {}

  /**
   * The student's profile for the enterprise, only with consent in force. The ledger entry is
   * written first: if it cannot be recorded, this throws and nothing is disclosed.
   */
  async studentProfileFor(enterpriseId: string, studentId: string, correlationId: string) {
    const consent = await this.consents.consentInForce(studentId, enterpriseId, PROFILE_DISCLOSURE_PURPOSE);
    // Checked before looking the student up, so an enterprise cannot even learn whether an id exists.
    if (!consent) {
      throw new ProblemException(
        403,
        'consent missing',
        `no consent for purpose '${PROFILE_DISCLOSURE_PURPOSE}' by this student to this enterprise is in force`,
        undefined,
        { purpose: PROFILE_DISCLOSURE_PURPOSE },
      );
    }
    const student = await this.students.findById(studentId);
    if (!student) throw new ProblemException(404, 'student not found');
    const { profile, fields } = disclosableProfileOf(student);
    await this.ledger.append({
      _id: randomUUID(),
      studentId,
      schoolId: student.schoolId,
      recipient: { kind: 'enterprise', enterpriseId },
      fields,
      purpose: PROFILE_DISCLOSURE_PURPOSE,
      consentId: consent._id,
      disclosedAt: new Date(),
      correlationId,
      channel: PROFILE_CHANNEL,
    });
    return profile;
  }

  async listForStudent(studentId: string) {
    if (!(await this.students.findById(studentId))) throw new ProblemException(404, 'student not found');
    return this.ledger.listForStudent(studentId);
  }
}
