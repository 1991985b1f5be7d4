import { Injectable, OnModuleInit } from '@nestjs/common';
import { PlacementOutcome } from '@app/contracts';
import { PrivacyService } from '../privacy/privacy.service';
import { PersonCopiesRepository } from './person-copies.repository';
import { CredentialCopy, PlacementCopy, SecondmentCopy, SecondmentStep } from './person-copy.documents';
import { CredentialCopyView, PlacementCopyView, SecondmentCopyView } from './person-copy.response';
import { placementStatus, secondmentStatus } from './person-status';

export interface SecondmentFacts {
  secondmentId: string;
  teacherId: string;
  schoolId: string;
  enterpriseId: string;
  postId: string;
  period: { start: string; end: string };
  hoursLogged: number;
  occurredAt: string;
}

const LIVE_SECONDMENT = new Set(['approved', 'started']);

/** The copies of placements, secondments and credentials this service keeps from their owners' events. */
@Injectable()
export class PersonCopiesService implements OnModuleInit {
  constructor(
    private readonly copies: PersonCopiesRepository,
    private readonly privacy: PrivacyService,
  ) {}

  /**
   * Placement copies are keyed by the student: erased outright (the scorecard keeps its own
   * counters, and the projects their pseudonymised placement links). Secondment and credential
   * copies name teachers only.
   */
  onModuleInit(): void {
    this.privacy.registerStudentData('person-copies', {
      survey: async (studentId) => {
        const records = await this.copies.placements.countDocuments({ studentId });
        return [
          {
            store: 'placement_copies',
            action: records > 0 ? 'erased' : 'none-held',
            fields: ['studentId', 'kind', 'role', 'outcomes', 'hire'],
            records,
          },
        ];
      },
      erase: async (studentId) => {
        await this.copies.placements.deleteMany({ studentId });
      },
    });
  }

  /**
   * Saves the outcome and returns the placement as it now stands (status over all outcomes seen).
   * An erased student's outcome (arriving late, or during the erasure) is not copied: the facts of this one event are
   * returned, so the scorecard still counts it anonymously and no project links it.
   */
  async savePlacementOutcome(o: PlacementOutcome) {
    const copy = await this.privacy.saveUnlessErased(
      o.studentId,
      () =>
        this.copies.savePlacement(
          {
            _id: o.placementId,
            studentId: o.studentId,
            schoolId: o.schoolId,
            enterpriseId: o.enterpriseId,
            kind: o.kind,
            role: o.role,
            hire: o.hire,
          },
          o.outcome,
          o.occurredAt,
        ),
      () => this.copies.placements.deleteOne({ _id: o.placementId }),
    );
    if (!copy) {
      return {
        placementId: o.placementId,
        studentId: o.studentId,
        schoolId: o.schoolId,
        enterpriseId: o.enterpriseId,
        status: o.outcome as string,
        hire: o.hire,
      };
    }
    return {
      placementId: copy._id,
      studentId: copy.studentId,
      schoolId: copy.schoolId,
      enterpriseId: copy.enterpriseId,
      status: placementStatus(copy),
      hire: copy.hire,
    };
  }

  saveSecondment(step: SecondmentStep, s: SecondmentFacts): Promise<SecondmentCopy> {
    return this.copies.saveSecondment(
      {
        _id: s.secondmentId,
        teacherId: s.teacherId,
        schoolId: s.schoolId,
        enterpriseId: s.enterpriseId,
        postId: s.postId,
        period: s.period,
        hoursLogged: s.hoursLogged,
      },
      step,
      s.occurredAt,
    );
  }

  saveCredential(copy: CredentialCopy): Promise<void> {
    return this.copies.saveCredential(copy);
  }

  /**
   * The teacher's approved or running secondment from this school at this enterprise, if any: the one a project
   * participation links to (a secondment from another school is that school's, whoever names the teacher).
   */
  async liveSecondment(teacherId: string, enterpriseId: string, schoolId: string): Promise<SecondmentCopy | undefined> {
    const all = await this.copies.secondments.find({ teacherId, enterpriseId, schoolId }).toArray();
    return all.find((s) => LIVE_SECONDMENT.has(secondmentStatus(s)));
  }

  /** The student's most recent placement from this school at this enterprise, if any. */
  async placementAt(studentId: string, enterpriseId: string, schoolId: string): Promise<PlacementCopy | undefined> {
    const all = await this.copies.placements.find({ studentId, enterpriseId, schoolId }).toArray();
    return all.sort((a, b) => (b.outcomes.started ?? '').localeCompare(a.outcomes.started ?? ''))[0];
  }

  async placementsOf(studentId: string): Promise<PlacementCopyView[]> {
    return (await this.copies.placements.find({ studentId }).toArray()).map((p) => ({
      placementId: p._id,
      enterpriseId: p.enterpriseId,
      schoolId: p.schoolId,
      kind: p.kind,
      role: p.role,
      status: placementStatus(p),
      startedAt: p.outcomes.started ?? null,
      hiredAt: p.outcomes.hired ?? null,
      hire: p.hire ?? null,
    }));
  }

  async secondmentsOf(teacherId: string): Promise<SecondmentCopyView[]> {
    return (await this.copies.secondments.find({ teacherId }).toArray()).map((s) => ({
      secondmentId: s._id,
      enterpriseId: s.enterpriseId,
      schoolId: s.schoolId,
      postId: s.postId,
      period: s.period,
      hoursLogged: s.hoursLogged,
      status: secondmentStatus(s),
    }));
  }

  /** The teacher's credentials issued by one of these schools. */
  async credentialsOf(teacherId: string, schoolIds: string[]): Promise<CredentialCopyView[]> {
    return (await this.copies.credentials.find({ teacherId, schoolId: { $in: schoolIds } }).toArray()).map((c) => ({
      credentialId: c._id,
      tier: c.tier,
      issuedAt: c.issuedAt ?? null,
      verifyUrl: c.verifyUrl ?? null,
      status: c.revokedAt ? 'revoked' : 'issued',
      revokedAt: c.revokedAt ?? null,
      revokeReason: c.revokeReason ?? null,
    }));
  }
}
export type { SecondmentStep } from './person-copy.documents';
