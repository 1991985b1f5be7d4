export * from './secondment.schema';
export * from './secondment.event';
export * from './credential.event';
export * from './teacher-compliance.event';
export * from './supervisor.event';
export * from './engineer-teaching.event';
export * from './teacher-host-objection.event';
