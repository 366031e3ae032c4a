import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // The PostgreSQL tests share one server database; files run in parallel but each file uses its own schema.
    pool: 'forks',
  },
});
