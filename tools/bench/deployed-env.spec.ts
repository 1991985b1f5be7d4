import { deployedEnv, deployedNodeOptions } from './lib';

// The bench starts the service as its Deployment does; these read that manifest.
describe('the environment the bench copies from the talent pipeline Deployment', () => {
  it('reads NODE_OPTIONS and MALLOC_ARENA_MAX as the manifest sets them, unquoted', () => {
    expect(deployedNodeOptions()).toBe('--max-old-space-size=384 --max-semi-space-size=8');
    expect(deployedEnv('MALLOC_ARENA_MAX')).toBe('2');
  });

  it('gives an empty value for a variable the Deployment does not set', () => {
    expect(deployedEnv('NOT_SET_BY_THE_DEPLOYMENT')).toBe('');
  });
});
