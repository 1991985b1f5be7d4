import { z } from 'zod';

/** An HR Open Standards identifier as answered. */
const HrIdSchema = z.object({ value: z.string(), schemeId: z.string(), schemeAgencyId: z.string().optional() });

/**
 * A student's whole record (names included; the operator's, and their school's without the moves and removed HR ids), documented in the OpenAPI document
 * from this schema; studentView returns its output type. Erased students are never answered.
 */
export const StudentViewSchema = z.object({
  id: z.string(),
  schoolId: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  programme: z.string(),
  cohort: z.string(),
  externalIds: z.array(HrIdSchema).describe('HR Open Standards identifiers that ERP hires are matched against.'),
  formerExternalIds: z
    .array(HrIdSchema)
    .optional()
    .describe(
      'HR ids a profile change removed: ERP hires naming them are no longer matched to the student, but the erasure still seeks ' +
        'stored ERP events by them. Absent when none was removed.',
    ),
  skills: z.array(z.object({ label: z.string(), escoUri: z.string().optional().describe('The ESCO skill, when known.') })).optional(),
  availability: z
    .object({ from: z.iso.date(), to: z.iso.date() })
    .optional()
    .describe('When the student can take a placement, both days included.'),
  registeredAt: z.iso.datetime({ offset: true }),
  schoolTransfers: z
    .array(z.object({ fromSchoolId: z.string(), toSchoolId: z.string(), at: z.iso.datetime({ offset: true }) }))
    .optional()
    .describe("The student's moves between schools, oldest first; absent when the student never moved."),
});

export type StudentView = z.output<typeof StudentViewSchema>;

/** A student as their school reads them: without the moves between schools and the removed HR ids (schoolStudentView). */
export const SchoolStudentViewSchema = StudentViewSchema.omit({ schoolTransfers: true, formerExternalIds: true });

export const StudentPageSchema = z.object({
  items: z.array(SchoolStudentViewSchema),
  nextCursor: z.string().optional().describe('Pass as `before` for the next page; absent after the last page.'),
});

export type StudentPage = z.output<typeof StudentPageSchema>;

export const STUDENT_CHANGE_STATUSES = ['present', 'moved-away', 'erased'] as const;
export type StudentChangeStatus = (typeof STUDENT_CHANGE_STATUSES)[number];

/** One student's latest change as their school sees it. */
export const StudentChangeSchema = z.object({
  studentId: z.string(),
  status: z
    .enum(STUDENT_CHANGE_STATUSES)
    .describe(
      '`present`: the school’s student, as in `student` (registered or changed, or moved in); `moved-away`: the student moved to ' +
        'another school; `erased`: the student was erased or is being erased. The last two mean the school reads the student no more.',
    ),
  changedAt: z.iso.datetime({ offset: true }),
  student: SchoolStudentViewSchema.optional().describe(
    'The student as the school reads them now (without the moves and the removed HR ids); only when `present`.',
  ),
});

export type StudentChange = z.output<typeof StudentChangeSchema>;

export const StudentChangePageSchema = z.object({
  items: z.array(StudentChangeSchema),
  nextCursor: z
    .string()
    .optional()
    .describe('Pass as `after` for the changes after these (on an empty page, the cursor sent); absent while there has been no change.'),
  more: z.boolean().describe('True when the page is full: ask again with `nextCursor` at once rather than at your next poll.'),
});

export type StudentChangePage = z.output<typeof StudentChangePageSchema>;
