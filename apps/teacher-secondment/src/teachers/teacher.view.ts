import { TeacherDocument } from './teacher.document';

export function teacherView(teacher: TeacherDocument) {
  return {
    id: teacher._id,
    schoolId: teacher.schoolId,
    jurisdiction: teacher.jurisdiction,
    displayName: teacher.displayName,
    subject: teacher.subject,
    professionalCourse: teacher.professionalCourse,
    hireDate: teacher.hireDate,
    priorEnterpriseExperienceMonths: teacher.priorEnterpriseExperienceMonths,
    compliance: teacher.compliance ?? null,
    createdAt: teacher.createdAt,
  };
}
