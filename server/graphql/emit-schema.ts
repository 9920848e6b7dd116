/** Writes schema.graphql in the current directory (the repository root): `npm run schema`. */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printKeywardSchema } from './schema';

const target = join(process.cwd(), 'schema.graphql');
writeFileSync(target, printKeywardSchema());
console.log(`wrote ${target}`);
