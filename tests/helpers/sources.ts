import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The server's source, which the structural tests read. */
export const SERVER = join(__dirname, '..', '..', 'server');

/** Every TypeScript file under `dir`, as absolute paths; directories named in `skip` are left out. */
export function typescriptFiles(dir: string = SERVER, skip: readonly string[] = []): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return skip.includes(name) ? [] : typescriptFiles(path, skip);
    return name.endsWith('.ts') ? [path] : [];
  });
}

/** Every server file (migrations left out) with its path relative to server/ and its text. */
export function serverSources(): Array<{ file: string; text: string }> {
  return typescriptFiles(SERVER, ['migrations']).map((path) => ({ file: relative(SERVER, path), text: readFileSync(path, 'utf8') }));
}

/**
 * The lines of server code that match `pattern`, in any file but `owners` (paths relative to
 * server/), as `file:line: text`. Line comments and doc-comment lines are left out, so prose may
 * name what the code must not do.
 */
export function codeLinesMatching(pattern: RegExp, owners: readonly string[]): string[] {
  return serverSources()
    .filter(({ file }) => !owners.includes(file))
    .flatMap(({ file, text }) =>
      text.split('\n').flatMap((line, i) => {
        const code = line.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '').replace(/^\s*(\/\*|\*).*$/, '');
        return pattern.test(code) ? [`${file}:${i + 1}: ${line.trim()}`] : [];
      }),
    );
}
