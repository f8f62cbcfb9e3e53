import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { AuditService } from '../../common/audit/audit.service.js';
import { errorSummary, LOGGER } from '../../common/logging/logger.js';
import { MAIL, type MailPort } from '../../common/mail/mail.port.js';
import { BreakGlassRepository, type GrantRow } from './break-glass.repository.js';

/**
 * Tells every other admin that emergency access was opened: who, which grant, until when.
 * Neither the patient's name nor the reason goes into the mail (the review list has both).
 * A send that fails is logged and audited (`break_glass.notify`, failure); the grant stands.
 */
@Injectable()
export class BreakGlassNotices {
  constructor(
    private readonly repository: BreakGlassRepository,
    private readonly audit: AuditService,
    @Inject(MAIL) private readonly mail: MailPort,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async granted(grant: GrantRow): Promise<number> {
    let sent = 0;
    for (const admin of await this.repository.otherAdmins(grant.adminId)) {
      try {
        await this.mail.send({
          to: admin.email,
          subject: 'iHosi: emergency access opened',
          text: [
            `${grant.adminName} opened emergency ("break glass") access to a patient's records.`,
            `Grant ${grant.id}, from ${grant.createdAt.toISOString()} until ${grant.expiresAt.toISOString()}.`,
            'Review it, with its reason, at GET /api/v1/admin/break-glass.',
          ].join('\n'),
          secrets: [],
        });
        sent++;
      } catch (error) {
        this.logger.warn({ err: errorSummary(error), grantId: grant.id }, 'break-glass notice not sent');
        await this.audit.record({ action: 'break_glass.notify', outcome: 'failure', actor: { id: grant.adminId, role: 'admin' }, resource: { type: 'break_glass_grant', id: grant.id } });
      }
    }
    return sent;
  }
}
