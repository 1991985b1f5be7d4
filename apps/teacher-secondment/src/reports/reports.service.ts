import { Injectable } from '@nestjs/common';
import { ProblemException, Clock } from '@app/base';
import { Principal } from '../access/principal';
import { ComplianceService } from '../compliance/compliance.service';
import { PrivacyService } from '../privacy/privacy.service';
import { countersignedHours } from '../secondments/domain/secondment-lifecycle';
import { SecondmentsService } from '../secondments/secondments.service';
import { addDays } from '../shared/calendar-date';
import { EnterpriseReport, SchoolReport } from './reports.response';

@Injectable()
export class ReportsService {
  constructor(
    private readonly compliance: ComplianceService,
    private readonly secondments: SecondmentsService,
    private readonly privacy: PrivacyService,
    private readonly clock: Clock,
  ) {}

  /**
   * A school's teachers: compliance today and on `asOf`, who lapses within `withinDays`, and
   * the countersigned hours each enterprise hosted.
   */
  async school(principal: Principal, schoolId: string, options: { asOf?: string; withinDays: number }): Promise<SchoolReport> {
    if (principal.role === 'school' && principal.schoolId !== schoolId) throw new ProblemException(404, 'school not found');
    const today = this.clock.today();
    const asOf = options.asOf ?? today;
    const horizon = addDays(today, options.withinDays);
    const [answers, hostedByEnterprise] = await Promise.all([
      // Today's whole answer (the lapse date is reported); on asOf only whether compliant and the days credited.
      this.compliance.schoolAnswers(schoolId, [today], [asOf]),
      this.hostedByEnterprise(schoolId),
    ]);
    const teachers = answers.map(({ teacher, answers: [now], statuses: [then] }) => ({
      teacherId: teacher._id,
      displayName: teacher.displayName,
      subject: teacher.subject,
      professionalCourse: teacher.professionalCourse,
      compliantNow: now.compliant,
      creditedDaysNow: now.credited.total,
      requiredDaysNow: now.requiredDays,
      lapsesOn: now.lapsesOn,
      lapsesWithinWindow: now.applicable && (!now.compliant || (now.lapsesOn !== null && now.lapsesOn <= horizon)),
      asOf,
      compliantAsOf: then.compliant,
      creditedDaysAsOf: then.credited.total,
      ruleSetVersionAsOf: then.ruleSetVersion,
    }));
    const applicable = answers.filter(({ answers: [now] }) => now.applicable);
    return {
      schoolId,
      today,
      asOf,
      withinDays: options.withinDays,
      summary: {
        teachers: teachers.length,
        bound: applicable.length,
        compliantNow: applicable.filter(({ answers: [now] }) => now.compliant).length,
        compliantAsOf: applicable.filter(({ statuses: [then] }) => then.compliant).length,
        lapsingWithinWindow: teachers.filter((t) => t.lapsesWithinWindow).length,
      },
      teachers,
      hostedByEnterprise,
    };
  }

  /**
   * The countersigned hours each enterprise hosted for the school's teachers, tallied page by page
   * as the secondments are read: a school with 10,000 secondments holds one page of them, not all
   * (docs/decisions/0056-memory-budget.md).
   */
  private async hostedByEnterprise(schoolId: string) {
    const byEnterprise = new Map<
      string,
      { enterpriseId: string; secondments: number; teachers: Set<string>; countersignedHours: number }
    >();
    for await (const page of await this.secondments.reportPagesOfSchool(schoolId)) {
      for (const s of page) {
        const row = byEnterprise.get(s.enterpriseId) ?? {
          enterpriseId: s.enterpriseId,
          secondments: 0,
          teachers: new Set(),
          countersignedHours: 0,
        };
        row.secondments += 1;
        row.teachers.add(s.teacherId);
        row.countersignedHours += countersignedHours(s);
        byEnterprise.set(s.enterpriseId, row);
      }
    }
    return [...byEnterprise.values()].map((row) => ({ ...row, teachers: row.teachers.size }));
  }

  /** An enterprise's hosting: teachers hosted, hours, and the load of each mentor. */
  async enterprise(principal: Principal, enterpriseId: string, correlationid?: string): Promise<EnterpriseReport> {
    if (principal.role === 'enterprise' && principal.enterpriseId !== enterpriseId) throw new ProblemException(404, 'enterprise not found');
    const secondments = await this.secondments.findForReport({ enterpriseId });
    const teachers = new Map<
      string,
      { teacherId: string; schoolId: string; secondments: number; countersignedHours: number; statuses: Set<string> }
    >();
    const mentors = new Map<
      string,
      { mentor: string; active: number; total: number; countersignedHours: number; logsAwaitingCountersignature: number }
    >();
    for (const s of secondments) {
      const teacher = teachers.get(s.teacherId) ?? {
        teacherId: s.teacherId,
        schoolId: s.schoolId,
        secondments: 0,
        countersignedHours: 0,
        statuses: new Set(),
      };
      teacher.secondments += 1;
      teacher.countersignedHours += countersignedHours(s);
      teacher.statuses.add(s.status);
      teachers.set(s.teacherId, teacher);
      const mentor = mentors.get(s.mentor.name) ?? {
        mentor: s.mentor.name,
        active: 0,
        total: 0,
        countersignedHours: 0,
        logsAwaitingCountersignature: 0,
      };
      mentor.total += 1;
      if (s.status === 'active') mentor.active += 1;
      mentor.countersignedHours += countersignedHours(s);
      mentor.logsAwaitingCountersignature += s.logs.filter((log) => !log.countersignedAt).length;
      mentors.set(s.mentor.name, mentor);
    }
    const rows = [...teachers.values()].map((t) => ({ ...t, statuses: [...t.statuses].sort().join(' ') }));
    if (principal.role === 'enterprise') {
      // Each hosted teacher's secondments, hours and statuses reach the host enterprise: a disclosure under the agreements.
      await this.privacy.discloseToEnterprise(
        enterpriseId,
        rows.map((t) => ({ teacherId: t.teacherId, schoolId: t.schoolId, fields: ['secondments', 'countersignedHours', 'statuses'] })),
        'GET /v1/reports/enterprises/{enterpriseId}',
        correlationid,
      );
    }
    return {
      enterpriseId,
      summary: {
        teachersHosted: teachers.size,
        secondments: secondments.length,
        active: secondments.filter((s) => s.status === 'active').length,
        completed: secondments.filter((s) => s.status === 'completed').length,
        countersignedHours: secondments.reduce((sum, s) => sum + countersignedHours(s), 0),
      },
      teachers: rows,
      mentors: [...mentors.values()].sort((a, b) => b.active - a.active || a.mentor.localeCompare(b.mentor)),
    };
  }
}
