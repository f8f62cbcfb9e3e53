import type { FieldError } from './types.js';

/**
 * Input the slot engine cannot work with. It carries field errors rather than a catalog
 * code so the engine stays free of the HTTP layer; the caller maps it to 400
 * `VALIDATION_FAILED` (for request input) or treats it as a bug (for stored availability).
 */
export class SlotInputError extends Error {
  readonly errors: readonly FieldError[];

  constructor(errors: readonly FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
    this.name = 'SlotInputError';
    this.errors = errors;
  }
}
