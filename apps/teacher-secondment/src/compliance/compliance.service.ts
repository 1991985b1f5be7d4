import { Inject, Injectable } from '@nestjs/common';
import { dedupeKeyOf, EventOf, RdHoursLogged, RdParticipationWithdrawn, TeacherComplianceChanged, Topics } from '@app/contracts';
import { newCloudEvent } from '@app/messaging';
import { APP_CONFIG, ProblemException, Clock } from '@app/base';
import { Principal } from '../access/principal';
import { TeacherSecondmentConfig } from '../config/teacher-secondment.config';
import { addDays } from '../shared/calendar-date';
import { SECONDMENT_SOURCE } from '../shared/event-source';
import { PracticeSignal } from '../shared/practice-signal';
import { NO_PRACTICE, practiceRecord, TeacherPractice } from '../shared/practice-record';
import { ComplianceSnapshot, RdHoursEntry, SchoolTeacher, SchoolTeacherListing, TeacherDocument } from '../teachers/teacher.document';
import { TeachersService } from '../teachers/teachers.service';
import { assessCompliance, ComplianceAnswer, complianceOn } from './domain/compliance-engine';
import { RuleSet } from './domain/rule-set';
import { LapsingTeachers, RdHoursBackfill } from './compliance.response';
import { RdHoursRepository } from './rd-hours.repository';
import { RuleSetsRepository } from './rule-sets.repository';

/** Compliance on one date without the lapse date and what is needed (`complianceOn`). */
export type ComplianceStatus = Omit<ComplianceAnswer, 'lapsesOn' | 'needed'>;

/** A teacher's compliance and the practice it was judged on (the credentials reuse both). */
export interface TeacherStanding {
  teacher: TeacherDocument;
  answer: ComplianceAnswer;
  practice: TeacherPractice;
  ruleSet: RuleSet | null;
}

@Injectable()
export class ComplianceService {
  constructor(
    private readonly ruleSets: RuleSetsRepository,
    private readonly rdHours: RdHoursRepository,
    private readonly teachers: TeachersService,
    private readonly signal: PracticeSignal,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: TeacherSecondmentConfig,
  ) {}

  /** Compliance of a teacher the principal may see, on any past or future date (default: the clock's today). */
  async forPrincipal(principal: Principal, teacherId: string, asOf?: string): Promise<ComplianceAnswer> {
    const teacher = await this.teachers.get(principal, teacherId);
    return (await this.standing(teacher, asOf ?? this.clock.today())).answer;
  }

  /** The teacher judged on `asOf` from the practice and R&D hours kept on the teacher document (no other reads). */
  async standing(teacher: TeacherDocument, asOf: string = this.clock.today()): Promise<TeacherStanding> {
    return this.judge(teacher, await this.ruleSets.all(), asOf);
  }

  /** `standing` with every rule set already read: synchronous, so it can judge the teacher a write has just read. */
  private judge(teacher: TeacherDocument, all: RuleSet[], asOf: string): TeacherStanding {
    const ruleSets = this.pickRuleSets(all, teacher.jurisdiction);
    const practice = teacher.practice ?? NO_PRACTICE;
    const answer = assessCompliance(teacher, recordOf(teacher), ruleSets, asOf);
    const ruleSet = ruleSets.find((r) => r.id === answer.ruleSetId && r.version === answer.ruleSetVersion) ?? null;
    return { teacher, answer, practice, ruleSet };
  }

  /**
   * Answers for every teacher of a school on each of `asOfs`, and the compliance alone (no lapse
   * date, no "needed": the bisection that finds them is most of the engine's work) on each of
   * `statusOn`: one read of the school's teachers (each carries its practice; by primary key
   * from the school's roster) and the engine in memory.
   */
  async schoolAnswers(
    schoolId: string,
    asOfs: string[],
    statusOn: string[] = [],
  ): Promise<{ teacher: SchoolTeacherListing; answers: ComplianceAnswer[]; statuses: ComplianceStatus[] }[]> {
    const [pages, all] = await Promise.all([this.teachers.pagesOfSchool(schoolId), this.ruleSets.all()]);
    const judged: { teacher: SchoolTeacherListing; answers: ComplianceAnswer[]; statuses: ComplianceStatus[] }[] = [];
    for await (const page of pages) {
      for (const teacher of page) {
        const record = recordOf(teacher);
        const ruleSets = this.pickRuleSets(all, teacher.jurisdiction);
        // The practice copy (hundreds of dated entries per teacher) is judged here and not kept.
        const { practice: _practice, rdHours: _rdHours, ...listing } = teacher;
        judged.push({
          teacher: listing,
          answers: asOfs.map((asOf) => assessCompliance(teacher, record, ruleSets, asOf)),
          statuses: statusOn.map((asOf) => complianceOn(teacher, record, ruleSets, asOf)),
        });
      }
    }
    return judged;
  }

