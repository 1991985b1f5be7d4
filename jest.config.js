// Three tiers, named by suffix: *.spec.ts (unit, beside the code), *.int-spec.ts (real local
// Kafka + Mongo-compatible server), test/e2e/*.e2e-spec.ts (the three apps as processes).
const moduleNameMapper = {
  '^@app/(base|contracts|messaging|partner-directory|persistence|platform|testing)$': '<rootDir>/libs/$1/src',
  '^@app/(base|contracts|messaging|partner-directory|persistence|platform|testing)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] };
const common = { rootDir: __dirname, moduleFileExtensions: ['ts', 'js', 'json'], testEnvironment: 'node', moduleNameMapper, transform };

module.exports = {
  // A worker is replaced once it holds more than this after a test file. Each integration file
  // starts a whole service in the worker, and some of every file stays reachable afterwards (the
  // heap grows ~100-200 MB per file); two workers over the whole suite reached V8's 4 GB limit
  // and crashed two suites. Recycling costs a worker start (~1 s) now and then.
  workerIdleMemoryLimit: '1GB',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test,tools}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
    },
  ],
};
