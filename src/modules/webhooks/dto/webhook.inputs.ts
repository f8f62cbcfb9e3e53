import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../webhook-events.js';

const url = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' }).max(2_000);
const events = z
  .array(z.enum(WEBHOOK_EVENTS))
  .min(1)
  .max(WEBHOOK_EVENTS.length)
  .refine((list) => new Set(list).size === list.length, 'must not repeat an event');

export const createWebhookSchema = z
  .strictObject({
    url,
    events,
    active: z.boolean().optional().default(true),
  })
  .meta({ id: 'CreateWebhookInput' });
export type CreateWebhookInput = z.output<typeof createWebhookSchema>;

export const updateWebhookSchema = z
  .strictObject({ url: url.optional(), events: events.optional(), active: z.boolean().optional() })
  .refine((body) => Object.keys(body).length > 0, 'must change something')
  .meta({ id: 'UpdateWebhookInput' });
export type UpdateWebhookInput = z.output<typeof updateWebhookSchema>;
