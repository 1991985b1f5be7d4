// The library's public surface: other libraries and the apps import only from here.
export * from './config/base-config.schema';
export * from './http/api-keys';
export * from './config/load-config';
export * from './http/admin-token.guard';
export * from './http/body-parser-errors';
export * from './http/bounded-fields';
export * from './http/fixed-window-rate-limiter';
export * from './http/openapi';
export * from './http/problem-details.filter';
export * from './http/problem.exception';
export * from './http/rate-limit.middleware';
export * from './http/validated-by';
export * from './http/validation.pipe';
export * from './testing/fault-points';
export * from './http/documented-route';
export * from './text/ill-formed-text';
