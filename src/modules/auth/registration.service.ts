import { preferredLocale } from './accept-language.js';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../common/audit/audit.service.js';
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
  ) {}

  /** `acceptLanguage`: the request's header, which sets the account's language (`en` unless it prefers `es`). */
  async register(input: RegisterInput, client: ClientContext, acceptLanguage?: string): Promise<SessionDto> {
    const user = await this.users.createAccount(
      { email: input.email, passwordHash: await this.hasher.hash(input.password), fullName: input.fullName, role: input.role, phone: input.phone, locale: preferredLocale(acceptLanguage) },
      // A doctor's pending profile (the doctors module) commits with the account or not at all.
      (tx, created) => this.events.emit('user.registered', { tx, userId: created.id, role: created.role }),
    );
    await this.audit.record({ action: 'auth.register', outcome: 'success', actor: { id: user.id, role: user.role }, resource: { type: 'user', id: user.id }, client });
    return this.issuer.start(user);
  }
}
