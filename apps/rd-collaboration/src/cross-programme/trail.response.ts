import { z } from 'zod';
import { CredentialCopyViewSchema, PlacementCopyViewSchema, SecondmentCopyViewSchema } from '../person-copies/person-copy.response';

/**
 * What the cross-programme trails carry, documented in the OpenAPI document from these schemas:
 * a student's R&D projects -> placements at the same enterprise -> hire, and a teacher's R&D
 * projects -> secondments at the same enterprise -> double-qualified credentials.
 */
const instant = z.iso.datetime({ offset: true });
const project = { projectId: z.string(), title: z.string(), enterpriseId: z.string(), schoolId: z.string() };

export const StudentTrailSchema = z.object({
  personId: z.string(),
  kind: z.literal('student'),
  projects: z.array(
    z.object({
      ...project,
      role: z.string().optional().describe("The student's role in the project; absent when redacted."),
      joinedAt: instant.optional().describe('Absent when redacted.'),
      redacted: z
        .literal(true)
        .optional()
        .describe('An enterprise without an `rd-project` consent of the student in force now: no role, no joining time.'),
      placements: z.array(PlacementCopyViewSchema).describe("The student's placements at the project's enterprise."),
      ledToHire: z.boolean().describe('As the project records it: a hire that arrived while the student took part (ADR 0030).'),
    }),
  ),
  hired: z.boolean(),
  path: z
    .array(
      z.object({
        project: z.string().describe("The project's title."),
        placementId: z.string(),
        placementStatus: PlacementCopyViewSchema.shape.status,
        hire: PlacementCopyViewSchema.shape.hire,
      }),
    )
    .describe('Project -> placement -> hire, one step per placement.'),
});
export type StudentTrail = z.output<typeof StudentTrailSchema>;

export const TeacherTrailSchema = z.object({
  personId: z.string(),
  kind: z.literal('teacher'),
  projects: z.array(
    z.object({
      ...project,
      role: z.string().optional().describe("The teacher's role in the project; absent when redacted."),
      joinedAt: instant.optional().describe('Absent when redacted.'),
      redacted: z
        .literal(true)
        .optional()
        .describe('An enterprise reading a closed project while the teacher objects to hosts reading their finished work (ADR 0077).'),
      linkedSecondmentId: z.string().nullable().describe('The secondment the participation is linked to, if any.'),
      hoursLogged: z.number().describe("The teacher's hours logged in the project."),
      secondments: z.array(SecondmentCopyViewSchema).describe("The teacher's secondments at the project's enterprise."),
    }),
  ),
  credentials: z.array(CredentialCopyViewSchema),
  doubleQualified: z.boolean().describe('True when a credential is issued and not revoked.'),
});
export type TeacherTrail = z.output<typeof TeacherTrailSchema>;
