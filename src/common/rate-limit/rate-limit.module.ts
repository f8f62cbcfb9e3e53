import { Global, Module } from '@nestjs/common';
import { AuthRateLimiter } from './auth-rate-limit.js';

@Global()
@Module({ providers: [AuthRateLimiter], exports: [AuthRateLimiter] })
export class RateLimitModule {}
