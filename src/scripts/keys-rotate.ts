import { installFieldCipher } from '../common/crypto/field-cipher.js';
import { FileCipher } from '../common/crypto/file-cipher.js';
import { openStorage } from '../common/storage/open-storage.js';
import { rotateDocumentFiles } from '../modules/doctors/documents/document-key-rotation.js';
import { rotateEncryptionKeys } from '../common/crypto/rotate-keys.js';
import { createLogger } from '../common/logging/logger.js';
import { ConfigError, loadConfig } from '../config/config.js';
import { connectDatabase } from '../db/connect.js';

/**
 * `npm run keys:rotate`: rewrites PHI values row-bound under the first key of
 * DATA_ENCRYPTION_KEYS (values under older keys, and the column-bound `enc:v1:` values and
 * plaintext of earlier releases, which the app refuses), then the stored verification
 * documents under older keys. Safe beside a serving app; idempotent. Prints counts only:
 * never a key or a value.
 */
async function run(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const logger = createLogger(config);
  const cipher = installFieldCipher(config.encryption.keys);
  const database = await connectDatabase(config.database, logger);
  const storage = await openStorage(config.storage);
  try {
    await database.migrate();
    const batchSize = Number.parseInt(process.argv.find((a) => a.startsWith('--batch-size='))?.split('=')[1] ?? '500', 10);
    const counts = await rotateEncryptionKeys(database.db, cipher, { batchSize: batchSize > 0 ? batchSize : 500 });
    for (const c of counts) {
      process.stdout.write(`${c.table}.${c.column}: ${c.reencrypted} re-encrypted, ${c.remaining} remaining\n`);
    }
    const files = await rotateDocumentFiles(database, storage, new FileCipher(config.encryption.keys));
    process.stdout.write(`doctor_documents files: ${files.reencrypted} re-encrypted, ${files.remaining} remaining\n`);
    const remaining = counts.reduce((sum, c) => sum + c.remaining, files.remaining);
    process.stdout.write(
      remaining === 0
        ? `Every encrypted value is under key "${cipher.currentKeyId}"; keys other than the first may now be removed from DATA_ENCRYPTION_KEYS.\n`
        : `${remaining} values or files were locked by requests and skipped; run keys:rotate again.\n`,
    );
  } finally {
    await storage.close();
    await database.close();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
