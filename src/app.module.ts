import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { CoreModule } from './common/core/core.module.js';
import type { AppConfig } from './config/config.js';
import { HealthModule } from './modules/health/health.module.js';
import { SpecialtiesModule } from './modules/specialties/specialties.module.js';

@Module({})
export class AppModule {
  /** Configuration is passed in, not read from process.env, so tests build apps side by side. */
  static forRoot(config: AppConfig, logger: Logger, extraModules: DynamicModule[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config, logger), HealthModule, SpecialtiesModule, ...extraModules],
    };
  }
}
