import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { AppError } from '../../common/errors/app-error.js';
import { Public } from '../../common/auth/policy.js';
import { HealthService, type Readiness } from './health.service.js';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @ApiOkResponse({ description: 'The process is serving', schema: { example: { status: 'ok' } } })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiOkResponse({ description: 'Database and cache answer', schema: { example: { status: 'ok', checks: { database: 'up', cache: 'up' } } } })
  @ApiServiceUnavailableResponse({ description: 'problem+json naming the failed dependency in `checks`' })
  async ready(): Promise<{ status: 'ok'; checks: Readiness['checks'] }> {
    const { ready, shuttingDown, checks } = await this.health.readiness();
    if (!ready) {
      const failed = Object.entries(checks).filter(([, s]) => s === 'down').map(([name]) => name);
      const detail = shuttingDown ? 'Not ready: shutting down.' : `Not ready: ${failed.join(', ')} unavailable.`;
      throw new AppError('SERVICE_UNAVAILABLE', { detail, extensions: { checks, ...(shuttingDown ? { shuttingDown } : {}) } });
    }
    return { status: 'ok', checks };
  }
}
