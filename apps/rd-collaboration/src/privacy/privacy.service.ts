import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Db } from 'mongodb';
import { ConsentChanged, ErasureRequested, EventData, TeacherHostObjectionChanged } from '@app/contracts';
import { ConcurrencyConflictError, DuplicateKeyError, MONGO_DB } from '@app/persistence';
import { APP_CONFIG, Clock, ProblemException } from '@app/base';
import { RdCollaborationConfig } from '../config/rd-collaboration.config';
import { Principal } from '../access/principal';
import { ConsentCopiesRepository } from './consent-copies.repository';
import { consentInForce } from './domain/consent-in-force';
import { fieldsShown, PeopleView, peopleOf, peopleViewsIn, redactView } from './domain/person-rows';
import { HostViewRule, projectWork, teachersOfFinishedWork, teacherWithheld, withheldTeachers } from './domain/teacher-objection';
import { ErasureDocument, ErasuresRepository } from './erasures.repository';
import { DisclosureEntry, ErasureView } from './privacy.response';
import { ErasureAction, StudentDataHolder } from './student-data-holder';
import { TeacherObjectionCopiesRepository } from './teacher-objection-copies.repository';
import { AccessLogService, Disclosure, DisclosureLedgerRepository, disclosureRecordedEvent, erasureConfirmationOf } from '@app/platform';
import { RD_COLLABORATION_SOURCE } from '../shared/event-source';

const SERVICE = 'rd-collaboration' as const;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
/** The consent purpose that lets an enterprise see a student of an R&D project or proposal. */
export const RD_CONSENT_PURPOSE = 'rd-project' as const;

/** A person whose personal fields a read would show to an enterprise. */
const TEACHERS: ReadonlySet<PersonShown['personKind']> = new Set(['teacher']);
const TEACHERS_AND_STUDENTS: ReadonlySet<PersonShown['personKind']> = new Set(['teacher', 'student']);

/** The items of `views` mapped and gathered per key, in first-seen order. */
function groupBy<V, T>(views: V[], keyOf: (view: V) => string, itemsOf: (view: V) => T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const view of views) groups.set(keyOf(view), [...(groups.get(keyOf(view)) ?? []), ...itemsOf(view)]);
  return groups;
}

export interface PersonShown {
  personId: string;
  personKind: 'student' | 'teacher';
  schoolId: string;
  fields: string[];
  /** For teachers (basis `agreement`): the R&D project, which is the agreement they work under. */
  agreementId?: string;
}

/**
 * Privacy inside rd-collaboration (ADR 0041): copies of students' consents, the check at every
 * disclosure to an enterprise, the local disclosure ledger (each entry published as
 * privacy.disclosure.recorded.v1 through its outbox), and erasure of a student in every store.
 */
@Injectable()
export class PrivacyService {
  private readonly holders: Array<{ name: string; holder: StudentDataHolder }> = [];

  constructor(
    private readonly consents: ConsentCopiesRepository,
    private readonly teacherObjections: TeacherObjectionCopiesRepository,
    private readonly ledger: DisclosureLedgerRepository,
    private readonly erasures: ErasuresRepository,
    @Inject(MONGO_DB) private readonly db: Db,
    private readonly accessLog: AccessLogService,
    @Inject(APP_CONFIG) private readonly config: RdCollaborationConfig,
    private readonly clock: Clock,
  ) {
    this.registerStudentData('privacy', this.ownStores());
  }

  /** Features that keep a student's data register here at module init; erasure visits each, in name order. */
  registerStudentData(name: string, holder: StudentDataHolder): void {
    this.holders.push({ name, holder });
    this.holders.sort((a, b) => a.name.localeCompare(b.name));
  }

  /** A consent change of an erased student (late, or replayed) is not copied again. */
  async saveConsent(change: EventData<typeof ConsentChanged>) {
    const saved = await this.saveUnlessErased(
      change.studentId,
      () => this.consents.save(change),
      () => this.consents.remove(change.consentId),
    );
    return saved ?? 'erased';
  }

