import { preferredLocale } from './accept-language.js';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/audit.service.js';
import { TermsAcceptance } from '../../common/auth/terms-acceptance.service.js';
import { AppError } from '../../common/errors/app-error.js';
import { EventBus } from '../../common/events/event-bus.service.js';
import type { ClientContext } from '../../common/http/client-context.js';
import type { RegisterInput } from './dto/auth.inputs.js';
import type { SessionDto } from './dto/session.outputs.js';
import { PasswordHasher } from './password-hasher.service.js';
import { SessionIssuer } from './session-issuer.service.js';
import { UsersRepository } from './users.repository.js';

/** Sign-up: the account, and what other modules make with it (`user.registered`), in one transaction. */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly events: EventBus,
    private readonly issuer: SessionIssuer,
    private readonly audit: AuditService,
    private readonly terms: TermsAcceptance,
  ) {}

  /** `acceptLanguage`: the request's header, which sets the account's language (`en` unless it prefers `es`). */
  async register(input: RegisterInput, client: ClientContext, acceptLanguage?: string): Promise<SessionDto> {
    const termsVersion = this.acceptedTerms(input);
    const user = await this.users.createAccount(
      { email: input.email, passwordHash: await this.hasher.hash(input.password), fullName: input.fullName, role: input.role, phone: input.phone, locale: preferredLocale(acceptLanguage) },
      // A doctor's pending profile (the doctors module) commits with the account or not at all.
      (tx, created) => this.events.emit('user.registered', { tx, userId: created.id, role: created.role, termsVersion }),
    );
    if (termsVersion) await this.terms.remember(user.id, termsVersion);
    await this.audit.record({
      action: 'auth.register',
      outcome: 'success',
      actor: { id: user.id, role: user.role },
      resource: { type: 'user', id: user.id },
      client,
      ...(termsVersion ? { details: { termsVersion } } : {}),
    });
    return this.issuer.start(user);
  }

  /**
   * The terms version the sign-up accepts: `termsVersion` when it is the one in force (another
   * is refused, 409), null when the client sent none (the account then has to accept before
   * anything else) or when no terms are in force (nothing to accept).
   */
  private acceptedTerms(input: RegisterInput): string | null {
    if (input.termsVersion === undefined || this.terms.current === null) return null;
    if (input.termsVersion !== this.terms.current) {
      throw new AppError('TERMS_VERSION_MISMATCH', { detail: `The terms in force are version ${this.terms.current}; read them and send that version.` });
    }
    return input.termsVersion;
  }
}
