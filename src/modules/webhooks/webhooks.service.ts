import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccessService } from '../../common/access/access.service.js';
import { Permission } from '../../common/access/permission.js';
import { AuditService } from '../../common/audit/audit.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { AppError, notFound } from '../../common/errors/app-error.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { CursorCodec } from '../../common/pagination/cursor-codec.service.js';
import type { PageQuery } from '../../common/pagination/page-query.js';
import { paginateByInstant } from '../../common/pagination/paginate.js';
import { RefusedUrlError, WebhookHttpClient } from './delivery/webhook-http-client.js';
import { SECRET_OVERLAP_MS } from './delivery/webhook-retry.js';
import { newWebhookSecret } from './delivery/webhook-signing.js';
import type { CreateWebhookInput, UpdateWebhookInput } from './dto/webhook.inputs.js';
import { toWebhookDto, type CreatedWebhookDto, type WebhookDto, type WebhookPageDto, type WebhookSecretDto } from './dto/webhook.outputs.js';
import { WebhooksRepository } from './webhooks.repository.js';

/** Webhook subscriptions: an admin's hear the clinic, a doctor's their own appointments. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly access: AccessService,
    private readonly subscriptions: WebhooksRepository,
    private readonly http: WebhookHttpClient,
    private readonly cursors: CursorCodec,
    private readonly audit: AuditService,
  ) {}

  /** 201 with the secret, the only time it is shown. */
  async create(principal: Principal, input: CreateWebhookInput, client: ClientContext): Promise<CreatedWebhookDto> {
    const { doctorId } = await this.access.webhookScope(principal);
    await this.allowUrl(input.url);
    const secret = newWebhookSecret();
    const row = await this.subscriptions.insert({ id: randomUUID(), ownerUserId: principal.userId, doctorId, url: input.url, events: input.events, active: input.active, secret });
    await this.record('webhook.create', principal, row.id, client, { scope: doctorId === null ? 'clinic' : 'doctor' });
    return { ...toWebhookDto(row), secret };
  }

  /** An admin sees every subscription; a doctor their own. */
  async list(principal: Principal, query: PageQuery): Promise<WebhookPageDto> {
    await this.access.requireAccess(principal, Permission.WebhookCreate);
    const everyone = this.access.holds(principal, Permission.WebhookClinic);
    const page = await paginateByInstant(
      this.cursors,
      { scope: `webhooks:${principal.userId}`, limit: query.limit, cursor: query.cursor },
      (after, take) => this.subscriptions.list(everyone ? {} : { ownerUserId: principal.userId }, after, take),
      (row) => row.createdAt,
    );
    return { data: page.data.map(toWebhookDto), nextCursor: page.nextCursor };
  }

  async get(principal: Principal, id: string): Promise<WebhookDto> {
    await this.access.requireAccess(principal, Permission.WebhookManage, id);
    return toWebhookDto(await this.found(id));
  }

  async update(principal: Principal, id: string, input: UpdateWebhookInput, client: ClientContext): Promise<WebhookDto> {
    await this.access.requireAccess(principal, Permission.WebhookManage, id);
    if (input.url !== undefined) await this.allowUrl(input.url);
    const row = await this.subscriptions.update(id, input);
    if (!row) throw notFound('webhook');
    await this.record('webhook.update', principal, id, client, { fields: Object.keys(input).sort().join(',') });
    return toWebhookDto(row);
  }

  async remove(principal: Principal, id: string, client: ClientContext): Promise<void> {
    await this.access.requireAccess(principal, Permission.WebhookManage, id);
    if (!(await this.subscriptions.delete(id))) throw notFound('webhook');
    await this.record('webhook.delete', principal, id, client);
  }

  /** A new secret, shown once; the old one keeps signing (beside it) for 24 hours. */
  async rotateSecret(principal: Principal, id: string, client: ClientContext): Promise<WebhookSecretDto> {
    await this.access.requireAccess(principal, Permission.WebhookManage, id);
    const secret = newWebhookSecret();
    const expiresAt = await this.subscriptions.rotateSecret(id, secret, SECRET_OVERLAP_MS / 1000);
    if (!expiresAt) throw notFound('webhook');
    await this.record('webhook.rotate_secret', principal, id, client);
    return { secret, previousSecretExpiresAt: expiresAt.toISOString() };
  }

  private async found(id: string) {
    const row = await this.subscriptions.find(id);
    if (!row) throw notFound('webhook');
    return row;
  }

  /** Scheme and address, as the deliveries will check them again at every attempt. */
  private async allowUrl(url: string): Promise<void> {
    try {
      await this.http.check(url);
    } catch (error) {
      if (error instanceof RefusedUrlError) throw new AppError('WEBHOOK_URL_NOT_ALLOWED', { detail: error.message });
      throw error;
    }
  }

  private record(action: string, principal: Principal, id: string, client: ClientContext, details?: Record<string, string>): Promise<void> {
    return this.audit.recordBy(principal, client, { action, outcome: 'success', resource: { type: 'webhook', id }, details });
  }
}
