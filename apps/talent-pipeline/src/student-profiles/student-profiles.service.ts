import { Injectable } from '@nestjs/common';
import { PlacementsService } from '../placements/placements.service';
import { UpdateStudentDto } from '../students/dto/update-student.dto';
import { StudentDocument } from '../students/student.document';
import { StudentsService } from '../students/students.service';

/**
 * A change to a student's profile and what follows from it outside the students feature: the
 * placements' copies of the programme and cohort, which the reports group by. Above both
 * features, as the erasure is, since placements already read students.
 */
@Injectable()
export class StudentProfilesService {
  constructor(
    private readonly students: StudentsService,
    private readonly placements: PlacementsService,
  ) {}

  async change(id: string, patch: UpdateStudentDto): Promise<StudentDocument> {
    const student = await this.students.update(id, patch);
    // Whenever the patch names them, changed or not: a repeat after a failure here finishes the job.
    if (patch.programme !== undefined || patch.cohort !== undefined) {
      await this.placements.regroupStudent(id, { programme: student.programme, cohort: student.cohort });
    }
    return student;
  }
}
