export { createIhosiClient, dataOf, type IhosiClient, type IhosiClientOptions } from './client.js';
export { IhosiApiError, PROBLEM_CODES, type FieldError, type ProblemCode } from './errors.js';
export { memoryTokenStore, type TokenPair, type TokenStore } from './tokens.js';
/** The generated types of the API (schema.d.ts): its paths, operations and components. */
export type { components, operations, paths } from './schema.js';
