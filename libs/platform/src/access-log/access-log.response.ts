import { z } from 'zod';

/** A page of the operator access log, as the route answers it (documented from this schema). */
export const AccessLogPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      operatorId: z.string().describe('The `X-Operator-Id` the read carried.'),
      reason: z.string().describe('The `X-Access-Reason` the read carried.'),
      route: z.string().describe('The route as documented, e.g. `GET /v1/students/{id}`.'),
      path: z.string(),
      studentIds: z.array(z.string()),
      teacherIds: z.array(z.string()).optional(),
      at: z.iso.datetime({ offset: true }),
      requestId: z.string(),
    }),
  ),
});
