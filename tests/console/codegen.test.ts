import { generate } from '@graphql-codegen/cli';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The console's typed documents (console/src/gql) are committed so the build needs no codegen
 * step. This fails when they are stale against schema.graphql or the .graphql documents:
 * run `npm run codegen` and commit the result.
 */
test('console/src/gql is up to date with schema.graphql and console/src/graphql', async () => {
  const root = join(__dirname, '..', '..');
  const cwd = process.cwd();
  process.chdir(root);
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const config = require(join(root, 'console', 'codegen.ts')).default;
    const files = (await generate(config, false)) as Array<{ filename: string; content: string }>;
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const committed = readFileSync(join(root, file.filename), 'utf8');
      expect({ file: file.filename, stale: committed !== file.content }).toEqual({ file: file.filename, stale: false });
    }
  } finally {
    process.chdir(cwd);
  }
}, 60_000);
