import { Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/audit.service.js';
import type { Principal } from '../../common/auth/principal.js';
import { TermsAcceptance } from '../../common/auth/terms-acceptance.service.js';
import { AppError } from '../../common/errors/app-error.js';
import type { ClientContext } from '../../common/http/client-context.js';
import { ConsentsRepository } from './consents.repository.js';
import type { AcceptTermsInput } from './dto/consents.inputs.js';
import { toConsentDto, type ConsentsDto } from './dto/consents.outputs.js';

/** The caller's acceptances of the terms of use and privacy notice (TERMS_VERSION). */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly consents: ConsentsRepository,
    private readonly terms: TermsAcceptance,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal): Promise<ConsentsDto> {
    const history = (await this.consents.history(principal.userId)).map(toConsentDto);
    const current = this.terms.current;
    return { current, accepted: current === null || history.some((c) => c.termsVersion === current), history };
  }

  /** Accepts the version in force; any other (an old one, or one not yet published) is 409. */
  async accept(principal: Principal, input: AcceptTermsInput, client: ClientContext): Promise<ConsentsDto> {
    const current = this.terms.current;
    if (current === null || input.termsVersion !== current) {
      throw new AppError('TERMS_VERSION_MISMATCH', {
        detail: current === null ? 'No terms are in force here; there is nothing to accept.' : `The terms in force are version ${current}; read them and send that version.`,
      });
    }
    await this.consents.accept(principal.userId, current);
    await this.terms.remember(principal.userId, current);
    await this.audit.recordBy(principal, client, { action: 'consent.accept', outcome: 'success', resource: { type: 'user', id: principal.userId }, details: { termsVersion: current } });
    return this.list(principal);
  }
}
