import { Controller, Delete, Get, Post, Req, type StreamableFile } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { DoctorIdParam } from '../../../common/access/doctor-id.param.js';
import { Roles } from '../../../common/auth/policy.js';
import { CurrentUser, type Principal } from '../../../common/auth/principal.js';
import { Client, type ClientContext } from '../../../common/http/client-context.js';
import { readUpload } from '../../../common/http/upload.js';
import { Operation } from '../../../common/openapi/operation.js';
import { uuidParam } from '../../../common/validation/uuid.js';
import { ValidParam, ValidQuery } from '../../../common/validation/zod-validation.js';
import { DOCUMENT_MAX_BYTES, documentUploadQuerySchema, type DocumentUploadQuery } from '../dto/document.inputs.js';
import { doctorDocumentListSchema, doctorDocumentSchema, type DoctorDocumentDto } from '../dto/document.outputs.js';
import { multipartFile } from '../photos/photos.controller.js';
import { DocumentsService } from './documents.service.js';

const FILE_ERRORS = ['NOT_FOUND', 'VALIDATION_FAILED', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'UPLOAD_EMPTY', 'UPLOAD_INCOMPLETE'] as const;

/** A doctor's own verification documents. */
@ApiTags('doctors')
@Roles('doctor')
@Controller('api/v1/doctors/me/documents')
export class MyDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post()
  @multipartFile('DocumentUpload', DOCUMENT_MAX_BYTES, 'PDF, JPEG or PNG')
  @Operation({
    id: 'uploadMyVerificationDocument',
    summary: 'Upload a verification document',
    description:
      'multipart/form-data, the file in the field `file` (PDF, JPEG or PNG by content, at most 10 MB); `kind` in the query. Encrypted before it is stored; only the doctor and admins can read it. At most 20 documents.',
    ok: { status: 201, description: 'The stored document', schema: doctorDocumentSchema },
    errors: FILE_ERRORS,
  })
  async upload(
    @CurrentUser() principal: Principal,
    @ValidQuery(documentUploadQuerySchema) query: DocumentUploadQuery,
    @Req() request: FastifyRequest,
    @Client() client: ClientContext,
  ): Promise<DoctorDocumentDto> {
    return this.documents.upload(principal, query, await readUpload(request, DOCUMENT_MAX_BYTES), client);
  }

  @Get()
  @Operation({ id: 'listMyVerificationDocuments', summary: 'My verification documents', description: 'Oldest first.', ok: { description: 'The documents', schema: doctorDocumentListSchema }, errors: ['NOT_FOUND'] })
  async list(@CurrentUser() principal: Principal, @Client() client: ClientContext): Promise<DoctorDocumentDto[]> {
    return this.documents.listMine(principal, client);
  }

  @Get(':documentId')
  @Operation({ id: 'getMyVerificationDocument', summary: 'Read one of my documents', description: 'The decrypted file; each read is audited.', ok: { description: 'The file', mediaType: 'application/octet-stream' }, errors: ['NOT_FOUND'] })
  async open(@CurrentUser() principal: Principal, @ValidParam('documentId', uuidParam) documentId: string, @Client() client: ClientContext): Promise<StreamableFile> {
    return this.documents.openMine(principal, documentId, client);
  }

  @Delete(':documentId')
  @Operation({ id: 'deleteMyVerificationDocument', summary: 'Delete one of my documents', description: 'Audited.', ok: { status: 204, description: 'Deleted' }, errors: ['NOT_FOUND'] })
  async remove(@CurrentUser() principal: Principal, @ValidParam('documentId', uuidParam) documentId: string, @Client() client: ClientContext): Promise<void> {
    return this.documents.removeMine(principal, documentId, client);
  }
}

/** Admins' view of a doctor's documents, for the verification queue. */
@ApiTags('admin')
@Roles('admin')
@Controller('api/v1/admin/doctors/:id/documents')
export class AdminDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get()
  @Operation({ id: 'listDoctorVerificationDocuments', summary: "A doctor's verification documents", description: 'Oldest first; 404 for an unknown doctor.', ok: { description: 'The documents', schema: doctorDocumentListSchema } })
  list(@CurrentUser() admin: Principal, @DoctorIdParam() id: string, @Client() client: ClientContext): Promise<DoctorDocumentDto[]> {
    return this.documents.list(admin, id, client);
  }

  @Get(':documentId')
  @Operation({ id: 'getDoctorVerificationDocument', summary: "Read a doctor's document", description: 'The decrypted file; each read is audited (`doctor_document.view`).', ok: { description: 'The file', mediaType: 'application/octet-stream' }, errors: ['NOT_FOUND'] })
  open(@CurrentUser() admin: Principal, @DoctorIdParam() id: string, @ValidParam('documentId', uuidParam) documentId: string, @Client() client: ClientContext): Promise<StreamableFile> {
    return this.documents.open(admin, id, documentId, client);
  }

  @Delete(':documentId')
  @Operation({ id: 'deleteDoctorVerificationDocument', summary: "Delete a doctor's document", description: 'Audited (`doctor_document.delete`).', ok: { status: 204, description: 'Deleted' }, errors: ['NOT_FOUND'] })
  remove(@CurrentUser() admin: Principal, @DoctorIdParam() id: string, @ValidParam('documentId', uuidParam) documentId: string, @Client() client: ClientContext): Promise<void> {
    return this.documents.remove(admin, id, documentId, client);
  }
}
