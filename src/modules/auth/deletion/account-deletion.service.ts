import { Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth/principal.js';
import { AppError } from '../../../common/errors/app-error.js';
import { sharedDetails } from '../../../common/errors/catalog.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import type { DeleteAccountInput } from '../dto/account-deletion.inputs.js';
import { MfaRepository } from '../mfa/mfa.repository.js';
import { SecondFactor } from '../mfa/second-factor.service.js';
import { PasswordHasher } from '../password-hasher.service.js';
import { UsersRepository } from '../users.repository.js';
import { AccountErasure } from './account-erasure.service.js';

/**
 * DELETE /api/v1/me. The caller proves the account is theirs as a sign-in does: the password and,
 * with a second factor enrolled, a code (or a recovery code), checked under the account's
 * lockout so that wrong ones count like failed sign-ins. Then AccountErasure erases it.
 */
@Injectable()
export class AccountDeletion {
  constructor(
    private readonly users: UsersRepository,
    private readonly hasher: PasswordHasher,
    private readonly factors: MfaRepository,
    private readonly secondFactor: SecondFactor,
    private readonly erasure: AccountErasure,
  ) {}

  async delete(principal: Principal, input: DeleteAccountInput, client: ClientContext): Promise<void> {
    const user = await this.users.findById(principal.userId);
    if (!user || user.deletedAt) throw new AppError('UNAUTHENTICATED', { detail: sharedDetails.accountGone });
    await this.secondFactor.attempt({ id: user.id, role: principal.role }, 'account.delete', client, async () => {
      if (!(await this.hasher.verify(input.password, user.passwordHash))) return 'wrong_password';
      if (!(await this.factors.isEnrolled(user.id))) return true;
      return (await this.secondFactor.spend(user.id, input)) ? true : 'wrong_code';
    });
    await this.erasure.erase(principal, client);
  }
}
