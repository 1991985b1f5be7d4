import { Response } from 'express';
import { entityTagOf } from '@app/base';
import { TeacherDocument } from './teacher.document';
import { TeacherView } from './teacher.response';

/** The teacher as every teacher answer carries it; its type is the documented schema's, so the two cannot drift apart. */
export function teacherView(teacher: TeacherDocument): TeacherView {
  const c = teacher.compliance;
  return {
    id: teacher._id,
    schoolId: teacher.schoolId,
    jurisdiction: teacher.jurisdiction,
    displayName: teacher.displayName,
    subject: teacher.subject,
    professionalCourse: teacher.professionalCourse,
    hireDate: teacher.hireDate,
    priorEnterpriseExperienceMonths: teacher.priorEnterpriseExperienceMonths,
    compliance: c
      ? {
          compliant: c.compliant,
          asOf: c.asOf,
          creditedDays: c.creditedDays,
          requiredDays: c.requiredDays,
          lapsesOn: c.lapsesOn,
          ruleSetId: c.ruleSetId,
          ruleSetVersion: c.ruleSetVersion,
        }
      : null,
    hostObjection: teacher.hostObjection
      ? {
          since: teacher.hostObjection.since,
          by: teacher.hostObjection.by,
          ...(teacher.hostObjection.reason ? { reason: teacher.hostObjection.reason } : {}),
        }
      : null,
    createdAt: teacher.createdAt.toISOString(),
  };
}

/** The teacher's view as an HTTP answer: the record's version goes in the ETag header, for a later If-Match. */
export function teacherAnswer(res: Response, teacher: TeacherDocument): TeacherView {
  res.setHeader('ETag', entityTagOf(teacher.version));
  return teacherView(teacher);
}
