import { z } from 'zod';

/** The multipart body of an upload route, as OpenAPI shows it (component `id`): one file in the field `file`. */
export function uploadBodySchema(id: string, maxBytes: number, types: string) {
  return z
    .strictObject({ file: z.string().max(maxBytes).meta({ format: 'binary', description: `${types}, at most ${maxBytes} bytes; the type is read from the content` }) })
    .meta({ id });
}
