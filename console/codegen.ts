import type { CodegenConfig } from '@graphql-codegen/cli';
import { join, relative } from 'node:path';

// Paths are resolved against the working directory, so they are computed from this file:
// `npm run codegen` (root) and the staleness test both use this one config.
const here = (...parts: string[]) => relative(process.cwd(), join(__dirname, ...parts)) || '.';

/**
 * Types every operation in src/graphql/*.graphql against the server's emitted schema.
 * documentMode "string" gives TypedDocumentString objects: the fetch client and graphql-ws send
 * them as they are, so the bundle needs no GraphQL parser or printer.
 */
const config: CodegenConfig = {
  schema: here('..', 'schema.graphql'),
  documents: [here('src', 'graphql', '*.graphql')],
  ignoreNoDocuments: false,
  generates: {
    [`${here('src', 'gql')}/`]: {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        skipTypename: true,
        avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
        scalars: { DateTimeISO: 'string', JSONObject: 'Record<string, unknown>', ID: 'string' },
      },
    },
  },
};

export default config;
