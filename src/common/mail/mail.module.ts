import { Global, Module } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config.js';
import { APP_CONFIG } from '../core/tokens.js';
import { LOGGER } from '../logging/logger.js';
import { DevelopmentMailer } from './development.mailer.js';
import { DisabledMailer } from './disabled.mailer.js';
import { MAIL, type MailPort } from './mail.port.js';
import { SmtpMailer } from './smtp.mailer.js';

export function createMailer(config: AppConfig, logger: Logger): MailPort {
  if (config.mail.transport === 'disabled') return new DisabledMailer(logger);
  return config.mail.smtp ? new SmtpMailer(config.mail.smtp, config.mail.from) : new DevelopmentMailer(config.env, logger);
}

@Global()
@Module({
  providers: [{ provide: MAIL, useFactory: createMailer, inject: [APP_CONFIG, LOGGER] }],
  exports: [MAIL],
})
export class MailModule {}
