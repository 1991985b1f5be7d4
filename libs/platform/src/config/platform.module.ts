import { DynamicModule, Global, Module } from '@nestjs/common';
import { APP_CONFIG, BaseConfig } from '@app/base';
import { ShutdownState } from '../shutdown/shutdown-state';

/** Makes the validated config and the shutdown state injectable everywhere. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: BaseConfig): DynamicModule {
    return {
      module: PlatformModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, ShutdownState],
      exports: [APP_CONFIG, ShutdownState],
    };
  }
}
