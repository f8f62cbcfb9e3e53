import { z } from 'zod';
import { pageSchema, type Page } from '../../../common/pagination/page-query.js';
import { instantOutput } from '../../../common/validation/instant.js';
import type { DeliveryRow } from '../webhook-deliveries.repository.js';
import type { SubscriptionRow } from '../webhooks.repository.js';
import { WEBHOOK_EVENTS } from '../webhook-events.js';

export const webhookSchema = z
  .object({
    id: z.uuid(),
    url: z.url().max(2_000),
    events: z.array(z.enum(WEBHOOK_EVENTS)).max(WEBHOOK_EVENTS.length),
    active: z.boolean(),
    /** `clinic`: an admin's, every event; `doctor`: a doctor's, their own appointments and verification. */
    scope: z.enum(['clinic', 'doctor']),
    /** Set when deliveries kept failing for a day and the subscription was switched off. */
    disabledAt: instantOutput.nullable(),
    /** While set, the previous secret signs too (until this instant). */
    previousSecretExpiresAt: instantOutput.nullable(),
    createdAt: instantOutput,
    updatedAt: instantOutput,
  })
  .meta({ id: 'Webhook' });
export type WebhookDto = z.infer<typeof webhookSchema>;

export const webhookPageSchema = pageSchema(webhookSchema);
export type WebhookPageDto = Page<WebhookDto>;

/** A signing secret: `whsec_` and the base64 of 32 random bytes. */
const secret = z.string().regex(/^whsec_[A-Za-z0-9+/]{43}=$/).max(100);

/** The subscription with its signing secret: only the creation's answer carries it. */
export const createdWebhookSchema = webhookSchema.extend({ secret }).meta({ id: 'CreatedWebhook' });
export type CreatedWebhookDto = z.infer<typeof createdWebhookSchema>;

/** A new secret; the previous one keeps signing until `previousSecretExpiresAt`. */
export const webhookSecretSchema = z.object({ secret, previousSecretExpiresAt: instantOutput }).meta({ id: 'WebhookSecret' });
export type WebhookSecretDto = z.infer<typeof webhookSecretSchema>;

export const webhookDeliverySchema = z
  .object({
    /** Also the `webhook-id` header of every attempt. */
    id: z.uuid(),
    event: z.enum(WEBHOOK_EVENTS),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int().min(0),
    /** The HTTP status of the last answer; null before the first or when there was none. */
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().max(500).nullable(),
    /** When the next attempt is due (pending only). */
    nextAttemptAt: instantOutput.nullable(),
    deliveredAt: instantOutput.nullable(),
    createdAt: instantOutput,
  })
  .meta({ id: 'WebhookDelivery' });
export type WebhookDeliveryDto = z.infer<typeof webhookDeliverySchema>;

export const webhookDeliveryPageSchema = pageSchema(webhookDeliverySchema);
export type WebhookDeliveryPageDto = Page<WebhookDeliveryDto>;

export function toWebhookDto(row: SubscriptionRow): WebhookDto {
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    active: row.active,
    scope: row.doctorId === null ? 'clinic' : 'doctor',
    disabledAt: row.disabledAt?.toISOString() ?? null,
    previousSecretExpiresAt: row.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toWebhookDeliveryDto(row: DeliveryRow): WebhookDeliveryDto {
  return {
    id: row.id,
    event: row.event,
    status: row.status,
    attempts: row.attempts,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
