import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '../../common/auth/policy.js';
import { Metrics } from '../../common/metrics/metrics.js';
import { MetricsAccessGuard } from './metrics-access.guard.js';

@ApiTags('operations')
// No user session; MetricsAccessGuard asks for METRICS_TOKEN instead.
@Public()
@UseGuards(MetricsAccessGuard)
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @ApiProduces('text/plain')
  @ApiBearerAuth()
  @ApiOkResponse({ description: 'Prometheus text exposition format' })
  @ApiUnauthorizedResponse({ description: 'METRICS_TOKEN is set and the request does not carry it as `Authorization: Bearer`' })
  @ApiNotFoundResponse({ description: 'Production without METRICS_TOKEN (and without METRICS_PUBLIC=true): metrics are off' })
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