  /**
   * Judges the teacher for today (the clock's) and, when the answer changed, stores it and queues
   * teacher.compliance.changed.v1 in the same write.
   */
  async recompute(teacherId: string): Promise<TeacherStanding | null> {
    const found = await this.teachers.findById(teacherId);
    if (!found) return null;
    await this.copyStoredRdHoursIfAwaited(found);
    const [all, today] = [await this.ruleSets.all(), this.clock.today()];
    let standing: TeacherStanding | null = null;
    await this.teachers.recordCompliance(teacherId, (current) => {
      // Judged from the teacher as this (versioned) write reads it, not from an earlier read: a practice
      // change landing in between, judged and stored by its own recompute, is never overwritten by an older answer.
      const judged = this.judge(current, all, today);
      standing = judged;
      const snapshot = snapshotOf(judged.answer);
      if (current.compliance && sameAnswer(current.compliance, snapshot)) return null;
      const now = this.clock.now();
      const event = newCloudEvent(TeacherComplianceChanged, {
        source: SECONDMENT_SOURCE,
        subject: `teachers/${teacherId}`,
        time: now,
        data: { teacherId, schoolId: current.schoolId, ...snapshot, occurredAt: now.toISOString() },
      });
      return { snapshot, events: [{ id: event.id, topic: Topics.teacherCompliance, key: teacherId, event }] };
    });
    return standing;
  }

  /** Teachers of a school who are not compliant, or lapse within `withinDays` from today if nothing new is credited. */
  async lapsing(principal: Principal, schoolId: string, withinDays: number): Promise<LapsingTeachers> {
    if (principal.role === 'school' && principal.schoolId !== schoolId) throw new ProblemException(404, 'school not found');
    if (principal.role === 'enterprise' || principal.role === 'teacher') throw new ProblemException(403, 'forbidden');
    const today = this.clock.today();
    const horizon = addDays(today, withinDays);
    const items = (await this.schoolAnswers(schoolId, [today]))
      .filter(
        ({ answers: [answer] }) => answer.applicable && (!answer.compliant || (answer.lapsesOn !== null && answer.lapsesOn <= horizon)),
      )
      .map(({ teacher, answers: [answer] }) => ({
        teacherId: teacher._id,
        displayName: teacher.displayName,
        compliant: answer.compliant,
        lapsesOn: answer.lapsesOn,
        needed: answer.needed,
      }));
    return { schoolId, asOf: today, withinDays, items: items.sort((a, b) => (a.lapsesOn ?? '0000').localeCompare(b.lapsesOn ?? '0000')) };
  }

  /**
   * Credits R&D hours once per entryId and tells the recompute. Hours of a teacher not registered
   * yet are kept in rd_hours; registration's first recompute credits them (copyStoredRdHoursIfAwaited).
   */
  async creditRdHours(event: EventOf<typeof RdHoursLogged>): Promise<void> {
    const data = event.data;
    // Withdrawn with a participation entered in error: a replay or a late delivery credits nothing.
    if (await this.rdHours.isWithdrawn(data.entryId)) return;
    const isNew = await this.rdHours.insertIfNew({
      _id: data.entryId,
      teacherId: data.teacherId,
      schoolId: data.schoolId,
      enterpriseId: data.enterpriseId,
      projectId: data.projectId,
      date: data.date,
      hours: data.hours,
      activity: data.activity,
      fromEvent: dedupeKeyOf(event),
      receivedAt: new Date(),
    });
    const entry: RdHoursEntry = { entryId: data.entryId, projectId: data.projectId, date: data.date, hours: data.hours };
    // The teacher's copy has its own entryId check: a retry after a crash between the two writes still adds it once.
    // Only hours logged for the teacher's own school are credited (as at registration and by the backfill); another
    // school's stay in rd_hours, counted by the backfill as `entriesOfOtherSchools`.
    let added = await this.teachers.recordRdHours(data.teacherId, data.schoolId, entry);
    if (!added) {
      // Not added and no teacher: kept for the registration (marked first, then looked for again, so a registration in between is not missed).
      if (!(await this.teachers.findById(data.teacherId))) {
        await this.rdHours.markAwaitingTeacher(data.teacherId);
        if (await this.teachers.findById(data.teacherId)) this.signal.changed(data.teacherId);
        return;
      }
      // A teacher now: registered between the write and the look (with no marker, so its registration copied nothing),
      // or having it already, or of another school. Credited now in the first case; once per entryId in the others.
      added = await this.teachers.recordRdHours(data.teacherId, data.schoolId, entry);
    }
    if (isNew || added) this.signal.changed(data.teacherId);
  }

