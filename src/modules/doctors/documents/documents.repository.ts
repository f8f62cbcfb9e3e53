import { Inject, Injectable } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import { DATABASE, type Database } from '../../../db/database.js';
import { isoInstant, rowsOf } from '../../../db/rows.js';
import type { Executor } from '../../../db/transactions.js';
import type { DocumentRecord } from '../dto/document.outputs.js';
import { MAX_DOCUMENTS } from '../dto/document.inputs.js';

const columns = sql`id, doctor_id as "doctorId", kind::text as kind, file_name as "fileName", content_type as "contentType",
  size_bytes as "sizeBytes", storage_key as "storageKey", ${isoInstant(sql`created_at`)} as "createdAt"`;

export interface NewDocument {
  id: string;
  doctorId: string;
  kind: DocumentRecord['kind'];
  fileName: string;
  contentType: DocumentRecord['contentType'];
  sizeBytes: number;
  storageKey: string;
  keyId: string;
}

/** The doctor_documents table (owned by the doctors module). */
@Injectable()
export class DocumentsRepository {
  constructor(@Inject(DATABASE) private readonly database: Database) {}

  /** Inserts unless the doctor already has MAX_DOCUMENTS; false when full. */
  async insert(doc: NewDocument, within?: Executor): Promise<DocumentRecord | null> {
    const rows = await rowsOf<DocumentRecord>(
      within ?? this.database.db,
      sql`insert into doctor_documents (id, doctor_id, kind, file_name, content_type, size_bytes, storage_key, key_id)
          select ${doc.id}, ${doc.doctorId}, ${doc.kind}::doctor_document_kind, ${doc.fileName}, ${doc.contentType}, ${doc.sizeBytes}, ${doc.storageKey}, ${doc.keyId}
           where (select count(*) from doctor_documents where doctor_id = ${doc.doctorId}) < ${MAX_DOCUMENTS}
          returning ${columns}`,
    );
    return rows[0] ?? null;
  }

  async list(doctorId: string): Promise<DocumentRecord[]> {
    return rowsOf<DocumentRecord>(this.database.db, sql`select ${columns} from doctor_documents where doctor_id = ${doctorId} order by created_at, id limit ${MAX_DOCUMENTS}`);
  }

  async find(doctorId: string, id: string): Promise<DocumentRecord | null> {
    const rows = await rowsOf<DocumentRecord>(this.database.db, sql`select ${columns} from doctor_documents where doctor_id = ${doctorId} and id = ${id}`);
    return rows[0] ?? null;
  }

  /** Deletes the row; returns it when it was there. */
  async delete(doctorId: string, id: string, within?: Executor): Promise<DocumentRecord | null> {
    const rows = await rowsOf<DocumentRecord>(within ?? this.database.db, sql`delete from doctor_documents where doctor_id = ${doctorId} and id = ${id} returning ${columns}`);
    return rows[0] ?? null;
  }

  /**
   * keys:rotate: up to `limit` documents whose file is under a key other than `keyId`, locked
   * for the transaction `tx` (SKIP LOCKED: one being deleted is left to its request).
   */
  async lockUnderOtherKeys(tx: Executor, keyId: string, limit: number): Promise<{ id: string; storageKey: string }[]> {
    return rowsOf<{ id: string; storageKey: string }>(
      tx,
      sql`select id, storage_key as "storageKey" from doctor_documents where key_id <> ${keyId} order by id limit ${limit} for update skip locked`,
    );
  }

  /** keys:rotate: the document's file is now under `keyId`. */
  async setKey(tx: Executor, id: string, keyId: string): Promise<void> {
    await tx.execute(sql`update doctor_documents set key_id = ${keyId} where id = ${id}`);
  }

  async countUnderOtherKeys(keyId: string): Promise<number> {
    const [row] = await rowsOf<{ n: number }>(this.database.db, sql`select count(*)::int as n from doctor_documents where key_id <> ${keyId}`);
    return row?.n ?? 0;
  }
}
