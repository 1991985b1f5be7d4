// The library's public surface: other libraries and the apps import only from here.
export * from './agreement-copy.document';
export * from './agreement-directory.controller';
export * from './agreement-directory.repository';
export * from './agreement-events.handler';
export * from './partner-copy.document';
export * from './partner-directory.controller';
export * from './partner-directory.module';
export * from './partner-directory-api.module';
export * from './directory-readers';
export * from './partner-directory.repository';
export * from './partner-directory.service';
export * from './partner-events.handler';
