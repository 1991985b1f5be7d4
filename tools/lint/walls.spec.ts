import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/**
 * The walls of docs/decisions/0035 and 0036, checked on every test run so they cannot erode:
 * no folder imports another in a loop (feature folders of an app, and libraries), apps and
 * libraries reach another library only through its index (`@app/<lib>`), and a controller
 * never imports a repository (it calls its feature's service).
 */
const ROOT = join(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

const IMPORT = /(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gs;

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) => m[1]);
}

/** The folder a file belongs to for the loop check: a feature folder of an app, or a whole library. */
function wallOf(path: string): string | undefined {
  const parts = relative(ROOT, path).split('/');
  if (parts[0] === 'libs') return `libs/${parts[1]}`;
  if (parts[0] === 'apps' && parts[2] === 'src' && parts.length > 4) return `apps/${parts[1]}/${parts[3]}`;
  return undefined;
}

function targetOf(file: string, spec: string): string | undefined {
  if (spec.startsWith('@app/')) return join(ROOT, 'libs', spec.split('/')[1], 'src', 'index.ts');
  if (spec.startsWith('.')) return normalize(join(dirname(file), spec));
  return undefined;
}

const files = ['apps', 'libs'].flatMap((dir) => sourceFiles(join(ROOT, dir)));

function loops(): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const file of files) {
    const from = wallOf(file);
    if (!from) continue;
    for (const spec of importsOf(file)) {
      const target = targetOf(file, spec);
      const to = target && wallOf(target.endsWith('.ts') ? target : `${target}.ts`);
      if (to && to !== from) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  // Tarjan's strongly connected components: every component of more than one folder is a loop.
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, indices.get(next)!));
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!indices.has(node)) visit(node);
  return found;
}

describe('walls between folders', () => {
  it('has no folder that imports another in a loop', () => {
    expect(loops()).toEqual([]);
  });

  it('reaches other libraries only through their index (@app/<lib>), never a deep path', () => {
    const deep = files.flatMap((file) =>
      importsOf(file)
        .filter((spec) => /^@app\/[^/]+\/.+/.test(spec))
        .map((spec) => `${relative(ROOT, file)} -> ${spec}`),
    );
    expect(deep).toEqual([]);
  });

  it('has controllers that call services, never repositories', () => {
    const offenders = files
      .filter((file) => file.endsWith('.controller.ts'))
      .flatMap((file) =>
        importsOf(file)
          .filter((spec) => /\.repository$/.test(spec))
          .map((spec) => `${relative(ROOT, file)} -> ${spec}`),
      );
    expect(offenders).toEqual([]);
  });

  it('finds the imports it checks (the scan itself works)', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(importsOf(join(ROOT, 'apps/talent-pipeline/src/talent-pipeline.module.ts'))).toContain('./partners/partners.module');
  });
});
