import { z } from 'zod';
import { dependencyChecksSchema } from '../../../common/errors/problem.schema.js';

export const livenessSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Liveness' });
export type LivenessDto = z.infer<typeof livenessSchema>;

export const readinessSchema = z.object({ status: z.literal('ok'), checks: dependencyChecksSchema }).meta({ id: 'Readiness' });
export type ReadinessDto = z.infer<typeof readinessSchema>;

/** Prometheus text exposition format (version 0.0.4). */
export const metricsTextSchema = z.string().meta({ example: '# HELP http_requests_total Requests by route and status\n' });
