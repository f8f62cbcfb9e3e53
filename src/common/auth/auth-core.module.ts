import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { RouteCatalog } from '../http/route-catalog.js';
import { AccessGuard } from './access.guard.js';
import { AccessTokens } from './access-tokens.service.js';
import { PrincipalResolver } from './request-principal.service.js';
import { TermsAcceptanceRepository } from './terms-acceptance.repository.js';
import { TermsAcceptance } from './terms-acceptance.service.js';
import { TokenValidityRepository } from './token-validity.repository.js';
import { TokenValidity } from './token-validity.service.js';

/** Authentication for every module: the global access guard, token verification, the principal. The auth module issues and revokes. */
@Global()
@Module({
  providers: [RouteCatalog, AccessTokens, TokenValidity, TokenValidityRepository, TermsAcceptance, TermsAcceptanceRepository, PrincipalResolver, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AccessTokens, TokenValidity, TermsAcceptance, PrincipalResolver, RouteCatalog],
})
export class AuthCoreModule {}
