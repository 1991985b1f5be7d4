import { z } from 'zod';
import { defineEventContract } from '../event-contract';
import { Topics } from '../topics';

const id = z.string().min(1).max(128);

/**
 * The state of a teacher's objection to host enterprises reading their finished work (GDPR
 * Art. 21, ADR 0077), after each filing or withdrawal. A state, not a step: a consumer keeps the
 * newest `changedAt` per teacher. The teacher's reason stays in the secondment service: it is
 * the teacher's words, and no consumer needs it to honour the objection.
 */
export const TeacherHostObjectionChanged = defineEventContract({
  type: 'secondment.teacher.host-objection.changed.v1',
  topic: Topics.teacherPrivacy,
  description:
    "A teacher's objection to host enterprises reading their finished secondments and R&D projects was filed (again) or withdrawn: its state after the change. Services that show the teacher to an enterprise keep a copy and withhold finished work while it stands.",
  schema: z
    .object({
      teacherId: id,
      schoolId: id,
      objecting: z.boolean(),
      /** When the objection was first filed (kept when it is filed again); only while objecting. */
      since: z.iso.datetime().optional(),
      /** When this state was reached: copies keep the newest. */
      changedAt: z.iso.datetime(),
    })
    .refine((d) => !d.objecting || d.since !== undefined, { message: 'required while objecting', path: ['since'] }),
});
