import { defineConfig } from 'drizzle-kit';

// Generates SQL migrations from the TypeScript schema; they are reviewed and committed.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/schema/*.ts',
  out: './src/db/migrations',
});
