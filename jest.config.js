// Three tiers, named by suffix: *.spec.ts (unit, beside the code), *.int-spec.ts (real local
// Kafka + Mongo-compatible server), test/e2e/*.e2e-spec.ts (the three apps as processes).
const moduleNameMapper = {
  '^@app/(base|contracts|messaging|partner-directory|persistence|platform|testing)$': '<rootDir>/libs/$1/src',
  '^@app/(base|contracts|messaging|partner-directory|persistence|platform|testing)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] };
const common = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], testEnvironment: 'node', moduleNameMapper, transform };

module.exports = {
  // A safety net: a worker is replaced once it holds more than this after a test file. Every
  // integration file used to leave its whole service reachable in the worker (~100-200 MB each,
  // two workers crashed at V8's 4 GB limit): prom-client's GC metric observes with a
  // PerformanceObserver it never disconnects, whose callback kept the file's sandbox alive.
  // jest-disconnect-observers.ts now disconnects them after each file (a worker stays ~330 MB).
  workerIdleMemoryLimit: '1GB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test,tools}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
      setupFilesAfterEnv: [
        '<rootDir>/libs/testing/src/jest-disconnect-observers.ts',
        '<rootDir>/libs/testing/src/jest-check-documented-answers.ts',
      ],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
      setupFilesAfterEnv: [
        '<rootDir>/libs/testing/src/jest-disconnect-observers.ts',
        '<rootDir>/libs/testing/src/jest-check-documented-answers.ts',
      ],
    },
  ],
};
