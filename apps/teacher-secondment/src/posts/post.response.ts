import { z } from 'zod';
import { IssuedKeySchema } from '../access/access-key.response';
import { POST_STATUSES } from './post.document';

/** What the post routes answer: a host post with its seats; and a mentor's key, once, when it is issued. */
const date = z.iso.date();

export const PostViewSchema = z.object({
  id: z.uuid(),
  enterpriseId: z.string(),
  schoolId: z.string(),
  agreementId: z.string().describe('The copied cooperation agreement the post was offered under.'),
  role: z.string(),
  tasks: z.array(z.string()),
  mentor: z.object({ name: z.string(), contact: z.string().optional() }),
  location: z.string(),
  period: z.object({ start: date, end: date }),
  skills: z.array(z.string()),
  capacity: z.int(),
  seatsTaken: z.int().describe('Seats held by live (requested, approved or active) secondments.'),
  seatsFree: z.int(),
  status: z.enum(POST_STATUSES),
  createdAt: z.iso.datetime({ offset: true }),
});

export const PostListSchema = z.object({ items: z.array(PostViewSchema).describe('Oldest first (at most 500).') });

export const IssuedMentorKeySchema = IssuedKeySchema.extend({
  postId: z.uuid(),
  mentorId: z.uuid().describe('The identity the mentor signs with: countersignatures and evaluations made with the key name it.'),
  name: z.string(),
  email: z.string().optional(),
});

export type PostView = z.output<typeof PostViewSchema>;
export type PostList = z.output<typeof PostListSchema>;
export type IssuedMentorKey = z.output<typeof IssuedMentorKeySchema>;
