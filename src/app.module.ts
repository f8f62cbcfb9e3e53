import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { AccessModule } from './common/access/access.module.js';
import { AuditModule } from './common/audit/audit.module.js';
import { AuthCoreModule } from './common/auth/auth-core.module.js';
import { CoreModule } from './common/core/core.module.js';
import { EventsModule } from './common/events/events.module.js';
import { MailModule } from './common/mail/mail.module.js';
import { PaginationModule } from './common/pagination/pagination.module.js';
import { PeriodicModule } from './common/periodic/periodic.module.js';
import { RateLimitModule } from './common/rate-limit/rate-limit.module.js';
import type { AppConfig } from './config/config.js';
import { AuditEventsModule } from './modules/audit/audit-events.module.js';
import { AuthModule } from './modules/auth/auth.module.js';
import { DoctorsModule } from './modules/doctors/doctors.module.js';
import { ReviewsModule } from './modules/reviews/reviews.module.js';
import { SchedulingModule } from './modules/scheduling/scheduling.module.js';
import { NotificationsModule } from './modules/notifications/notifications.module.js';
import { HealthModule } from './modules/health/health.module.js';
import { SpecialtiesModule } from './modules/specialties/specialties.module.js';
import { InsuranceModule } from './modules/insurance/insurance.module.js';
import { WebhooksModule } from './modules/webhooks/webhooks.module.js';
import { EmergencyAccessModule } from './modules/emergency-access/emergency-access.module.js';
import { FhirModule } from './modules/fhir/fhir.module.js';
import { ConsentsModule } from './modules/consents/consents.module.js';
import { PrivacyModule } from './modules/privacy/privacy.module.js';
import { StorageModule } from './common/storage/storage.module.js';

@Module({})
export class AppModule {
  /** Configuration is passed in, not read from process.env, so tests build apps side by side. */
  static forRoot(config: AppConfig, logger: Logger, extraModules: DynamicModule[] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config, logger),
        EventsModule,
        AuthCoreModule,
        AuditModule,
        AccessModule,
        MailModule,
        PaginationModule,
        PeriodicModule,
        RateLimitModule,
        HealthModule,
        SpecialtiesModule,
        AuthModule,
        SchedulingModule,
        ReviewsModule,
        DoctorsModule,
        AuditEventsModule,
        InsuranceModule,
        NotificationsModule,
        WebhooksModule,
        EmergencyAccessModule,
        FhirModule,
        ConsentsModule,
        PrivacyModule,
        StorageModule,
        ...extraModules,
      ],
    };
  }
}
