import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Vite does not type-check, and the root tsconfig leaves the console out: this keeps the console
 * (and its tests) type-checked against the generated schema types in `npm test`.
 */
test('the console and its tests type-check', () => {
  const root = join(__dirname, '..', '..');
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  let output = '';
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '-p', join(root, 'tests', 'console', 'tsconfig.json')], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? error);
  }
  expect(output).toBe('');
}, 120_000);
