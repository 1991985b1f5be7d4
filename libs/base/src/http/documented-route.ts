import { Request } from 'express';

/** The route a request matched as OpenAPI writes it, e.g. `GET /v1/projects/{id}` (its path when none matched). */
export function documentedRoute(request: Request): string {
  const path = (request.route as { path?: string } | undefined)?.path ?? request.path;
  return `${request.method} ${path.replace(/:(\w+)/g, '{$1}')}`;
}
