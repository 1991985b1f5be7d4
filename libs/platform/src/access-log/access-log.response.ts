import { z } from 'zod';

/** A page of the operator access log, as the route answers it (documented from this schema). */
export const AccessLogPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      operatorId: z.string().describe("Who read: the operator key's id, or the `X-Operator-Id` the shared token's holder stated."),
      authenticated: z
        .boolean()
        .describe('true: `operatorId` is the id of the operator key the read was made with; false: it was stated with the shared token.'),
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
