import { basename, dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { readSource, ROOT, sourceFiles } from './source-scan.js';

/**
 * One DTO convention everywhere (docs/ARCHITECTURE.md, "Folder layout"): a module's request and
 * response shapes live in a `dto/` folder of the module or sub-domain, as `<resource>.inputs.ts`
 * (what callers send) and `<resource>.outputs.ts` (what the API answers, with the `to…Dto`
 * mappers from rows). A reader looking for a shape knows where it is, and an input schema cannot
 * quietly grow a mapper that decides what leaves the building.
 */

/**
 * Files outside a `dto/` folder allowed to define a Zod object schema, each with the reason.
 * None today; a new entry needs a reason a reviewer would accept.
 */
const OBJECT_SCHEMAS_OUTSIDE_DTO: Record<string, string> = {};

const DTO_FILE = /\.(inputs|outputs)\.ts$/;
const OBJECT_FACTORIES = new Set(['object', 'strictObject', 'looseObject']);
const MAPPER = /^to[A-Z]\w*Dto$/;

const relativeToRoot = (file: string) => relative(ROOT, file).split(/[\\/]/).join('/');
const inDtoFolder = (file: string) => basename(dirname(file)) === 'dto';

interface ObjectSchema {
  line: number;
  factory: string;
}

/** The `z.object(…)`, `z.strictObject(…)` and `z.looseObject(…)` calls; the syntax tree, so comments do not count. */
function objectSchemas(source: string, file: string): ObjectSchema[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: ObjectSchema[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      ts.isIdentifier(node.expression.expression) &&
      node.expression.expression.text === 'z' &&
      OBJECT_FACTORIES.has(node.expression.name.text)
    ) {
      found.push({ line: tree.getLineAndCharacterOfPosition(node.getStart()).line + 1, factory: node.expression.name.text });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

/** Exported names of the form `to…Dto`: functions, and consts holding arrow functions or anything else. */
function exportedMappers(source: string, file: string): string[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const names: string[] = [];
  for (const statement of tree.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && exported(statement)) names.push(statement.name.text);
    if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
    }
    if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) names.push(element.name.text);
    }
  }
  return names.filter((name) => MAPPER.test(name));
}

describe('DTO convention', () => {
  const files = sourceFiles('modules');

  it('finds object schemas and mappers in every form the code uses (the scan itself)', () => {
    const file = join(ROOT, 'src/modules/example/dto/example.inputs.ts');
    const source = `
      // z.object({}) in a comment is not a schema
      const a = z.object({ id: z.uuid() });
      export const b = z.strictObject({ name: z.string() }).optional();
      const c = z.looseObject({});
      const d = z.array(z.string());
      export function toExampleDto(row: Row) { return row; }
      export const toOtherDto = (row: Row) => row;
      function toPrivateDto(row: Row) { return row; }
      export { toPrivateDto as toRenamedDto };
      export function toString() { return ''; }
    `;
    expect(objectSchemas(source, file)).toEqual([
      { line: 3, factory: 'object' },
      { line: 4, factory: 'strictObject' },
      { line: 5, factory: 'looseObject' },
    ]);
    expect(exportedMappers(source, file)).toEqual(['toExampleDto', 'toOtherDto', 'toRenamedDto']);
  });

  it('names every file in a dto/ folder <resource>.inputs.ts or <resource>.outputs.ts', () => {
    const misnamed = files.filter((file) => inDtoFolder(file) && !DTO_FILE.test(basename(file))).map(relativeToRoot);
    expect(misnamed).toEqual([]);
  });

  it('defines Zod object schemas only in dto/ folders (exceptions listed with their reason)', () => {
    const strays = files
      .filter((file) => !inDtoFolder(file) && !(relativeToRoot(file) in OBJECT_SCHEMAS_OUTSIDE_DTO))
      .flatMap((file) => objectSchemas(readSource(file), file).map(({ line }) => `${relativeToRoot(file)}:${line}`));
    expect(strays).toEqual([]);
  });

  it('builds inputs from strict objects only: unknown fields are rejected, not stripped', () => {
    const loose = files
      .filter((file) => file.endsWith('.inputs.ts'))
      .flatMap((file) => objectSchemas(readSource(file), file).filter(({ factory }) => factory !== 'strictObject').map(({ line, factory }) => `${relativeToRoot(file)}:${line} z.${factory}`));
    expect(loose).toEqual([]);
  });

  it('defines no strict object in outputs files: a shape checked for unknown fields is an input, and lives with the inputs', () => {
    const strict = files
      .filter((file) => file.endsWith('.outputs.ts'))
      .flatMap((file) => objectSchemas(readSource(file), file).filter(({ factory }) => factory === 'strictObject').map(({ line }) => `${relativeToRoot(file)}:${line}`));
    expect(strict).toEqual([]);
  });

  it('keeps the to…Dto mappers out of inputs files: mapping what leaves the building is an output concern', () => {
    const misplaced = files
      .filter((file) => file.endsWith('.inputs.ts'))
      .flatMap((file) => exportedMappers(readSource(file), file).map((name) => `${relativeToRoot(file)}: ${name}`));
    expect(misplaced).toEqual([]);
  });
});
