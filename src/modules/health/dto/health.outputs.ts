import { z } from 'zod';
import { dependencyChecksSchema } from '../../../common/errors/problem.schema.js';

export const livenessSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Liveness' });
export type LivenessDto = z.infer<typeof livenessSchema>;

export const readinessSchema = z.object({ status: z.literal('ok'), checks: dependencyChecksSchema }).meta({ id: 'Readiness' });
export type ReadinessDto = z.infer<typeof readinessSchema>;

/**
 * Every series is labelled by route template (or one label for unmatched requests), method and
 * status, never by anything a client chooses, so the text is bounded by the routes the app
 * has: about 40 routes × the ~20 statuses the app answers × 15 lines of a histogram × 200 bytes
 * is 2.4 MB at the very worst. Real scrapes are some tens of kilobytes.
 */
export const METRICS_TEXT_MAX_LENGTH = 8 * 1024 * 1024;

/** Prometheus text exposition format (version 0.0.4). */
export const metricsTextSchema = z.string().max(METRICS_TEXT_MAX_LENGTH).meta({ example: '# HELP http_requests_total Requests by route and status\n' });
