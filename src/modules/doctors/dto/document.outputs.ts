import { z } from 'zod';
import { instantOutput } from '../../../common/validation/instant.js';
import { DOCUMENT_KINDS, DOCUMENT_MAX_BYTES, MAX_DOCUMENTS } from './document.inputs.js';

export const doctorDocumentSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(DOCUMENT_KINDS),
    fileName: z.string().max(200).meta({ example: 'licence-2027.pdf', description: 'As uploaded; for display only' }),
    contentType: z.enum(['application/pdf', 'image/jpeg', 'image/png']).meta({ description: 'Read from the content, not from the name' }),
    sizeBytes: z.number().int().min(1).max(DOCUMENT_MAX_BYTES),
    createdAt: instantOutput,
    url: z.string().max(200).meta({ description: 'Where the doctor or an admin reads it (each read is audited)' }),
  })
  .meta({ id: 'DoctorDocument' });
export type DoctorDocumentDto = z.infer<typeof doctorDocumentSchema>;
export const doctorDocumentListSchema = z.array(doctorDocumentSchema).max(MAX_DOCUMENTS);

export interface DocumentRecord {
  id: string;
  doctorId: string;
  kind: (typeof DOCUMENT_KINDS)[number];
  fileName: string;
  contentType: 'application/pdf' | 'image/jpeg' | 'image/png';
  sizeBytes: number;
  storageKey: string;
  createdAt: string;
}

export function toDocumentDto(row: DocumentRecord): DoctorDocumentDto {
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.fileName,
    contentType: row.contentType,
    sizeBytes: row.sizeBytes,
    createdAt: row.createdAt,
    url: `/api/v1/doctors/${row.doctorId}/documents/${row.id}/content`,
  };
}
