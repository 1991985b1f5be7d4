import { Injectable } from '@nestjs/common';
import { CloudEvent, HrOpenIdentifier, PLATFORM_STUDENT_SCHEME } from '@app/contracts';
import { PlacementsService } from '../placements/placements.service';
import { identifierNames, StudentsService } from '../students/students.service';
import { namesStudentWithoutHrIds, withoutPersonalFields } from './domain/erp-person-erasure';
import { InboxArrival } from './erp-inbox.repository';

/** What an ERP event names: the platform's placement id, the student by HR Open identifiers, or both. */
interface Reference {
  placementId?: string;
  ids: HrOpenIdentifier[];
}

/** The students each event of a request names (by index), and which of them are being or have been erased. */
export interface StudentsNamed {
  named: string[][];
  erasing: Set<string>;
}

/**
 * ERP events about a student whose erasure has started, or is done (ADR 0037, addendum of
 * 2026-12-07): the inbox keeps them without the personal fields the ERP sent. Asked before an
 * event is stored and, for the students found not erased then, again after: an erasure that
 * marked the student in between swept the inbox before the event went in.
 */
@Injectable()
export class ErpEventsAboutErasing {
  constructor(
    private readonly placements: PlacementsService,
    private readonly students: StudentsService,
  ) {}

  /**
   * The students the events name, in two reads at most (the placements they name, then the
   * students by id, and by HR id among those being erased), none when no event names a placement
   * or a person. A student named only by HR ids and not being erased is not found: it is of no
   * interest here.
   */
  async studentsNamed(events: CloudEvent[]): Promise<StudentsNamed> {
    const references = events.map(referenceOf);
    const placementIds = [...new Set(references.flatMap((r) => (r.placementId ? [r.placementId] : [])))];
    const studentOfPlacement = new Map(
      (placementIds.length ? await this.placements.findByIds(placementIds) : []).map((p) => [p._id, p.studentId]),
    );
    const platformIds = references.flatMap((r) => r.ids.filter((id) => id.schemeId === PLATFORM_STUDENT_SCHEME).map((id) => id.value));
    const hrIds = references.flatMap((r) => r.ids.filter((id) => id.schemeId !== PLATFORM_STUDENT_SCHEME));
    const ids = [...new Set([...studentOfPlacement.values(), ...platformIds])];
    const students = ids.length || hrIds.length ? await this.students.namedBy(ids, hrIds) : [];
    const known = new Set(students.map((s) => s.id));
    const named = references.map((reference) => {
      const of = new Set<string>();
      const byPlacement = reference.placementId ? studentOfPlacement.get(reference.placementId) : undefined;
      if (byPlacement) of.add(byPlacement);
      for (const id of reference.ids) {
        if (id.schemeId === PLATFORM_STUDENT_SCHEME) {
          if (known.has(id.value)) of.add(id.value);
          continue;
        }
        for (const student of students) if (student.externalIds.some((own) => identifierNames(id, own))) of.add(student.id);
      }
      return [...of];
    });
    return { named, erasing: new Set(students.filter((s) => s.erasingOrErased).map((s) => s.id)) };
  }

  /**
   * The check after the inbox's write: for each event, whether a student it names (`named`, as
   * `studentsNamed` found them) or one its HR ids name is being or has been erased now. Two reads
   * side by side, none for events that name no one.
   */
  async aboutErasingNow(events: CloudEvent[], named: string[][]): Promise<boolean[]> {
    const hrIdsOf = events.map((event) => referenceOf(event).ids.filter((id) => id.schemeId !== PLATFORM_STUDENT_SCHEME));
    const ids = [...new Set(named.flat())];
    const hrIds = hrIdsOf.flat();
    const [erasing, erasingByHrIds] = await Promise.all([
      ids.length ? this.students.erasingOrErasedAmong(ids) : new Set<string>(),
      hrIds.length ? this.students.namedBy([], hrIds) : [],
    ]);
    return events.map(
      (_, index) =>
        named[index].some((id) => erasing.has(id)) ||
        hrIdsOf[index].some((id) => erasingByHrIds.some((student) => student.externalIds.some((own) => identifierNames(id, own)))),
    );
  }
}

/**
 * The event as the inbox keeps it when it names a student whose erasure has started: without its
 * personal fields, and refused when its HR ids were its only way to name the student (without
 * them it can never be applied).
 */
export function keptAboutErasing(event: CloudEvent): InboxArrival {
  return { event: withoutPersonalFields(event), ...(namesStudentWithoutHrIds(event) ? {} : { refused: true }) };
}

function referenceOf(event: CloudEvent): Reference {
  const data = event.data as { placementId?: unknown; person?: { ids?: HrOpenIdentifier[] } } | undefined;
  return {
    placementId: typeof data?.placementId === 'string' ? data.placementId : undefined,
    ids: Array.isArray(data?.person?.ids) ? data.person.ids : [],
  };
}
