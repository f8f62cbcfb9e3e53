import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import ts from 'typescript';
import * as schema from '../../../src/db/schema/index.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Schema export name → SQL table name (`doctorSpecialties` → `doctor_specialties`). */
export const TABLES: ReadonlyMap<string, string> = new Map(
  Object.entries(schema)
    .filter(([, value]) => is(value, PgTable))
    .map(([name, table]) => [name, getTableName(table as PgTable)]),
);
const SQL_NAMES = new Set(TABLES.values());

export interface Write {
  table: string;
  /** `modules/doctors`, `common/audit`: the folder under src that holds the file. */
  module: string;
  at: string;
}

export interface Import {
  from: string;
  module: string;
  target: string;
}

/** Every .ts file under these folders of src (migrations hold no TypeScript). */
export function sourceFiles(...folders: string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    });
  return folders.flatMap((folder) => walk(join(ROOT, 'src', folder)));
}

/** `src/modules/doctors/dto/x.ts` → `modules/doctors`; `src/common/audit/y.ts` → `common/audit`. */
export function moduleOf(file: string): string {
  const parts = relative(join(ROOT, 'src'), file).split(/[\\/]/);
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

const DRIZZLE_WRITES = new Set(['insert', 'update', 'delete']);
/** Raw SQL naming its table: `insert into outbox`, `update outbox set`, `delete from outbox`. */
const RAW_NAMED = /\b(?:insert\s+into|delete\s+from)\s+([a-z_][a-z0-9_]*)|\bupdate\s+([a-z_][a-z0-9_]*)(?:\s+(?:as\s+)?[a-z_][a-z0-9_]*)?\s+set\b/gi;
/** Raw SQL interpolating a table object: `insert into ${outbox}`; the text part ends at the `${`. */
const RAW_INTERPOLATED = /\b(?:insert\s+into|delete\s+from|update)\s*$/i;

/**
 * The table writes in one source text: Drizzle's `.insert(t)`, `.update(t)`, `.delete(t)` with
 * a schema table, and raw SQL in template or string literals. Comments are not code, so the
 * syntax tree is walked rather than the text searched. Writes this cannot see: SQL functions
 * and triggers in migrations, and the key-rotation tool, which rewrites every encrypted
 * column by a table name it is given (src/common/crypto/rotate-keys.ts).
 */
export function writesIn(source: string, file: string): Write[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const module = moduleOf(file);
  const writes: Write[] = [];
  const add = (table: string, node: ts.Node) => {
    const line = tree.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    writes.push({ table, module, at: `${relative(ROOT, file)}:${line}` });
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && DRIZZLE_WRITES.has(node.expression.name.text)) {
      const [argument] = node.arguments;
      if (node.arguments.length === 1 && argument && ts.isIdentifier(argument) && TABLES.has(argument.text)) add(TABLES.get(argument.text)!, node);
    }
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      for (const match of node.text.matchAll(RAW_NAMED)) {
        const table = (match[1] ?? match[2])!.toLowerCase();
        if (SQL_NAMES.has(table)) add(table, node);
      }
    }
    if (ts.isTemplateExpression(node)) {
      const parts = [node.head.text, ...node.templateSpans.map((span) => span.literal.text)];
      for (const part of parts) {
        for (const match of part.matchAll(RAW_NAMED)) {
          const table = (match[1] ?? match[2])!.toLowerCase();
          if (SQL_NAMES.has(table)) add(table, node);
        }
      }
      node.templateSpans.forEach((span, i) => {
        if (RAW_INTERPOLATED.test(parts[i]!) && ts.isIdentifier(span.expression) && TABLES.has(span.expression.text)) add(TABLES.get(span.expression.text)!, span);
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return writes;
}

/** The relative imports (static, dynamic and re-exports) of one source text, resolved to files under src. */
export function importsIn(source: string, file: string): Import[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const add = (specifier: string) => {
    if (!specifier.startsWith('.')) return;
    const target = resolve(dirname(file), specifier).replace(/\.js$/, '.ts');
    found.push({ from: relative(ROOT, file), module: moduleOf(file), target });
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) add(node.moduleSpecifier.text);
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) add(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

export function readSource(file: string): string {
  return readFileSync(file, 'utf8');
}
