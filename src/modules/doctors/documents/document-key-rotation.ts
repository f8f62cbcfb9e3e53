import { buffer } from 'node:stream/consumers';
import type { FileCipher } from '../../../common/crypto/file-cipher.js';
import type { StoragePort } from '../../../common/storage/storage.port.js';
import type { Database } from '../../../db/database.js';
import { Transactions } from '../../../db/transactions.js';
import { DocumentsRepository } from './documents.repository.js';

/** What a stored document's ciphertext is bound to: bytes moved to another record fail to decrypt. */
export const documentBinding = (id: string) => `doctor_documents/${id}`;

export interface DocumentRotationCount {
  /** Files rewritten under the current key. */
  reencrypted: number;
  /** Files still under an older key: their rows were locked (being deleted) during the run; run again. */
  remaining: number;
}

/**
 * `npm run keys:rotate` for verification documents: each file under an older key is read,
 * decrypted and written back under the first key of DATA_ENCRYPTION_KEYS, then its row says so.
 * Without this an old key could never be dropped: the files under it would become unreadable.
 * A batch is one transaction holding its rows, so a deletion waits for it. A crash between the
 * write and the commit is harmless: a file names its own key, so it reads under either, and
 * the next run rewrites it again. A missing or unreadable file stops the run naming the
 * document, as a tampered column value does.
 */
export async function rotateDocumentFiles(database: Database, storage: StoragePort, cipher: FileCipher, options: { batchSize?: number } = {}): Promise<DocumentRotationCount> {
  const batchSize = options.batchSize ?? 50;
  const documents = new DocumentsRepository(database);
  const transactions = new Transactions(database);
  const current = cipher.currentKeyId;
  let reencrypted = 0;
  for (;;) {
    const rewritten = await transactions.run(async (tx) => {
      const rows = await documents.lockUnderOtherKeys(tx, current, batchSize);
      for (const row of rows) {
        const stored = await storage.get(row.storageKey);
        if (!stored) throw new Error(`doctor_documents ${row.id}: its file ${row.storageKey} is missing from storage`);
        const plaintext = cipher.decrypt(documentBinding(row.id), await buffer(stored.body));
        await storage.put(row.storageKey, cipher.encrypt(documentBinding(row.id), plaintext), 'application/octet-stream');
        await documents.setKey(tx, row.id, current);
      }
      return rows.length;
    });
    reencrypted += rewritten;
    // A short batch: nothing is left but rows others hold (rewritten rows no longer match).
    if (rewritten < batchSize) break;
  }
  return { reencrypted, remaining: await documents.countUnderOtherKeys(current) };
}
