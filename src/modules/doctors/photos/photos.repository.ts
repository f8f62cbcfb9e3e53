import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../db/database.js';
import { rowsOf } from '../../../db/rows.js';

/** The doctors.photo_hash column (the doctors module owns the table). */
@Injectable()
export class PhotosRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Sets the doctor's photo hash (null: no photo); returns the one it replaced, or undefined when there is no such doctor. */
  async replaceHash(doctorId: string, hash: string | null): Promise<string | null | undefined> {
    const rows = await rowsOf<{ previous: string | null }>(
      this.database.db,
      sql`
      update doctors d set photo_hash = ${hash}, updated_at = now()
        from (select id, photo_hash from doctors where id = ${doctorId} for update) old
       where d.id = old.id
      returning old.photo_hash as "previous"`,
    );
    const row = rows[0];
    return row ? row.previous : undefined;
  }
}
