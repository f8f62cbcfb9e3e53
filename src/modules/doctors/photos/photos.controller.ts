import { Controller, Delete, Get, Header, Put, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DoctorIdParam } from '../../../common/access/doctor-id.param.js';
import { Public, Roles } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { readUpload } from '../../../common/http/upload.js';
import { Operation } from '../../../common/openapi/operation.js';
import { toOpenApiSchema } from '../../../common/openapi/schemas.js';
import { ValidParam } from '../../../common/validation/zod-validation.js';
import { doctorPhotoSchema, type DoctorPhotoDto } from '../dto/photo.outputs.js';
import { photoFileParam } from '../dto/photo.inputs.js';
import { uploadBodySchema } from '../dto/upload.inputs.js';
import { PHOTO_MAX_BYTES } from './photo-images.js';
import { PhotosService } from './photos.service.js';


/** The multipart body of an upload route (a named component `id`): one file in the field `file`. */
export function multipartFile(id: string, maxBytes: number, types: string): MethodDecorator {
  const body = uploadBodySchema(id, maxBytes, types);
  return (target, key, descriptor) => {
    ApiConsumes('multipart/form-data')(target, key, descriptor);
    ApiBody({ required: true, schema: toOpenApiSchema(body, 'input') })(target, key, descriptor);
  };
}

@ApiTags('doctors')
@Controller('api/v1/doctors')
export class PhotosController {
  constructor(private readonly photos: PhotosService) {}

  @Put('me/photo')
  @Roles('doctor')
  @multipartFile('PhotoUpload', PHOTO_MAX_BYTES, 'JPEG, PNG or WebP')
  @Operation({
    id: 'replaceMyDoctorPhoto',
    summary: "Replace the signed-in doctor's photo",
    description:
      'multipart/form-data, the image in the field `file` (JPEG, PNG or WebP by content, at most 5 MB). Stored as WebP in three sizes without any metadata (EXIF, GPS); the answer and every profile carry paths with the content hash, cacheable forever.',
    ok: { description: 'The new photo paths', schema: doctorPhotoSchema },
    errors: ['NOT_FOUND', 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'UPLOAD_EMPTY', 'UPLOAD_INCOMPLETE'],
  })
  async replace(@CurrentUser() principal: Principal, @Req() request: FastifyRequest): Promise<DoctorPhotoDto> {
    return this.photos.replace(principal, await readUpload(request, PHOTO_MAX_BYTES));
  }

  @Delete('me/photo')
  @Roles('doctor')
  @Operation({
    id: 'deleteMyDoctorPhoto',
    summary: "Remove the signed-in doctor's photo",
    description: 'Removes the photo and its files; profiles show `photo: null`. Removing when there is none is not an error.',
    ok: { status: 204, description: 'No photo any more' },
    errors: ['NOT_FOUND'],
  })
  remove(@CurrentUser() principal: Principal): Promise<void> {
    return this.photos.remove(principal);
  }

  @Get(':id/photos/:file')
  @Public()
  @Header('Content-Type', 'image/webp')
  @Operation({
    id: 'getDoctorPhoto',
    summary: "A doctor's photo",
    description: 'One WebP rendition, by the path a profile gives. The path names the content, so the answer is `Cache-Control: public, max-age=31536000, immutable`.',
    ok: { description: 'The image', mediaType: 'image/webp', schema: z.string().max(PHOTO_MAX_BYTES).meta({ format: 'binary' }) },
    errors: ['NOT_FOUND'],
  })
  open(@DoctorIdParam() id: string, @ValidParam('file', photoFileParam) file: string): Promise<Buffer> {
    return this.photos.open(id, file);
  }
}