  /**
   * A teacher's host objection filed or withdrawn (ADR 0077): the newest change is kept, a
   * redelivery or an older change arriving late changes nothing.
   */
  saveTeacherObjection(change: EventData<typeof TeacherHostObjectionChanged>): Promise<'saved' | 'stale'> {
    return this.teacherObjections.save(change);
  }

  /**
   * For one teacher's rows in these projects (the teacher trail), whether an enterprise is
   * answered without them (ADR 0077): the rule of `present`. The objection copy is read only when
   * some project is closed.
   */
  async teacherWithheldInProjects(teacherId: string, projects: Array<Parameters<typeof projectWork>[0]>): Promise<boolean[]> {
    const works = projects.map(projectWork);
    const objecting = works.some((w) => w.finished) && (await this.teacherObjections.objectingAmong([teacherId])).has(teacherId);
    const rule = this.hostViewRule();
    return works.map((work) => teacherWithheld(work, objecting, rule));
  }

  /** A consent's tombstone (the student was erased): its copy is deleted. */
  async forgetConsent(consentId: string): Promise<void> {
    await this.consents.remove(consentId);
  }

  /**
   * True once an erasure request for this person reached the service: copies built from events
   * that arrive later (a service that was down, a replay) must not bring the person back.
   */
  wasErased(personId: string): Promise<boolean> {
    return this.erasures.erased(sha256(personId));
  }

  /**
   * Writes a copy of the person's data unless they were erased; undefined when they were. The
   * erasure may run concurrently (another partition), so a check before the write alone could
   * pass just before the erasure and the write re-create a copy after its deletes, held for good.
   * Hence the second check after the write, undoing it when the person was erased meanwhile: the
   * erasure stores its record before it deletes, so either this check sees the record, or the
   * erasure's deletes run after the write and remove the copy. No lock needed.
   */
  async saveUnlessErased<T>(personId: string, write: () => Promise<T>, undo: () => Promise<unknown>): Promise<T | undefined> {
    if (await this.wasErased(personId)) return undefined;
    const saved = await write();
    if (!(await this.wasErased(personId))) return saved;
    await undo();
    return undefined;
  }

  /**
   * Of the people a read would show an enterprise, those it may see: teachers (basis
   * `agreement`) and students with an `rd-project` consent for this enterprise in force now.
   * Records one ledger entry per person shown (one insert for the whole read).
   */
  async discloseToEnterprise(enterpriseId: string, people: PersonShown[], purpose: string, correlationid?: string): Promise<Set<string>> {
    const students = [...new Set(people.filter((p) => p.personKind === 'student').map((p) => p.personId))];
    const consentOf = new Map<string, string>();
    if (students.length > 0) {
      const now = new Date();
      for (const c of await this.consents.forEnterprise(enterpriseId, RD_CONSENT_PURPOSE, students)) {
        if (consentInForce(c, now)) consentOf.set(c.studentId, c.consentId);
      }
    }
    const shown = new Map<string, PersonShown>();
    for (const person of people) {
      if (person.personKind === 'student' && !consentOf.has(person.personId)) continue;
      const earlier = shown.get(person.personId);
      shown.set(person.personId, earlier ? { ...earlier, fields: [...new Set([...earlier.fields, ...person.fields])] } : person);
    }
    const disclosedAt = new Date().toISOString();
    const entries: Disclosure[] = [...shown.values()].map((p) => ({
      disclosureId: randomUUID(),
      personId: p.personId,
      personKind: p.personKind,
      schoolId: p.schoolId,
      service: SERVICE,
      recipient: { kind: 'enterprise', id: enterpriseId },
      fields: p.fields,
      basis:
        p.personKind === 'student'
          ? { kind: 'consent', consentId: consentOf.get(p.personId)! }
          : { kind: 'agreement', ...(p.agreementId ? { agreementId: p.agreementId } : {}) },
      channel: 'api',
      purpose,
      disclosedAt,
    }));
    await this.ledger.record(
      entries.map((entry) => ({ entry, event: disclosureRecordedEvent(RD_COLLABORATION_SOURCE, entry, correlationid) })),
    );
    return new Set(shown.keys());
  }

