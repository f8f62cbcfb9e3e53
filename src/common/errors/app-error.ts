import { errorCatalog, type ErrorCode } from './catalog.js';

export interface FieldError {
  field: string;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  errors?: FieldError[];
  /** Extra members of the problem body, e.g. which health checks failed. */
  extensions?: Record<string, unknown>;
  /** Response headers that go with this error, e.g. Retry-After. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** A domain error with a catalog code; the problem filter turns it into problem+json. */
export class AppError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    readonly options: AppErrorOptions = {},
  ) {
    super(options.detail ?? errorCatalog[code].title, { cause: options.cause });
    this.name = 'AppError';
    this.status = errorCatalog[code].status;
  }
}
