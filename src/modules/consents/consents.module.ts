import { Module } from '@nestjs/common';
import { ConsentListeners } from './consents.listeners.js';
import { ConsentsController } from './consents.controller.js';
import { ConsentsRepository } from './consents.repository.js';
import { ConsentsService } from './consents.service.js';

/** Consent to the terms of use and privacy notice (TERMS_VERSION); the access gate is in common/auth. */
@Module({ controllers: [ConsentsController], providers: [ConsentsRepository, ConsentsService, ConsentListeners], exports: [ConsentsService] })
export class ConsentsModule {}
