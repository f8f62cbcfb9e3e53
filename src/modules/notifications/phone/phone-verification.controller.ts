import { Controller, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { SignedIn } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Operation } from '../../../common/openapi/operation.js';
import { ValidBody } from '../../../common/validation/zod-validation.js';
import * as inputs from './dto/phone-verification.inputs.js';
import { phoneVerificationStartedSchema, verifiedPhoneSchema, type PhoneVerificationStartedDto, type VerifiedPhoneDto } from './dto/phone-verification.outputs.js';
import { PhoneVerificationService } from './phone-verification.service.js';

@ApiTags('notifications')
@Controller('api/v1/me/phone/verification')
@SignedIn()
export class PhoneVerificationController {
  constructor(private readonly verification: PhoneVerificationService) {}

  @Post()
  @Operation({
    id: 'startPhoneVerification',
    summary: 'Text a 6-digit code to the phone that should receive SMS',
    description:
      'Replaces the number SMS go to: until the new one is confirmed, no SMS are sent. The code lives 10 minutes and allows 5 tries; a new code can be requested once a minute (429 `RATE_LIMITED` with `Retry-After`). 503 `SMS_UNAVAILABLE` when this server sends no texts.',
    ok: { status: 202, description: 'The code is on its way', schema: phoneVerificationStartedSchema },
    errors: ['RATE_LIMITED', 'SMS_UNAVAILABLE'],
  })
  start(@CurrentUser() principal: Principal, @ValidBody(inputs.startPhoneVerificationSchema) body: inputs.StartPhoneVerificationInput): Promise<PhoneVerificationStartedDto> {
    return this.verification.start(principal, body);
  }

  @Post('confirm')
  @Operation({
    id: 'confirmPhoneVerification',
    summary: 'Confirm the texted code; SMS go to that phone from now on',
    description: 'A wrong, expired or unrequested code is 422 `VERIFICATION_CODE_INVALID`; the sixth try of one code is 429 `TOO_MANY_ATTEMPTS` (request a new code).',
    ok: { description: 'The phone is verified', schema: verifiedPhoneSchema },
    errors: ['VERIFICATION_CODE_INVALID', 'TOO_MANY_ATTEMPTS'],
  })
  confirm(@CurrentUser() principal: Principal, @ValidBody(inputs.confirmPhoneVerificationSchema) body: inputs.ConfirmPhoneVerificationInput): Promise<VerifiedPhoneDto> {
    return this.verification.confirm(principal, body);
  }
}
