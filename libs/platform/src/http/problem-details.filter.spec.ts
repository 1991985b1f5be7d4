import { ArgumentsHost, BadRequestException, HttpException, Logger, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { lastValueFrom, Observable } from 'rxjs';
import { ProblemDetailsFilter } from './problem-details.filter';
import { ProblemException } from './problem.exception';

interface Captured {
  status?: number;
  contentType?: string;
  body?: Record<string, unknown>;
}

function fakeHost(originalUrl = '/v1/placements/pl-1', type = 'http') {
  const captured: Captured = {};
  const response = {
    status(code: number) {
      captured.status = code;
      return response;
    },
    type(contentType: string) {
      captured.contentType = contentType;
      return response;
    },
    json(body: Record<string, unknown>) {
      captured.body = body;
      return response;
    },
  };
  const host = {
    getType: () => type,
    switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ originalUrl }) }),
  } as unknown as ArgumentsHost;
  return { host, captured };
}

describe('ProblemDetailsFilter', () => {
  const filter = new ProblemDetailsFilter();
  let loggerError: jest.SpyInstance;

  beforeEach(() => {
    loggerError = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('renders a ProblemException as application/problem+json with status, title, detail, errors and instance', () => {
    const { host, captured } = fakeHost('/v1/erp/events?x=1');
    const errors = [{ field: '[1].data.hireDate', message: 'Invalid ISO date' }];
    filter.catch(new ProblemException(400, 'invalid request', 'one or more fields are invalid', errors), host);
    expect(captured.status).toBe(400);
    expect(captured.contentType).toBe('application/problem+json');
    expect(captured.body).toEqual({
      type: 'about:blank',
      status: 400,
      title: 'invalid request',
      detail: 'one or more fields are invalid',
      errors,
      instance: '/v1/erp/events?x=1',
    });
  });

  it('omits detail and errors when a ProblemException has none, and adds its extensions', () => {
    const { host, captured } = fakeHost();
    filter.catch(new ProblemException(409, 'version conflict', undefined, undefined, { currentVersion: 7 }), host);
    expect(captured.status).toBe(409);
    expect(captured.body).toEqual({
      type: 'about:blank',
      status: 409,
      title: 'version conflict',
      currentVersion: 7,
      instance: '/v1/placements/pl-1',
    });
  });

  it('turns a Nest HttpException into a problem titled after its status', () => {
    const { host, captured } = fakeHost();
    filter.catch(new NotFoundException('placement pl-1 not found'), host);
    expect(captured.status).toBe(404);
    expect(captured.contentType).toBe('application/problem+json');
    expect(captured.body).toEqual({
      type: 'about:blank',
      status: 404,
      title: 'not found',
      detail: 'placement pl-1 not found',
      instance: '/v1/placements/pl-1',
    });
  });

  it('uses multi-word status names as lower-case titles', () => {
    const { host, captured } = fakeHost();
    filter.catch(new UnprocessableEntityException('cannot take it'), host);
    expect(captured.body).toMatchObject({ status: 422, title: 'unprocessable entity', detail: 'cannot take it' });
  });

  it('joins array messages into one detail', () => {
    const { host, captured } = fakeHost();
    filter.catch(new BadRequestException(['a is wrong', 'b is wrong']), host);
    expect(captured.body).toMatchObject({ status: 400, detail: 'a is wrong; b is wrong' });
  });

  it('takes a string response as the detail', () => {
    const { host, captured } = fakeHost();
    filter.catch(new HttpException('slow down', 429), host);
    expect(captured.body).toMatchObject({ status: 429, title: 'too many requests', detail: 'slow down' });
  });

  it('answers an unknown error with a bare 500 that does not leak its message, and logs it', () => {
    const { host, captured } = fakeHost();
    const error = new Error('connect ECONNREFUSED mongodb://admin:hunter2@db:27017');
    filter.catch(error, host);
    expect(captured.status).toBe(500);
    expect(captured.contentType).toBe('application/problem+json');
    expect(captured.body).toEqual({ type: 'about:blank', status: 500, title: 'internal server error', instance: '/v1/placements/pl-1' });
    expect(JSON.stringify(captured.body)).not.toContain('hunter2');
    expect(loggerError).toHaveBeenCalledWith({ err: error }, 'unhandled error');
  });

  it('does not log client errors', () => {
    filter.catch(new NotFoundException(), fakeHost().host);
    expect(loggerError).not.toHaveBeenCalled();
  });

  it('hands the original error back untouched, as an erroring Observable, in a Kafka (rpc) context', async () => {
    const error = new Error('rpc failure');
    const { host, captured } = fakeHost('/', 'rpc');
    const result = filter.catch(error, host);
    expect(result).toBeInstanceOf(Observable);
    await expect(lastValueFrom(result as Observable<never>)).rejects.toBe(error);
    expect(captured.status).toBeUndefined();
    expect(loggerError).not.toHaveBeenCalled();
  });

  it('rethrows in any other non-HTTP context', () => {
    const error = new Error('ws failure');
    const { host, captured } = fakeHost('/', 'ws');
    expect(() => filter.catch(error, host)).toThrow(error);
    expect(captured.status).toBeUndefined();
  });
});
