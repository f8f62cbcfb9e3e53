import { Inject, Injectable } from '@nestjs/common';
import { DATABASE, type Database, type Db } from './database.js';

/** A database handle repositories run SQL on: the pool, or an open transaction. */
export type Executor = Db;

/** Opens transactions for services that must change several tables atomically. */
@Injectable()
export class Transactions {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** The pool, for single statements that are atomic on their own. */
  get pool(): Executor {
    return this.database.db;
  }

  run<T>(work: (tx: Executor) => Promise<T>): Promise<T> {
    // A transaction is a PgDatabase too; the cast only drops the transaction-only methods.
    return this.database.db.transaction((tx) => work(tx as unknown as Executor));
  }
}
