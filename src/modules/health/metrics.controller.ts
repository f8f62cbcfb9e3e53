import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Public } from '../../common/auth/policy.js';
import { Operation } from '../../common/openapi/operation.js';
import { Metrics } from '../../common/metrics/metrics.js';
import { metricsTextSchema } from './dto/health.outputs.js';
import { MetricsAccessGuard } from './metrics-access.guard.js';

@ApiTags('operations')
// No user session; MetricsAccessGuard asks for METRICS_TOKEN instead.
@Public()
@UseGuards(MetricsAccessGuard)
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @ApiBearerAuth()
  @Operation({
    id: 'getMetrics',
    summary: 'Prometheus metrics',
    description:
      "For the operator's Prometheus: request counts and latency by route and status, booking outcomes, process metrics. With `METRICS_TOKEN` set, only `Authorization: Bearer <METRICS_TOKEN>` gets them (else 401); in production without a token they are off (404) unless `METRICS_PUBLIC=true`.",
    ok: { description: 'Prometheus text exposition format', schema: metricsTextSchema, mediaType: 'text/plain' },
    errors: ['UNAUTHENTICATED', 'NOT_FOUND'],
  })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
