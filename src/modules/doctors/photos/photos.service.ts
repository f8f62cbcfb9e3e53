import { buffer } from 'node:stream/consumers';
import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../../../common/auth/principal.js';
import { notFound } from '../../../common/errors/app-error.js';
import type { Upload } from '../../../common/http/upload.js';
import { STORAGE, type StoragePort } from '../../../common/storage/storage.port.js';
import { DirectoryCache } from '../directory.cache.js';
import { photoUrls } from '../dto/doctor.outputs.js';
import { OwnDoctorProfile } from '../own-doctor-profile.service.js';
import type { DoctorPhotoDto } from '../dto/photo.outputs.js';
import { isPhotoEdge, photoKey, PHOTO_SIZES, renderPhoto } from './photo-images.js';
import { PhotosRepository } from './photos.repository.js';

const EDGES = Object.values(PHOTO_SIZES);
const FILE = /^([0-9a-f]{16})-(\d{3})\.webp$/;

/** A doctor's own photo: replaced, removed, and served (publicly, by its content-hashed path). */
@Injectable()
export class PhotosService {
  constructor(
    private readonly me: OwnDoctorProfile,
    private readonly photos: PhotosRepository,
    private readonly cache: DirectoryCache,
    @Inject(STORAGE) private readonly storage: StoragePort,
  ) {}

  /**
   * Stores every rendition before the profile points at them, and removes them again if the
   * profile cannot be updated; the replaced photo's files go once nothing points at them.
   */
  async replace(principal: Principal, upload: Upload): Promise<DoctorPhotoDto> {
    const { id: doctorId } = await this.me.of(principal);
    const photo = await renderPhoto(upload.data);
    const keys = photo.renditions.map((r) => photoKey(doctorId, photo.hash, r.edge));
    let previous: string | null | undefined;
    try {
      await Promise.all(photo.renditions.map((r, i) => this.storage.put(keys[i]!, r.data, 'image/webp')));
      previous = await this.photos.replaceHash(doctorId, photo.hash);
    } catch (error) {
      await this.removeKeys(keys);
      throw error;
    }
    if (previous === undefined) {
      await this.removeKeys(keys);
      throw notFound('doctorProfile');
    }
    if (previous && previous !== photo.hash) await this.removeFiles(doctorId, previous);
    await this.cache.invalidate();
    return photoUrls(doctorId, photo.hash)!;
  }

  async remove(principal: Principal): Promise<void> {
    const { id: doctorId } = await this.me.of(principal);
    const previous = await this.photos.replaceHash(doctorId, null);
    if (previous) await this.removeFiles(doctorId, previous);
    await this.cache.invalidate();
  }

  /** One rendition by its path; 404 for anything that is not a stored photo. */
  async open(doctorId: string, file: string): Promise<Buffer> {
    const match = FILE.exec(file);
    if (!match || !isPhotoEdge(Number(match[2]))) throw notFound('photo');
    const stored = await this.storage.get(photoKey(doctorId, match[1]!, Number(match[2])));
    if (!stored) throw notFound('photo');
    // Whole, not streamed (a rendition is tens of kilobytes), so the caching hook can give it a strong ETag.
    return buffer(stored.body);
  }

  private removeFiles(doctorId: string, hash: string): Promise<void> {
    return this.removeKeys(EDGES.map((edge) => photoKey(doctorId, hash, edge)));
  }

  /** Best effort: a file left behind is unreachable garbage, not an error for the caller. */
  private async removeKeys(keys: string[]): Promise<void> {
    await Promise.allSettled(keys.map((key) => this.storage.delete(key)));
  }
}
