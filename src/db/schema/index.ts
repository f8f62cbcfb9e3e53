export * from './audit.js';
export * from './doctors.js';
export * from './specialties.js';
export * from './users.js';
export * from './scheduling.js';
export * from './mfa.js';
