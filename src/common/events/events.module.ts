import { Global, Module } from '@nestjs/common';
import { EventBus } from './event-bus.service.js';

/** One EventBus per application, so apps built side by side in tests do not hear each other. */
@Global()
@Module({ providers: [EventBus], exports: [EventBus] })
export class EventsModule {}
