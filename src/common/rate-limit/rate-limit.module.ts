import { Global, Module } from '@nestjs/common';
import { AuthRateLimiter } from './auth-rate-limit.service.js';
import { GlobalRateLimiter } from './global-rate-limit.service.js';

@Global()
@Module({ providers: [AuthRateLimiter, GlobalRateLimiter], exports: [AuthRateLimiter, GlobalRateLimiter] })
export class RateLimitModule {}
