export * from './partner-copy.document';
export * from './partner-directory.module';
export * from './partner-directory.repository';
export * from './agreement-copy.document';
export * from './agreement-directory.repository';