  /**
   * Redacts, in place, the project and proposal views in a response for its reader, and records
   * what an enterprise was shown. The school sees its own people (basis own-school, not a
   * disclosure to a third party); the operator sees all; a reviewer never sees a student's
   * personal fields (no consent names reviewers). An enterprise, and the reviewers it names, do
   * not see a teacher's row in finished work (a closed project, a finished proposal) while the
   * teacher objects to hosts reading their finished work, nor once it finished more than
   * RD_HOST_VIEW_DAYS ago (ADR 0077): withheld like an unconsented student's, and not recorded
   * as shown.
   */
  async present(principal: Principal, body: unknown, purpose: string, correlationid?: string): Promise<void> {
    const views = peopleViewsIn(body);
    if (views.length === 0 || principal.role === 'operator' || principal.role === 'school') return;
    const withheld = await this.withheldTeachers(views);
    const peopleIn = (view: PeopleView, kinds: ReadonlySet<PersonShown['personKind']>): PersonShown[] =>
      [...peopleOf(view)]
        .filter(([personId, personKind]) => kinds.has(personKind) && !withheld.get(view)!.has(personId))
        .map(([personId, personKind]) => ({
          personId,
          personKind,
          schoolId: view.schoolId,
          fields: fieldsShown(view, personId),
          ...(personKind === 'teacher' && view.participants ? { agreementId: view.id } : {}),
        }));
    if (principal.role === 'reviewer') {
      // A reviewer is staff the enterprise named: the teachers it reads are disclosed to that
      // enterprise, recorded as such with the reviewer in the purpose. Students are never shown.
      for (const [enterpriseId, people] of groupBy(
        views,
        (view) => view.enterpriseId,
        (view) => peopleIn(view, TEACHERS),
      )) {
        if (people.length > 0) {
          await this.discloseToEnterprise(enterpriseId, people, `${purpose}, read by reviewer ${principal.reviewerId}`, correlationid);
        }
      }
      for (const view of views) {
        const kinds = peopleOf(view);
        redactView(view, (id) => kinds.get(id) === 'teacher' && !withheld.get(view)!.has(id));
      }
      return;
    }
    const people = views.flatMap((view) => peopleIn(view, TEACHERS_AND_STUDENTS));
    const shown = await this.discloseToEnterprise(principal.enterpriseId, people, purpose, correlationid);
    // Per view: a teacher withheld in finished work may still be shown in live work of the same list.
    for (const view of views) redactView(view, (id) => shown.has(id) && !withheld.get(view)!.has(id));
  }

  /** Per view, the teachers withheld from an enterprise; the copies of every teacher of finished work in the response in one read. */
  private async withheldTeachers(views: PeopleView[]): Promise<Map<PeopleView, Set<string>>> {
    const objecting = await this.teacherObjections.objectingAmong(teachersOfFinishedWork(views));
    const rule = this.hostViewRule();
    return new Map(views.map((view) => [view, withheldTeachers(view, objecting, rule)]));
  }

  private hostViewRule(): HostViewRule {
    return { today: this.clock.today(), viewDays: this.config.RD_HOST_VIEW_DAYS };
  }

  /** The local ledger of one person (operator): who received which of their fields, when, on what basis. */
  async disclosuresOf(personId: string): Promise<DisclosureEntry[]> {
    const entries = await this.ledger.of(personId);
    return entries.map((e) => ({
      disclosureId: e._id,
      personId: e.personId,
      personKind: e.personKind,
      schoolId: e.schoolId,
      service: e.service,
      recipient: e.recipient,
      fields: e.fields,
      basis: e.basis,
      channel: e.channel,
      purpose: e.purpose,
      disclosedAt: e.disclosedAt,
    }));
  }

