export * from './partner-copy.document';
export * from './partner-directory.module';
export * from './partner-directory.repository';
