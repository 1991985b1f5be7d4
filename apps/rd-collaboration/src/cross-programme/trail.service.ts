import { Injectable } from '@nestjs/common';
import { ProblemException } from '@app/base';
import { Principal } from '../access/principal';
import { PersonCopiesService } from '../person-copies/person-copies.service';
import { PrivacyService } from '../privacy/privacy.service';
import { ProjectsService } from '../projects/projects.service';
import { StudentTrail, TeacherTrail } from './trail.response';

type Participation = Awaited<ReturnType<ProjectsService['participationsOf']>>[number];

/**
 * One person across the three programmes, answered from this service's own data and the copies
 * it keeps of the other services' events: student -> R&D project -> placement -> hire, and
 * teacher -> R&D project -> secondment -> credential.
 */
@Injectable()
export class TrailService {
  constructor(
    private readonly projects: ProjectsService,
    private readonly people: PersonCopiesService,
    private readonly privacy: PrivacyService,
  ) {}

  /**
   * An enterprise sees the student's role in its projects only under an `rd-project` consent in
   * force now (each such read is a ledger entry); otherwise the projects are listed without it.
   * The placements are the enterprise's own facts.
   */
  async student(principal: Principal, studentId: string, correlationid?: string): Promise<StudentTrail> {
    const participations = this.visible(principal, await this.projects.participationsOf(studentId), 'student', studentId);
    const shown =
      principal.role !== 'enterprise' ||
      (
        await this.privacy.discloseToEnterprise(
          principal.enterpriseId,
          [{ personId: studentId, personKind: 'student', schoolId: participations[0].project.schoolId, fields: ['role', 'joinedAt'] }],
          'GET /v1/trails/students/{studentId}',
          correlationid,
        )
      ).has(studentId);
    const placements = await this.people.placementsOf(studentId);
    const projects = participations.map(({ project, participant }): StudentTrail['projects'][number] => {
      // The project's own pair: a placement from another school is not this participation's (nor the caller's).
      const atEnterprise = placements.filter((p) => p.enterpriseId === project.enterpriseId && p.schoolId === project.schoolId);
      return {
        projectId: project._id,
        title: project.title,
        enterpriseId: project.enterpriseId,
        schoolId: project.schoolId,
        ...(shown ? { role: participant.role, joinedAt: participant.joinedAt } : { redacted: true }),
        placements: atEnterprise,
        // As the project records it: a hire that arrived while the student took part (ADR 0030).
        ledToHire: project.placementLinks.some((l) => l.studentId === studentId && l.ledToHire),
      };
    });
    return {
      personId: studentId,
      kind: 'student',
      projects,
      hired: projects.some((p) => p.ledToHire),
      path: projects.flatMap((p) =>
        p.placements.map((pl) => ({ project: p.title, placementId: pl.placementId, placementStatus: pl.status, hire: pl.hire })),
      ),
    };
  }

  /**
   * A teacher's trail read by an enterprise is a disclosure under the project agreement (a ledger
   * entry). While the teacher objects to hosts reading their finished work, or once it closed
   * more than RD_HOST_VIEW_DAYS ago (ADR 0077), a closed project is listed without their role, as in the project's own view; the ledger then names
   * the role only if an active project still shows it.
   */
  async teacher(principal: Principal, teacherId: string, correlationid?: string): Promise<TeacherTrail> {
    const participations = this.visible(principal, await this.projects.participationsOf(teacherId), 'teacher', teacherId);
    const withheldIn =
      principal.role === 'enterprise'
        ? await this.privacy.teacherWithheldInProjects(
            teacherId,
            participations.map(({ project }) => project),
          )
        : participations.map(() => false);
    const withheldProjects = new Set(participations.filter((_, i) => withheldIn[i]).map(({ project }) => project._id));
    const withheld = (project: Participation['project']) => withheldProjects.has(project._id);
    if (principal.role === 'enterprise') {
      const roleShownIn = participations.find(({ project }) => !withheld(project));
      await this.privacy.discloseToEnterprise(
        principal.enterpriseId,
        [
          {
            personId: teacherId,
            personKind: 'teacher',
            schoolId: participations[0].project.schoolId,
            fields: [...(roleShownIn ? ['role', 'joinedAt'] : []), 'hoursLogged', 'secondments', 'credentials'],
            agreementId: (roleShownIn ?? participations[0]).project._id,
          },
        ],
        'GET /v1/trails/teachers/{teacherId}',
        correlationid,
      );
    }
    // Only credentials from the schools whose projects the caller sees: a school naming another school's teacher learns none of theirs.
    const schools = [...new Set(participations.map(({ project }) => project.schoolId))];
    const [secondments, credentials] = await Promise.all([
      this.people.secondmentsOf(teacherId),
      this.people.credentialsOf(teacherId, schools),
    ]);
    const projects = participations.map(({ project, participant }) => ({
      projectId: project._id,
      title: project.title,
      enterpriseId: project.enterpriseId,
      schoolId: project.schoolId,
      ...(withheld(project) ? { redacted: true as const } : { role: participant.role, joinedAt: participant.joinedAt }),
      linkedSecondmentId: participant.secondmentId ?? null,
      hoursLogged: project.hours.filter((h) => h.personId === teacherId).reduce((sum, h) => sum + h.hours, 0),
      secondments: secondments.filter((s) => s.enterpriseId === project.enterpriseId && s.schoolId === project.schoolId),
    }));
    return { personId: teacherId, kind: 'teacher', projects, credentials, doubleQualified: credentials.some((c) => c.status === 'issued') };
  }

  /** The operator sees every participation; a school or an enterprise only those in its own projects. Nothing visible: 404. */
  private visible(principal: Principal, all: Participation[], kind: 'teacher' | 'student', personId: string): Participation[] {
    const own = all.filter(
      ({ project, participant }) =>
        participant.kind === kind &&
        (principal.role === 'operator' ||
          (principal.role === 'school' && project.schoolId === principal.schoolId) ||
          (principal.role === 'enterprise' && project.enterpriseId === principal.enterpriseId)),
    );
    if (own.length === 0) throw new ProblemException(404, 'no trail', `no R&D participation of ${kind} ${personId} visible to you`);
    return own;
  }
}
