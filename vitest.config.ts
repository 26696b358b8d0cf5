import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: integration tests start whole Gongs and platform servers, on two shared cores.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Integration tests each start their own database and servers; two cores, so keep it modest.
    maxWorkers: 2,
  },
});
