import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../../common/core/tokens.js';
import { AppError } from '../../common/errors/app-error.js';
import { Public } from '../../common/auth/policy.js';
import { Operation } from '../../common/openapi/operation.js';
import { livenessSchema, readinessSchema, type LivenessDto, type ReadinessDto } from './dto/health.outputs.js';
import { HealthService, notReadyDetail } from './health.service.js';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('live')
  @Operation({
    id: 'getLiveness',
    summary: 'Whether the process serves',
    description: 'For orchestrators restarting a stuck process; never touches the database or the cache.',
    ok: { description: 'The process is serving', schema: livenessSchema },
  })
  live(): LivenessDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @Operation({
    id: 'getReadiness',
    summary: 'Whether this instance should get traffic',
    description: 'For load balancers: 200 while the database and the cache answer and the instance is not shutting down; otherwise 503 with `checks` naming what is down, `shuttingDown`, or `overloaded` (with Retry-After) when that is the reason.',
    ok: { description: 'Database and cache answer', schema: readinessSchema },
    errors: ['SERVICE_UNAVAILABLE'],
  })
  async ready(): Promise<ReadinessDto> {
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
