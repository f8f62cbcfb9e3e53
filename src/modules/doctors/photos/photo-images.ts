import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { AppError } from '../../../common/errors/app-error.js';
import { sharedDetails } from '../../../common/errors/catalog.js';
import { sniffType } from '../../../common/http/upload.js';

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/** Square WebP renditions, by name and edge in pixels. */
export const PHOTO_SIZES = { small: 128, medium: 256, large: 512 } as const;
export type PhotoSize = keyof typeof PHOTO_SIZES;
const EDGES = Object.values(PHOTO_SIZES);
/** Images larger than this many pixels are refused before they are decoded (decompression bombs). */
const MAX_INPUT_PIXELS = 40_000_000;
const ACCEPTED = new Map([
  ['image/jpeg', 'jpeg'],
  ['image/png', 'png'],
  ['image/webp', 'webp'],
]);

export interface RenderedPhoto {
  /** First 16 hex digits of the upload's SHA-256: the same image always gets the same URLs. */
  hash: string;
  renditions: { edge: number; data: Buffer }[];
}

/** The storage key of one rendition. */
export function photoKey(doctorId: string, hash: string, edge: number): string {
  return `photos/${doctorId.toLowerCase()}/${hash}-${edge}.webp`;
}

export function isPhotoEdge(edge: number): boolean {
  return (EDGES as number[]).includes(edge);
}

/**
 * Checks the upload by content (JPEG, PNG or WebP by its first bytes, and a decoder that
 * agrees) and renders it as WebP in every size: turned upright by its EXIF orientation, then
 * written without any metadata (sharp keeps none unless asked), so EXIF, GPS and ICC
 * comments never leave this function.
 */
export async function renderPhoto(data: Buffer): Promise<RenderedPhoto> {
  const sniffed = sniffType(data);
  const format = sniffed && ACCEPTED.get(sniffed);
  if (!format) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: 'A photo must be a JPEG, PNG or WebP image.' });
  const metadata = await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS })
    .metadata()
    .catch(() => null);
  if (!metadata || metadata.format !== format || !metadata.width || !metadata.height) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: sharedDetails.unreadableImage });
  }
  try {
    const renditions = await Promise.all(
      EDGES.map(async (edge) => ({
        edge,
        data: await sharp(data, { limitInputPixels: MAX_INPUT_PIXELS }).rotate().resize(edge, edge, { fit: 'cover', position: 'attention' }).webp({ quality: 82 }).toBuffer(),
      })),
    );
    return { hash: createHash('sha256').update(data).digest('hex').slice(0, 16), renditions };
  } catch (error) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: sharedDetails.unreadableImage, cause: error });
  }
}
