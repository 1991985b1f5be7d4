import { Response } from 'express';
import { entityTagOf } from '@app/base';
import { StudentDocument, versionOf } from './student.document';
import { StudentChange, StudentChangeStatus, StudentView } from './student.response';

/** The student as the operator reads it; its type is the documented schema's. */
export function studentView(s: StudentDocument): StudentView {
  return {
    id: s._id,
    schoolId: s.schoolId,
    givenName: s.givenName,
    familyName: s.familyName,
    programme: s.programme,
    cohort: s.cohort,
    externalIds: s.externalIds,
    ...(s.formerExternalIds?.length ? { formerExternalIds: s.formerExternalIds } : {}),
    ...(s.skills !== undefined ? { skills: s.skills } : {}),
    ...(s.availability !== undefined ? { availability: s.availability } : {}),
    registeredAt: s.registeredAt.toISOString(),
    ...(s.schoolTransfers?.length
      ? {
          schoolTransfers: s.schoolTransfers.map((t) => ({
            fromSchoolId: t.fromSchoolId,
            toSchoolId: t.toSchoolId,
            at: t.at.toISOString(),
          })),
        }
      : {}),
  };
}

/** The student's view (by default the operator's) as an HTTP answer: its version goes in the ETag header, for a later If-Match. */
export function studentAnswer(res: Response, student: StudentDocument, view = studentView): StudentView {
  res.setHeader('ETag', entityTagOf(versionOf(student)));
  return view(student);
}

/**
 * The student as their school reads them: without the moves between schools and the HR ids a
 * change removed, which may be another school's (a student who moved in) and which the school
 * needs for nothing it does.
 */
export function schoolStudentView(student: StudentDocument): StudentView {
  const { schoolTransfers: _moves, formerExternalIds: _former, ...view } = studentView(student);
  return view;
}

/** A change of the school's change feed as answered: the student's record only while they are the school's. */
export function studentChangeView(change: { student: StudentDocument; at: Date; status: StudentChangeStatus }): StudentChange {
  const { student, at, status } = change;
  return {
    studentId: student._id,
    status,
    changedAt: at.toISOString(),
    ...(status === 'present' ? { student: schoolStudentView(student) } : {}),
  };
}
