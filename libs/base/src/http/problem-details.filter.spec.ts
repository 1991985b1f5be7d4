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

  it('answers a body over the parser limit with 413 naming the limit, not 500', () => {
    const { host, captured } = fakeHost('/v1/schools');
    const tooLarge = Object.assign(new Error('request entity too large'), {
      status: 413,
      statusCode: 413,
      expose: true,
      type: 'entity.too.large',
      limit: 524288,
      length: 6291456,
    });
    filter.catch(tooLarge, host);
    expect(captured.status).toBe(413);
    expect(captured.contentType).toBe('application/problem+json');
    expect(captured.body).toEqual({
      type: 'about:blank',
      status: 413,
      title: 'payload too large',
      detail: 'the body exceeds the limit of 524288 bytes',
      limitBytes: 524288,
      instance: '/v1/schools',
    });
    expect(loggerError).not.toHaveBeenCalled();
  });

  it('reads the body-parser error inside the HttpException NestJS 12 wraps it in (its cause)', () => {
    const { host, captured } = fakeHost('/v1/schools');
    const tooLarge = Object.assign(new Error('request entity too large'), {
      status: 413,
      statusCode: 413,
      expose: true,
      type: 'entity.too.large',
      limit: 524288,
    });
    filter.catch(new HttpException(tooLarge.message, 413, { cause: tooLarge }), host);
    expect(captured.body).toMatchObject({ status: 413, title: 'payload too large', limitBytes: 524288 });
    const badJson = Object.assign(new SyntaxError('Unexpected token } in JSON'), {
      status: 400,
      expose: true,
      type: 'entity.parse.failed',
    });
    filter.catch(new BadRequestException(badJson.message, { cause: badJson }), host);
    expect(captured.body).toMatchObject({ status: 400, title: 'malformed JSON', detail: 'the body is not valid JSON' });
    // An HttpException whose cause is some other error is answered as the HttpException.
    filter.catch(new BadRequestException('no', { cause: new Error('internal') }), host);
    expect(captured.body).toMatchObject({ status: 400, title: 'bad request', detail: 'no' });
  });

  it('answers other body-parser client errors with their own status', () => {
    const { host, captured } = fakeHost();
    filter.catch(Object.assign(new Error('bad json'), { status: 400, expose: true, type: 'entity.parse.failed' }), host);
    expect(captured.body).toMatchObject({ status: 400, title: 'malformed JSON' });
    filter.catch(Object.assign(new Error('unsupported charset "UTF-7"'), { status: 415, expose: true, type: 'charset.unsupported' }), host);
    expect(captured.body).toMatchObject({ status: 415, title: 'unsupported media type' });
  });

  it('does not trust a status on an error that is not marked safe to expose', () => {
    const { host, captured } = fakeHost();
    filter.catch(Object.assign(new Error('upstream said 404'), { status: 404 }), host);
    expect(captured.status).toBe(500);
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
