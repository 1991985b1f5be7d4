import { DynamicModule, Module, ModuleMetadata, Type } from '@nestjs/common';
import { AgreementDirectoryController } from './agreement-directory.controller';
import { DIRECTORY_READERS, DirectoryReaderGuard, DirectoryReaders } from './directory-readers';
import { PartnerDirectoryController } from './partner-directory.controller';
import { PartnerDirectoryModule } from './partner-directory.module';

/**
 * The directory's HTTP routes (`/v1/partners`, `/v1/agreements`), behind the hosting service's
 * credentials: `readers` maps a bearer token to a reader, built in this module from `imports`
 * (the service's access module).
 */
@Module({})
export class PartnerDirectoryApiModule {
  static register(options: { imports: ModuleMetadata['imports']; readers: Type<DirectoryReaders> }): DynamicModule {
    return {
      module: PartnerDirectoryApiModule,
      imports: [PartnerDirectoryModule, ...(options.imports ?? [])],
      controllers: [PartnerDirectoryController, AgreementDirectoryController],
      providers: [{ provide: DIRECTORY_READERS, useClass: options.readers }, DirectoryReaderGuard],
    };
  }
}
