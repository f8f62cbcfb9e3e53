import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AppError } from '../../common/errors/app-error.js';
import { Public } from '../../common/auth/policy.js';
import { Operation } from '../../common/openapi/operation.js';
import { livenessSchema, readinessSchema, type LivenessDto, type ReadinessDto } from './dto/health.outputs.js';
import { HealthService } from './health.service.js';

@ApiTags('operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

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
    description: 'For load balancers: 200 while the database and the cache answer and the instance is not shutting down; otherwise 503 with `checks` naming what is down.',
    ok: { description: 'Database and cache answer', schema: readinessSchema },
    errors: ['SERVICE_UNAVAILABLE'],
  })
  async ready(): Promise<ReadinessDto> {
    const { ready, shuttingDown, checks } = await this.health.readiness();
    if (!ready) {
      const failed = Object.entries(checks).filter(([, s]) => s === 'down').map(([name]) => name);
      const detail = shuttingDown ? 'Not ready: shutting down.' : `Not ready: ${failed.join(', ')} unavailable.`;
      throw new AppError('SERVICE_UNAVAILABLE', { detail, extensions: { checks, ...(shuttingDown ? { shuttingDown } : {}) } });
    }
    return { status: 'ok', checks };
  }
}
