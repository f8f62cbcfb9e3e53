export * from './specialties.js';