  /**
   * A teacher's R&D participation withdrawn (ADR 0082, withdrawals): entered in error, the hours
   * logged on it were never the teacher's, so exactly those entries stop counting and the teacher's
   * compliance is recomputed (which may lapse a credential). A teacher who left the project did
   * the work: their hours stand, as do a student's (none are published).
   */
  async withdrawRdParticipation(event: EventOf<typeof RdParticipationWithdrawn>): Promise<void> {
    const data = event.data;
    if (data.participantKind !== 'teacher' || data.reason !== 'entered-in-error' || !data.hoursEntryIds.length) return;
    await this.rdHours.withdraw(data.hoursEntryIds, this.clock.now());
    if (await this.teachers.removeRdHoursEntries(data.personId, data.hoursEntryIds)) this.signal.changed(data.personId);
  }

  /**
   * Operator backfill for R&D hours stranded before registration crediting existed: hours that
   * arrived for a teacher id not registered yet were stored in rd_hours but never copied onto the
   * teacher, and no marker says so. For every teacher id in rd_hours: a registered teacher gets
   * the entries of their own school they lack (once per entryId, so running it again adds
   * nothing) and a recompute (compliance event, credential); an id still unregistered is marked,
   * so its registration credits them as new hours are. Entries logged for another school than the
   * teacher's are left out, as at registration.
   */
  async backfillStrandedRdHours(): Promise<RdHoursBackfill> {
    const result: RdHoursBackfill = {
      teachersScanned: 0,
      teachersCredited: 0,
      entriesCredited: 0,
      entriesOfOtherSchools: 0,
      teachersAwaitingRegistration: 0,
    };
    for (const teacherId of await this.rdHours.teacherIds()) {
      result.teachersScanned++;
      const teacher = await this.teachers.findById(teacherId);
      if (!teacher) {
        await this.rdHours.markAwaitingTeacher(teacherId);
        result.teachersAwaitingRegistration++;
        continue;
      }
      const { added, otherSchools } = await this.copyStoredRdHours(teacher);
      result.entriesOfOtherSchools += otherSchools;
      if (added) {
        result.teachersCredited++;
        result.entriesCredited += added;
        this.signal.changed(teacherId);
      }
    }
    return result;
  }

  /**
   * Copies onto the teacher the R&D hours that arrived before the teacher was registered
   * (creditRdHours found no teacher and marked the id): only hours logged for the teacher's own
   * school, once per entryId. Unmarked teachers cost one lookup in the small marker collection.
   */
  private async copyStoredRdHoursIfAwaited(teacher: TeacherDocument): Promise<void> {
    if (!(await this.rdHours.isAwaitingTeacher(teacher._id))) return;
    await this.copyStoredRdHours(teacher);
    await this.rdHours.clearAwaitingTeacher(teacher._id);
  }

  /**
   * Copies onto the registered teacher the R&D hours stored for their id that they lack: their own
   * school's only, once per entryId, a page at a time (all of them, however many). Never a withdrawn
   * entry: withdrawn ids are skipped, and any a withdrawal recorded while this copied (it removes
   * from the teacher only what it finds there, and this runs beside the consumer: a recompute, the
   * backfill) are taken off again after the write. Returns how many were added and how many
   * stored entries were of another school.
   */
  private async copyStoredRdHours(teacher: TeacherDocument): Promise<{ added: number; otherSchools: number }> {
    const known = new Set((teacher.rdHours ?? []).map((entry) => entry.entryId));
    let added = 0;
    let otherSchools = 0;
    for await (const page of this.rdHours.pagesOfTeacher(teacher._id)) {
      const lacking = page.filter((stored) => !known.has(stored._id));
      const ownSchool = lacking.filter((stored) => stored.schoolId === teacher.schoolId);
      otherSchools += lacking.length - ownSchool.length;
      const withdrawn = new Set(await this.rdHours.withdrawnAmong(ownSchool.map((stored) => stored._id)));
      const entries = ownSchool
        .filter((stored) => !withdrawn.has(stored._id))
        .map((stored): RdHoursEntry => ({ entryId: stored._id, projectId: stored.projectId, date: stored.date, hours: stored.hours }));
      if (!entries.length) continue;
      added += await this.teachers.recordRdHoursEntries(teacher._id, teacher.schoolId, entries);
      const withdrawnMeanwhile = await this.rdHours.withdrawnAmong(entries.map((entry) => entry.entryId));
      if (withdrawnMeanwhile.length) added -= await this.teachers.removeRdHoursEntries(teacher._id, withdrawnMeanwhile);
    }
    return { added, otherSchools };
  }