  /** What this service did for one erasure request; never the pseudonym, nor the store's own bookkeeping. */
  async erasure(requestId: string): Promise<ErasureView> {
    const doc = await this.erasures.store.findById(requestId);
    if (!doc) throw new ProblemException(404, 'erasure not found', `no erasure request ${requestId} reached this service`);
    return {
      requestId: doc._id,
      personIdSha256: doc.personIdSha256,
      actions: doc.actions,
      status: doc.status,
      receivedAt: doc.receivedAt,
      ...(doc.confirmation ? { confirmation: doc.confirmation } : {}),
    };
  }

  /**
   * Erases or pseudonymises the student in every store, then confirms through the outbox. The
   * survey is stored before anything is erased, so a rerun after a crash confirms the same
   * counts; a redelivery after the confirmation changes nothing and queues the same
   * confirmation (same event id) again.
   */
  async erase(request: EventData<typeof ErasureRequested>, correlationid?: string): Promise<void> {
    let doc = await this.erasures.store.findById(request.requestId);
    if (!doc) {
      const actions: ErasureAction[] = [];
      for (const { holder } of this.holders) actions.push(...(await holder.survey(request.personId)));
      try {
        await this.erasures.store.insert({
          _id: request.requestId,
          personIdSha256: sha256(request.personId),
          pseudonym: `erased-${randomUUID()}`,
          actions,
          status: 'erasing',
          receivedAt: new Date().toISOString(),
        });
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
      doc = (await this.erasures.store.findById(request.requestId))!;
    }
    if (doc.status === 'confirmed') {
      await this.erasures.store.update(doc, {}, [this.confirmation(request, doc, correlationid)]);
      return;
    }
    for (const { holder } of this.holders) await holder.erase(request.personId, doc.pseudonym, request.requestId);
    const confirmed: ErasureDocument = {
      ...doc,
      status: 'confirmed',
      confirmation: { eventId: randomUUID(), confirmedAt: new Date().toISOString() },
    };
    try {
      await this.erasures.store.update(doc, { status: 'confirmed', confirmation: confirmed.confirmation }, [
        this.confirmation(request, confirmed, correlationid),
      ]);
    } catch (error) {
      // A concurrent delivery confirmed first; its confirmation is already queued.
      if (!(error instanceof ConcurrencyConflictError)) throw error;
    }
  }

  private confirmation(request: EventData<typeof ErasureRequested>, doc: ErasureDocument, correlationid?: string) {
    return erasureConfirmationOf(RD_COLLABORATION_SOURCE, SERVICE, request, doc, correlationid);
  }

  /** This feature's own stores: consent copies, the ledger, and records the relay parked. */
  private ownStores(): StudentDataHolder {
    const parked = this.db.collection<{ _id: string; key: string }>('outbox_parked');
    return {
      survey: async (studentId) => [
        {
          store: 'consent_copies',
          ...(await this.count(this.consents.consents.countDocuments({ studentId }), 'erased')),
          fields: ['studentId', 'schoolId', 'enterpriseId', 'purpose', 'grantedAt', 'expiresAt', 'withdrawnAt'],
        },
        {
          store: 'disclosures',
          ...(await this.count(this.ledger.entries.countDocuments({ personId: studentId }), 'kept-anonymised')),
          fields: ['personId'],
        },
        { store: 'outbox_parked', ...(await this.count(parked.countDocuments({ key: studentId }), 'erased')), fields: ['event'] },
        {
          store: 'operator_access_log',
          ...(await this.count(this.accessLog.countForStudent(studentId), 'pseudonymised')),
          fields: ['studentIds', 'path'],
        },
      ],
      erase: async (studentId, pseudonym) => {
        await this.consents.consents.deleteMany({ studentId });
        // The ledger is the proof of past disclosures (FERPA 99.32): kept, with the person replaced by the pseudonym.
        await this.ledger.entries.updateMany({ personId: studentId }, { $set: { personId: pseudonym } });
        await parked.deleteMany({ key: studentId });
        // Who read what stays provable (GDPR Art. 5(2)), about the pseudonym.
        await this.accessLog.replaceStudentId(studentId, pseudonym);
      },
    };
  }

  private async count(counting: Promise<number>, action: ErasureAction['action']) {
    const records = await counting;
    return { action: records > 0 ? action : ('none-held' as const), records };
  }
}
