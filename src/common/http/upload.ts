import type { FastifyRequest } from 'fastify';
import { sharedDetails } from '../errors/catalog.js';
import { AppError } from '../errors/app-error.js';

/** One uploaded file, read whole (within its limit) from the multipart field `file`. */
export interface Upload {
  data: Buffer;
  /** As the client named it; never trusted for the type (see `sniffType`). */
  filename: string;
}

const FIELD = 'file';

/**
 * Reads the single file of a multipart/form-data request, streaming, stopping at `maxBytes`:
 * over it 413, no file or another field 400, not multipart 415, a body that ends inside the
 * file 400 `UPLOAD_INCOMPLETE`, zero bytes 400 `UPLOAD_EMPTY`. Nothing is stored before this
 * returns, so a refused upload leaves nothing behind.
 */
export async function readUpload(request: FastifyRequest, maxBytes: number): Promise<Upload> {
  if (!request.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: sharedDetails.notMultipart });
  try {
    const part = await request.file({ limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 } });
    if (!part) throw missingFile();
    if (part.fieldname !== FIELD) {
      part.file.resume();
      throw missingFile();
    }
    const data = await part.toBuffer();
    if (data.length === 0) throw new AppError('UPLOAD_EMPTY', { detail: 'The file has no bytes.' });
    return { data, filename: part.filename.slice(0, 200) };
  } catch (error) {
    throw uploadError(error, maxBytes);
  }
}

function missingFile(): AppError {
  return new AppError('VALIDATION_FAILED', { detail: `Send exactly one file, in the field \`${FIELD}\`.`, errors: [{ field: FIELD, message: 'is required' }] });
}

/** @fastify/multipart's and busboy's errors as problems; anything unrecognised means the body ended early. */
function uploadError(error: unknown, maxBytes: number): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return new AppError('PAYLOAD_TOO_LARGE', { detail: `The file is larger than ${maxBytes} bytes.` });
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return missingFile();
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') return new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: sharedDetails.notMultipart });
  return new AppError('UPLOAD_INCOMPLETE', { detail: 'The request body ended before the file was complete; send it again.', cause: error });
}

export type SniffedType = 'image/jpeg' | 'image/png' | 'image/webp' | 'application/pdf';

/** The type by the first bytes of the content (the name and the declared type are not trusted). */
export function sniffType(data: Buffer): SniffedType | null {
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return 'image/jpeg';
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (data.length >= 5 && data.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return null;
}
