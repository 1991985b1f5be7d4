import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployedEnv, deployedNodeArgs, deployedNodeOptions, serviceEnvSetting } from './lib';

// The bench starts the service as its Deployment does; these read that manifest.
describe('the environment the bench copies from the talent pipeline Deployment', () => {
  it('reads NODE_OPTIONS and MALLOC_ARENA_MAX as the manifest sets them, unquoted', () => {
    expect(deployedNodeOptions()).toBe('--max-old-space-size=384 --max-semi-space-size=8');
    expect(deployedEnv('MALLOC_ARENA_MAX')).toBe('2');
  });

  it("takes an experiment's BENCH_SERVICE_ override, even an empty one, over the Deployment's value", () => {
    expect(serviceEnvSetting('NODE_OPTIONS', undefined, {})).toBe('--max-old-space-size=384 --max-semi-space-size=8');
    expect(serviceEnvSetting('NODE_OPTIONS', undefined, { BENCH_SERVICE_NODE_OPTIONS: '--max-semi-space-size=2' })).toBe(
      '--max-semi-space-size=2',
    );
    expect(serviceEnvSetting('MALLOC_ARENA_MAX', undefined, { BENCH_SERVICE_MALLOC_ARENA_MAX: '' })).toBe('');
  });

  it('gives an empty value for a variable the Deployment does not set', () => {
    expect(deployedEnv('NOT_SET_BY_THE_DEPLOYMENT')).toBe('');
  });

  it('reads the node flags of the image CMD (those NODE_OPTIONS refuses), and none when it has none', () => {
    const dockerfile = join(tmpdir(), `Dockerfile-${process.pid}`);
    writeFileSync(
      dockerfile,
      'FROM x\nCMD ["sh", "-c", "exec node --enable-source-maps --optimize-for-size dist/apps/${SERVICE}/src/main.js"]\n',
    );
    expect(deployedNodeArgs(dockerfile)).toEqual(['--enable-source-maps', '--optimize-for-size']);
    writeFileSync(dockerfile, 'FROM x\nCMD ["sh", "-c", "exec node dist/apps/${SERVICE}/src/main.js"]\n');
    expect(deployedNodeArgs(dockerfile)).toEqual([]);
    expect(deployedNodeArgs()).toContain('--enable-source-maps');
  });
});
