import { withMarkedSection } from './history';
import { latestServicesSection } from './services-page';

describe('the services page of npm run bench', () => {
  it('nests each bench output under the section, two heading levels down', () => {
    const section = latestServicesSection([
      '# Compliance bench (today)\n\n## One teacher\n- p99 40 ms\n',
      '# Scorecard bench (today)\n\n- p99 9 ms',
    ]);
    expect(section.startsWith('## Latest `npm run bench` run')).toBe(true);
    expect(section).toContain(
      '\n### Compliance bench (today)\n\n#### One teacher\n- p99 40 ms\n\n### Scorecard bench (today)\n\n- p99 9 ms',
    );
  });

  it('replaces the latest run between its markers and keeps the rest of the page', () => {
    const page = '# Services\n\nintro\n\n<!-- services-latest:start -->\nold run\n<!-- services-latest:end -->\n\n## Earlier runs\n';
    const updated = withMarkedSection(page, 'services-latest', 'new run');
    expect(updated).toBe(
      '# Services\n\nintro\n\n<!-- services-latest:start -->\nnew run\n<!-- services-latest:end -->\n\n## Earlier runs\n',
    );
    expect(withMarkedSection('# Services\n', 'services-latest', 'first')).toBe(
      '# Services\n\n<!-- services-latest:start -->\nfirst\n<!-- services-latest:end -->\n',
    );
  });
});
