import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { Request } from 'express';

/**
 * Names the HTTP server span after the matched route (`POST /v1/erp/events`, `GET
 * /v1/placements/:id`) instead of the bare method, and sets `http.route`: the http
 * instrumentation reads the route from the request's RPC metadata when the span ends. A guard,
 * not an interceptor, so requests that a later guard refuses (401, 403) are named too. It
 * refuses nothing; with tracing off there is no metadata and it does nothing.
 */
@Injectable()
export class TraceRouteGuard implements CanActivate {
  canActivate(execution: ExecutionContext): boolean {
    if (execution.getType() !== 'http') return true;
    const metadata = getRPCMetadata(context.active());
    if (metadata?.type !== RPCType.HTTP) return true;
    const request = execution.switchToHttp().getRequest<Request>();
    if (request.route?.path) metadata.route = `${request.baseUrl}${String(request.route.path)}`;
    return true;
  }
}
