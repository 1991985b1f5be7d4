import { readFileSync } from 'node:fs';
import { Topics } from '@app/contracts';
import { configTable, DEPLOY_README, renderReadme, topicTable } from './deploy-docs';

describe('deploy/k8s/README.md tables, generated from the code', () => {
  const readme = readFileSync(DEPLOY_README, 'utf8');

  it('is up to date with the topics and config schemas (run `npm run docs:deploy` after changing them)', () => {
    expect(readme).toContain('<!-- generated:topics -->');
    expect(readme).toContain('<!-- generated:config -->');
    expect(readme).toContain(topicTable());
    expect(readme).toContain(configTable());
    expect(renderReadme(readme)).toBe(readme);
  });

  it('lists every topic with its dead-letter topic, and every secret variable of every service', () => {
    for (const topic of Object.values(Topics)) expect(topicTable()).toContain(`| \`${topic}\` | \`${topic}.dlt\` |`);
    for (const secret of ['SECRETS_ENCRYPTION_KEY', 'CREDENTIAL_KEY_ENCRYPTION_KEY', 'ADMIN_API_TOKEN', 'MONGO_URI']) {
      expect(configTable()).toMatch(new RegExp(`\\| \`${secret}\` \\| Secret \\|`));
    }
  });
});