  listRuleSets(): Promise<RuleSet[]> {
    return this.ruleSets.all();
  }

  /**
   * Publishes a new version. Earlier answers are never rewritten: a new version of a known
   * jurisdiction takes effect today or later, and only a higher version number is accepted.
   */
  async publishRuleSet(ruleSet: RuleSet): Promise<RuleSet> {
    const all = await this.ruleSets.all();
    const sameId = all.filter((r) => r.id === ruleSet.id);
    const sameJurisdiction = all.filter((r) => r.jurisdiction === ruleSet.jurisdiction);
    if (sameId.some((r) => r.jurisdiction !== ruleSet.jurisdiction)) {
      throw new ProblemException(422, 'jurisdiction mismatch', `rule set ${ruleSet.id} belongs to another jurisdiction`, [
        { field: 'jurisdiction', message: 'must match earlier versions' },
      ]);
    }
    const latest = Math.max(0, ...sameId.map((r) => r.version));
    if (ruleSet.version <= latest) {
      throw new ProblemException(409, 'version exists', `version ${latest} of ${ruleSet.id} exists; publish version ${latest + 1}`, [
        { field: 'version', message: `must be greater than ${latest}` },
      ]);
    }
    const today = this.clock.today();
    if (sameJurisdiction.length && ruleSet.effectiveFrom < today) {
      throw new ProblemException(422, 'retroactive rule', 'a rule change takes effect today or later; earlier answers are not rewritten', [
        { field: 'effectiveFrom', message: `must be on or after ${today}` },
      ]);
    }
    if (!(await this.ruleSets.insert(ruleSet))) throw new ProblemException(409, 'version exists');
    this.signal.rulesChanged();
    return ruleSet;
  }

  /** The versions of the teacher's jurisdiction, or of the default jurisdiction when it has none. */
  private async ruleSetsFor(jurisdiction: string): Promise<RuleSet[]> {
    return this.pickRuleSets(await this.ruleSets.all(), jurisdiction);
  }

  private pickRuleSets(all: RuleSet[], jurisdiction: string): RuleSet[] {
    const own = all.filter((r) => r.jurisdiction === jurisdiction);
    return own.length ? own : all.filter((r) => r.jurisdiction === this.config.DEFAULT_JURISDICTION);
  }
}

function recordOf(teacher: Pick<TeacherDocument, 'practice' | 'rdHours'> | SchoolTeacher) {
  const practice = teacher.practice ?? NO_PRACTICE;
  const rd = (teacher.rdHours ?? []).map((entry) => ({
    date: entry.date,
    hours: entry.hours,
    source: 'rd' as const,
    ref: entry.projectId,
  }));
  return practiceRecord([...practice.hours, ...rd], practice.periods);
}

function snapshotOf(answer: ComplianceAnswer): ComplianceSnapshot {
  return {
    compliant: answer.compliant,
    asOf: answer.asOf,
    creditedDays: answer.credited.total,
    requiredDays: answer.requiredDays,
    lapsesOn: answer.lapsesOn,
    ruleSetId: answer.ruleSetId,
    ruleSetVersion: answer.ruleSetVersion,
  };
}

/** Changed means something a reader acts on: not merely a new as-of day. */
function sameAnswer(a: ComplianceSnapshot, b: ComplianceSnapshot): boolean {
  return (
    a.compliant === b.compliant &&
    a.creditedDays === b.creditedDays &&
    a.requiredDays === b.requiredDays &&
    a.lapsesOn === b.lapsesOn &&
    a.ruleSetId === b.ruleSetId &&
    a.ruleSetVersion === b.ruleSetVersion
  );
}
