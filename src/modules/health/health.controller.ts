import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { AppError } from '../../common/errors/app-error.js';
import { Public } from '../../common/auth/policy.js';
import { HealthService, notReadyDetail, type Readiness } from './health.service.js';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('live')
  @ApiOkResponse({ description: 'The process is serving', schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'Database and cache answer', schema: { example: { status: 'ok', checks: { database: 'up', cache: 'up' } } } })
  @ApiServiceUnavailableResponse({ description: 'problem+json naming the failed dependency in `checks`; `shuttingDown` or `overloaded` (with Retry-After) when that is the reason' })
  async ready(): Promise<{ status: 'ok'; checks: Readiness['checks'] }> {
    const { ready, shuttingDown, overloaded, checks } = await this.health.readiness();
    if (!ready) {
      throw new AppError('SERVICE_UNAVAILABLE', {
        detail: notReadyDetail({ shuttingDown, overloaded, checks }),
        extensions: { checks, ...(shuttingDown ? { shuttingDown } : {}), ...(overloaded ? { overloaded } : {}) },
        // An overloaded instance says when to look again, as its shed requests do.
        headers: overloaded ? { 'retry-after': String(this.config.loadShedding.retryAfterSeconds) } : undefined,
      });
    }
    return { status: 'ok', checks };
  }
}
