import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DisclosureRecorded, EventData } from '@app/contracts';
import { ProblemException } from '@app/base';
import { ConsentService } from '../consent/consent.service';
import { ConsentPurpose } from '../consent/domain/consent-purpose';
import { StudentsService } from '../students/students.service';
import { DisclosureLedgerRepository } from './disclosure-ledger.repository';
import { DisclosureBasisKind, DisclosureChannel, DisclosureDocument, DisclosureRecipientKind } from './disclosure.document';
import { StudentProfile } from './disclosure.response';
import { disclosableProfileOf } from './domain/disclosable-profile';
import { LedgerEntry, ledgerEntryOf } from './ledger-entry';

/** The consent an enterprise needs to read a student's profile. */
export const PROFILE_DISCLOSURE_PURPOSE: ConsentPurpose = 'data-sharing-with-enterprise';
const PROFILE_ROUTE = 'GET /v1/enterprises/{enterpriseId}/students/{studentId}';

/** What a feature tells the ledger about one disclosure by the talent pipeline. */
export interface DisclosureInput {
  studentId: string;
  schoolId: string;
  recipient: { kind: DisclosureRecipientKind; id: string };
  fields: string[];
  basis: { kind: DisclosureBasisKind; consentId?: string; agreementId?: string };
  channel: DisclosureChannel;
  purpose: string;
  route?: string;
  subscriptionId?: string;
  correlationId?: string;
  /** A stable id makes the entry idempotent (e.g. one per webhook delivery); default a new one. */
  disclosureId?: string;
  disclosedAt?: Date;
}

/** Who asks for a person's ledger: the operator, or the student's own school. */
export type LedgerReader = { kind: 'operator'; operatorId: string } | { kind: 'school'; schoolId: string };

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
  async studentProfileFor(enterpriseId: string, studentId: string, correlationId: string): Promise<StudentProfile> {
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
    // From an erasure's first step on, nothing new about the student leaves the service (ADR 0037,
    // session 34), though the consent is still in force until the erasure sweeps it.
    if (!student || student.erasureStartedAt) throw new ProblemException(404, 'student not found');
    const { profile, fields } = disclosableProfileOf(student);
    await this.ledger.append(
      documentOf({
        studentId,
        schoolId: student.schoolId,
        recipient: { kind: 'enterprise', id: enterpriseId },
        fields,
        basis: { kind: 'consent', consentId: consent._id },
        channel: 'api',
        purpose: PROFILE_DISCLOSURE_PURPOSE,
        route: PROFILE_ROUTE,
        correlationId,
      }),
    );
    return profile;
  }

  /**
   * Records disclosures the caller is about to make, in one write; resolves once stored, so
   * a caller that awaits it before answering never discloses unrecorded data.
   */
  async record(entries: DisclosureInput[]): Promise<void> {
    await this.ledger.appendMany(entries.map(documentOf));
  }

  /** Records a disclosure with a stable id once (a webhook delivery retried, say). */
  recordOnce(entry: DisclosureInput & { disclosureId: string }): Promise<boolean> {
    return this.ledger.appendOnce(documentOf(entry));
  }

  /** `recordOnce` for many, in one write. */
  recordEachOnce(entries: (DisclosureInput & { disclosureId: string })[]): Promise<void> {
    return this.ledger.appendEachOnce(entries.map(documentOf));
  }

  /**
   * Stores a disclosure another service announced on `privacy.disclosure.v1`, under its
   * disclosure id: a redelivered event changes nothing. Returns whether it was new.
   */
  gather(data: EventData<typeof DisclosureRecorded>, eventId: string): Promise<boolean> {
    return this.ledger.appendOnce({
      _id: data.disclosureId,
      studentId: data.personId,
      personKind: data.personKind,
      schoolId: data.schoolId,
      service: data.service,
      recipient: { kind: data.recipient.kind, id: data.recipient.id },
      fields: data.fields,
      basis: { kind: data.basis.kind, ...optional('consentId', data.basis.consentId), ...optional('agreementId', data.basis.agreementId) },
      channel: data.channel,
      purpose: data.purpose,
      disclosedAt: new Date(data.disclosedAt),
      correlationId: eventId,
      gatheredAt: new Date(),
    });
  }

  /**
   * The operator's view of a student's ledger, newest first. It outlives the student record:
   * after an erasure the entries stay as the proof of who received what.
   */
  async listForStudent(studentId: string): Promise<LedgerEntry[]> {
    const entries = await this.ledger.listForStudent(studentId);
    if (entries.length === 0 && !(await this.students.findById(studentId))) throw new ProblemException(404, 'student not found');
    return entries.map(ledgerEntryOf);
  }

  /**
   * The person's whole ledger across the three services, oldest first, for a data subject
   * access request. A school reads only its own students' (another school's: 404). Handing
   * the ledger out is itself a disclosure (channel `export`), recorded before the answer and
   * included in it.
   */
  async exportFor(personId: string, reader: LedgerReader, correlationId: string): Promise<LedgerEntry[]> {
    const student = await this.students.findById(personId);
    const entries = await this.ledger.allForPerson(personId);
    // An erased student has no record any more; the ledger still names their school, the newest
    // entry the last one (a student may have moved to another school, ADR 0088).
    const schoolId = student?.schoolId ?? entries.at(-1)?.schoolId;
    if (!schoolId || (reader.kind === 'school' && schoolId !== reader.schoolId)) {
      throw new ProblemException(
        404,
        'student not found',
        `no student and no ledger for ${personId}${reader.kind === 'school' ? ' at this school' : ''}`,
      );
    }
    const exported = documentOf({
      studentId: personId,
      schoolId,
      recipient: reader.kind === 'school' ? { kind: 'school', id: reader.schoolId } : { kind: 'operator', id: reader.operatorId },
      fields: ['disclosure-ledger'],
      basis: reader.kind === 'school' ? { kind: 'own-school' } : { kind: 'legal-obligation' },
      channel: 'export',
      purpose: 'data subject access request',
      route:
        reader.kind === 'school'
          ? 'GET /v1/schools/{schoolId}/students/{studentId}/disclosures/export'
          : 'GET /v1/students/{studentId}/disclosures/export',
      correlationId,
    });
    await this.ledger.append(exported);
    return [...entries, exported].map(ledgerEntryOf);
  }
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}

function documentOf(input: DisclosureInput): DisclosureDocument {
  return {
    _id: input.disclosureId ?? randomUUID(),
    studentId: input.studentId,
    personKind: 'student',
    schoolId: input.schoolId,
    service: 'talent-pipeline',
    recipient: input.recipient,
    fields: input.fields,
    basis: input.basis,
    channel: input.channel,
    purpose: input.purpose,
    ...(input.route ? { route: input.route } : {}),
    ...(input.subscriptionId ? { subscriptionId: input.subscriptionId } : {}),
    disclosedAt: input.disclosedAt ?? new Date(),
    ...(input.correlationId ? { correlationId: input.correlationId } : {}),
  };
}
