export * from './erp-client';
export * from './http-client';
export * from './in-process-service';
export * from './test-infrastructure';
export * from './wait-for';
export * from './webhook-receiver';
export * from './service-process';
export * from './placement-preconditions';
