import { Injectable } from '@nestjs/common';
import { ProblemException } from '@app/base';
import { ErasureService } from '../erasure/erasure.service';
import { PlacementsService } from '../placements/placements.service';
import { UpdateStudentDto } from '../students/dto/update-student.dto';
import { StudentDocument } from '../students/student.document';
import { StudentsService } from '../students/students.service';

/**
 * Changes to a student's profile and school, with what follows from them outside the students
 * feature: the placements' copies of the programme and cohort, which the reports group by, and
 * the placements under way, which hold a student at their school. Above both features, as the
 * erasure is, since placements already read students.
 */
@Injectable()
export class StudentProfilesService {
  constructor(
    private readonly students: StudentsService,
    private readonly placements: PlacementsService,
    private readonly erasures: ErasureService,
  ) {}

  /**
   * Applies the merge patch; with `ifMatch` (an If-Match header), only to the version of the
   * student it names (412 otherwise); with `atSchool`, only to a student of that school (404 otherwise).
   */
  async change(id: string, patch: UpdateStudentDto, ifMatch?: string, atSchool?: string): Promise<StudentDocument> {
    const student = await this.students.update(id, patch, ifMatch, atSchool);
    // Whenever the patch names them, changed or not: a repeat after a failure here finishes the job.
    if (patch.programme !== undefined || patch.cohort !== undefined) {
      await this.placements.regroupStudent(id);
    }
    return student;
  }

  /**
   * Moves the student to another school. Refused (409) while a placement of the student is under
   * way (it runs under the first school's agreement, and that school hears its outcomes) or an
   * erasure of the student is filed. What ended before stays the first school's: its placements,
   * their outcomes, and its reports' placement figures (ADR 0088). With `ifMatch`, only from
   * the version of the student it names (412 otherwise).
   */
  transferSchool(id: string, toSchoolId: string, ifMatch?: string): Promise<StudentDocument> {
    const mayLeave = async (student: StudentDocument): Promise<void> => {
      // Filed but not yet under way: the request names the first school, which follows it to the end.
      if (await this.erasures.isPendingFor(student._id)) {
        throw new ProblemException(409, 'erasure pending', 'an erasure of the student is filed; a student being erased does not move');
      }
      const open = await this.placements.openPlacementsOf(student._id);
      if (open.length > 0) {
        throw new ProblemException(
          409,
          'placements under way',
          `the student has placements under way at school ${student.schoolId}; complete or terminate them first: ${open.join(', ')}`,
        );
      }
    };
    return this.students.transferSchool(id, toSchoolId, mayLeave, ifMatch);
  }
}
