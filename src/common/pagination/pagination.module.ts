import { Global, Module } from '@nestjs/common';
import { CursorCodec } from './cursor-codec.service.js';

/** Keyset paging for every list: the one cursor codec (one key, derived once). */
@Global()
@Module({ providers: [CursorCodec], exports: [CursorCodec] })
export class PaginationModule {}
