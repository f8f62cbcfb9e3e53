import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../core/tokens.js';
import { openStorage } from './open-storage.js';
import { STORAGE, type StoragePort } from './storage.port.js';

class StorageCloser implements OnApplicationShutdown {
  constructor(@Inject(STORAGE) private readonly storage: StoragePort) {}

  async onApplicationShutdown(): Promise<void> {
    await this.storage.close();
  }
}

/** The file store (STORAGE) every module that keeps uploads writes through. */
@Global()
@Module({
  providers: [{ provide: STORAGE, inject: [APP_CONFIG], useFactory: (config: AppConfig) => openStorage(config.storage) }, StorageCloser],
  exports: [STORAGE],
})
export class StorageModule {}
