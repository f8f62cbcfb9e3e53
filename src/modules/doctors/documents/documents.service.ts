import { buffer } from 'node:stream/consumers';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { AccessService } from '../../../common/access/access.service.js';
import { Permission } from '../../../common/access/permission.js';
import { AuditService } from '../../../common/audit/audit.service.js';
import type { Principal } from '../../../common/auth/principal.js';
import { APP_CONFIG } from '../../../common/core/tokens.js';
import { FileCipher } from '../../../common/crypto/file-cipher.js';
import { documentBinding } from './document-key-rotation.js';
import { AppError, notFound } from '../../../common/errors/app-error.js';
import type { ClientContext } from '../../../common/http/client-context.js';
import { sniffType, type Upload } from '../../../common/http/upload.js';
import { STORAGE, type StoragePort } from '../../../common/storage/storage.port.js';
import type { AppConfig } from '../../../config/config.js';
import { MAX_DOCUMENTS, type DocumentUploadQuery } from '../dto/document.inputs.js';
import { toDocumentDto, type DoctorDocumentDto, type DocumentRecord } from '../dto/document.outputs.js';
import { OwnDoctorProfile } from '../own-doctor-profile.service.js';
import { DocumentsRepository } from './documents.repository.js';

const ACCEPTED = new Set(['application/pdf', 'image/jpeg', 'image/png'] as const);

/**
 * Verification documents: encrypted under the PHI key ring before they reach storage, read only
 * by their doctor and admins through the API, every read and every deletion audited.
 */
@Injectable()
export class DocumentsService {
  private readonly cipher: FileCipher;

  constructor(
    private readonly access: AccessService,
    private readonly me: OwnDoctorProfile,
    private readonly documents: DocumentsRepository,
    private readonly audit: AuditService,
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.cipher = new FileCipher(config.encryption.keys);
  }

  /** Stores the encrypted bytes first and the row second; a failed row removes the bytes again. */
  async upload(principal: Principal, query: DocumentUploadQuery, upload: Upload, client: ClientContext): Promise<DoctorDocumentDto> {
    const { id: doctorId } = await this.me.of(principal);
    const type = sniffType(upload.data);
    if (!type || !ACCEPTED.has(type as never)) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { detail: 'A document must be a PDF, JPEG or PNG file.' });
    const id = randomUUID();
    const storageKey = `documents/${doctorId}/${id}.bin`;
    await this.storage.put(storageKey, this.cipher.encrypt(documentBinding(id), upload.data), 'application/octet-stream');
    let row: DocumentRecord | null;
    try {
      row = await this.documents.insert({
        id,
        doctorId,
        kind: query.kind,
        fileName: cleanFileName(upload.filename),
        contentType: type as DocumentRecord['contentType'],
        sizeBytes: upload.data.length,
        storageKey,
        keyId: this.cipher.currentKeyId,
      });
    } catch (error) {
      await this.storage.delete(storageKey).catch(() => undefined);
      throw error;
    }
    if (!row) {
      await this.storage.delete(storageKey).catch(() => undefined);
      throw new AppError('VALIDATION_FAILED', { detail: `At most ${MAX_DOCUMENTS} documents; delete one first.`, errors: [{ field: 'file', message: `at most ${MAX_DOCUMENTS} documents` }] });
    }
    await this.audit.recordBy(principal, client, { action: 'doctor_document.upload', outcome: 'success', resource: { type: 'doctor_document', id }, details: { kind: query.kind, bytes: row.sizeBytes } });
    return toDocumentDto(row);
  }

  async listMine(principal: Principal, client: ClientContext): Promise<DoctorDocumentDto[]> {
    return this.list(principal, (await this.me.of(principal)).id, client);
  }

  async openMine(principal: Principal, documentId: string, client: ClientContext): Promise<StreamableFile> {
    return this.open(principal, (await this.me.of(principal)).id, documentId, client);
  }

  async removeMine(principal: Principal, documentId: string, client: ClientContext): Promise<void> {
    return this.remove(principal, (await this.me.of(principal)).id, documentId, client);
  }

  async list(principal: Principal, doctorId: string, client: ClientContext): Promise<DoctorDocumentDto[]> {
    await this.access.requireAccess(principal, Permission.DoctorDocumentRead, doctorId, client);
    return (await this.documents.list(doctorId)).map(toDocumentDto);
  }

  /** The decrypted file (checked whole before a byte leaves), with an audit row for the read. */
  async open(principal: Principal, doctorId: string, documentId: string, client: ClientContext): Promise<StreamableFile> {
    await this.access.requireAccess(principal, Permission.DoctorDocumentRead, doctorId, client);
    const row = await this.documents.find(doctorId, documentId);
    if (!row) throw notFound('document');
    const stored = await this.storage.get(row.storageKey);
    if (!stored) throw notFound('document');
    const data = this.cipher.decrypt(documentBinding(row.id), await buffer(stored.body));
    await this.audit.recordBy(principal, client, { action: 'doctor_document.view', outcome: 'success', resource: { type: 'doctor_document', id: row.id }, details: { doctorId } });
    return new StreamableFile(data, { type: row.contentType, length: data.length, disposition: `attachment; filename="${row.id}${extension(row.contentType)}"` });
  }

  async remove(principal: Principal, doctorId: string, documentId: string, client: ClientContext): Promise<void> {
    await this.access.requireAccess(principal, Permission.DoctorDocumentDelete, doctorId, client);
    const row = await this.documents.delete(doctorId, documentId);
    if (!row) throw notFound('document');
    await this.audit.recordBy(principal, client, { action: 'doctor_document.delete', outcome: 'success', resource: { type: 'doctor_document', id: row.id }, details: { doctorId, kind: row.kind } });
    await this.storage.delete(row.storageKey);
  }
}

function extension(type: DocumentRecord['contentType']): string {
  return type === 'application/pdf' ? '.pdf' : type === 'image/png' ? '.png' : '.jpg';
}

/** The name as shown to people: no path, no control characters, at most 200 characters. */
function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return clean || 'document';
}
