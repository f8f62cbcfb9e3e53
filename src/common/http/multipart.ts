import fastifyMultipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/** The largest file any upload route accepts (documents); each route sets its own lower limit in `readUpload`. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/**
 * multipart/form-data for the upload routes, read as a stream by `readUpload` (never buffered
 * by a body parser, never written to a temporary file): one file part, no other parts.
 */
export async function registerMultipart(app: NestFastifyApplication): Promise<void> {
  await app.register(fastifyMultipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 0, parts: 1, headerPairs: 100 }, throwFileSizeLimit: true });
}
