import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC rather than esbuild: NestJS needs emitted decorator metadata for constructor injection.
export default defineConfig({
  plugins: [
    swc.vite({
      module: { type: 'es6' },
      jsc: {
        target: 'es2022',
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      },
    }),
  ],
  test: {
    include: ['test/**/*.spec.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 90_000,
    setupFiles: ['reflect-metadata', './test/setup/has-assertions.ts', './test/setup/blocked-worker-watchdog.ts'],
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
