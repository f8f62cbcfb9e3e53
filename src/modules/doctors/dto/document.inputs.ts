import { z } from 'zod';

export const DOCUMENT_KINDS = ['licence', 'board_certificate', 'other'] as const;
export const DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;
/** A doctor keeps at most this many documents (the profile lists them all). */
export const MAX_DOCUMENTS = 20;

export const documentUploadQuerySchema = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS).meta({ description: 'What the document is', example: 'licence' }),
});
export type DocumentUploadQuery = z.infer<typeof documentUploadQuerySchema>;
