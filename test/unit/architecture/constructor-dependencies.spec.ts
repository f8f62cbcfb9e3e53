import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readSource, ROOT, sourceFiles } from './source-scan.js';

/**
 * A service that needs more than this many collaborators does more than one thing: split it
 * by what it does (a planner, the side effects of a change, …), never by bundling unrelated
 * dependencies into one object to pass around. Issue 11, "Done when".
 */
const MAX_DEPENDENCIES = 7;
const NEST_CLASS_DECORATORS = new Set(['Injectable', 'Controller']);

interface Injected {
  file: string;
  name: string;
  dependencies: number;
}

/** Every `@Injectable()` / `@Controller()` class in one source text, with its constructor's parameter count. */
function injectablesIn(source: string, file: string): Injected[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Injected[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) && isNestClass(node)) {
      const constructor = node.members.find(ts.isConstructorDeclaration);
      found.push({ file: relative(ROOT, file), name: node.name?.text ?? '(anonymous)', dependencies: constructor?.parameters.length ?? 0 });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

function isNestClass(node: ts.ClassDeclaration): boolean {
  return (ts.getDecorators(node) ?? []).some((decorator) => {
    const call = decorator.expression;
    return ts.isCallExpression(call) && ts.isIdentifier(call.expression) && NEST_CLASS_DECORATORS.has(call.expression.text);
  });
}

describe('constructor dependencies', () => {
  it('counts the constructor parameters of Nest classes only (the scan itself)', () => {
    const file = join(ROOT, 'src/modules/example/example.service.ts');
    const source = `
      @Injectable()
      export class Wide {
        constructor(a: A, private readonly b: B, @Inject(CLOCK) private readonly c: Clock) {}
      }
      @Controller('x')
      export class Thin {
        constructor(private readonly service: S) {}
      }
      @Injectable()
      export class NoConstructor {}
      export class Plain {
        constructor(a: A, b: B, c: C, d: D, e: E, f: F, g: G, h: H) {}
      }
      @Other()
      export class Decorated {
        constructor(a: A, b: B) {}
      }
    `;
    expect(injectablesIn(source, file).map((c) => [c.name, c.dependencies])).toEqual([
      ['Wide', 3],
      ['Thin', 1],
      ['NoConstructor', 0],
    ]);
  });

  it(`has no service or controller in src with more than ${MAX_DEPENDENCIES} constructor dependencies`, () => {
    const classes = sourceFiles('.').flatMap((file) => injectablesIn(readSource(file), file));
    // The scan sees the app: a broken scan that finds nothing would pass vacuously.
    expect(classes.length).toBeGreaterThan(40);
    const offenders = classes.filter((c) => c.dependencies > MAX_DEPENDENCIES).map((c) => `${c.file}: ${c.name} (${c.dependencies})`);
    expect(offenders).toEqual([]);
  });
});
