import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // A test that checks nothing passes whatever the code does: every test must make at least one assertion.
    // expect.poll waits 1 s by default, which a browser page on a busy machine can outlast; a poll that succeeds
    // returns at once, so the longer limit only delays the report of a real failure.
    expect: { requireAssertions: true, poll: { timeout: 15_000 } },
    // The journeys drive a browser and the resilience tests spawn servers: two cores serve them best one file at a time each.
    maxWorkers: 2,
  },
});
