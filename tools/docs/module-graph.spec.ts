import { readFileSync } from 'node:fs';
import { ARCHITECTURE_DOC, featureEdges, libraryEdges, withModuleSection } from './module-graph';

describe('docs/architecture.md module diagrams, generated from the code', () => {
  it('are up to date with the imports (run `npm run docs:architecture` after changing them)', () => {
    const doc = readFileSync(ARCHITECTURE_DOC, 'utf8');
    expect(doc).toContain('<!-- generated:modules -->');
    expect(withModuleSection(doc)).toBe(doc);
  });

  it('draw the dependencies the code has: a feature that uses another points at it, the libraries form layers', () => {
    // The ERP hire handler applies hires through the placements feature.
    expect(featureEdges('talent-pipeline').edges).toContainEqual(['erp-ingest', 'placements']);
    const { edges } = libraryEdges();
    expect(edges).toContainEqual(['persistence', 'messaging']);
    // base depends on nothing of ours.
    expect(edges.filter(([from]) => from === 'base')).toEqual([]);
  });
});
