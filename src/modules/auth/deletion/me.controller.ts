import { Controller, Delete } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SignedInBeforeTermsAccepted } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Client, type ClientContext } from '../../../common/http/client-context.js';
import { Operation } from '../../../common/openapi/operation.js';
import { ValidBody } from '../../../common/validation/zod-validation.js';
import { deleteAccountSchema, type DeleteAccountInput } from '../dto/account-deletion.inputs.js';
import { AccountDeletion } from './account-deletion.service.js';

@ApiTags('auth')
@Controller('api/v1/me')
export class MeController {
  constructor(private readonly deletion: AccountDeletion) {}

  @Delete()
  // Someone who will not accept new terms must still be able to leave.
  @SignedInBeforeTermsAccepted()
  @Operation({
    id: 'deleteMe',
    summary: "Delete the caller's account",
    description:
      'Needs the password and, when a second factor is enrolled, a `code` (or a `recoveryCode`); wrong ones count toward the lockout like failed sign-ins. Personal data is erased or pseudonymised: the name becomes a pseudonym, the e-mail a tombstone (it can register again), phone and date of birth are cleared, the password stops working, every session ends, devices, phone verification, waitlist entries, holds, preferences and the calendar feed go. Appointments stay, under the pseudonym, for the other party’s records until `RECORD_RETENTION_YEARS` after; future ones are cancelled and the other party notified. Reviews stay, anonymous. A doctor’s profile leaves the directory. The last admin account cannot be deleted (409 `LAST_ADMIN`). The audit trail is kept.',
    ok: { description: 'Deleted; the account cannot sign in any more' },
    // A DELETE with a body: its 413 and 415 are not implied by the method as a write's are.
    errors: ['INVALID_CREDENTIALS', 'INVALID_MFA_CODE', 'ACCOUNT_LOCKED', 'LAST_ADMIN', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE'],
  })
  delete(@CurrentUser() principal: Principal, @ValidBody(deleteAccountSchema) body: DeleteAccountInput, @Client() client: ClientContext): Promise<void> {
    return this.deletion.delete(principal, body, client);
  }
}
