import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { typescriptFiles } from '../helpers/sources';

/**
 * Dependencies point one way (issue 12): features → events/auth/database/shared. These catch the
 * moves coming undone: shared importing a feature, a service reaching into the GraphQL layer for
 * its page type, auth taking its role from organizations.
 */
const server = join(__dirname, '..', '..', 'server');


/** Relative imports of a file, as written. */
const importsOf = (path: string): string[] => [...readFileSync(path, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => m[1]!);

test('server/shared imports nothing of Keyward but errors and itself', () => {
  const wrong = typescriptFiles(join(server, 'shared')).flatMap((file) => importsOf(file).filter((spec) => !spec.startsWith('./') && spec !== '../errors').map((spec) => `${relative(server, file)} → ${spec}`));
  expect(wrong).toEqual([]);
});

test('services take pages from shared, not from the GraphQL layer; auth takes MemberRole from itself', () => {
  const files = typescriptFiles(server);
  const services = files.filter((file) => file.endsWith('.service.ts'));
  expect(services.length).toBeGreaterThan(10);
  const wrong = [
    ...services.flatMap((file) => importsOf(file).filter((spec) => /(^|\/)graphql\//.test(spec)).map((spec) => `${relative(server, file)} → ${spec}`)),
    ...typescriptFiles(join(server, 'auth')).flatMap((file) => importsOf(file).filter((spec) => spec.includes('organization.enums')).map((spec) => `${relative(server, file)} → ${spec}`)),
  ];
  expect(wrong).toEqual([]);
});
