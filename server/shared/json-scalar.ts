import { GraphQLError, GraphQLScalarType, Kind, ValueNode } from 'graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import { ErrorCode } from '../errors';
import { jsonDeeperThan, METADATA_DEPTH_MESSAGE, METADATA_MAX_DEPTH } from './validation';

const tooDeep = (): GraphQLError =>
  new GraphQLError(`JSON object ${METADATA_DEPTH_MESSAGE}`, { extensions: { code: ErrorCode.BAD_USER_INPUT, fields: [{ field: 'metadata', message: METADATA_DEPTH_MESSAGE }] } });

/** Depth of a literal's objects and lists, walked with its own stack (see jsonDeeperThan). */
function literalDeeperThan(node: ValueNode, limit: number): boolean {
  const pending: Array<{ node: ValueNode; depth: number }> = [{ node, depth: 0 }];
  while (pending.length > 0) {
    const { node: next, depth } = pending.pop()!;
    if (next.kind !== Kind.OBJECT && next.kind !== Kind.LIST) continue;
    if (depth + 1 > limit) return true;
    if (next.kind === Kind.OBJECT) for (const field of next.fields) pending.push({ node: field.value, depth: depth + 1 });
    else for (const value of next.values) pending.push({ node: value, depth: depth + 1 });
  }
  return false;
}

/**
 * graphql-scalars' JSONObject with a depth bound checked before anything recursive touches the
 * value: in variables (parseValue) and in literals (parseLiteral; a literal is also bounded by the
 * document's token limit). Every JSON input of the schema uses this scalar, so every JSON input is
 * refused as BAD_USER_INPUT past the bound instead of overflowing a recursive walk further on.
 * Same name and wire format as graphql-scalars' (the schema does not change).
 */
export const JSONObjectScalar = new GraphQLScalarType({
  ...GraphQLJSONObject.toConfig(),
  parseValue(value) {
    if (jsonDeeperThan(value, METADATA_MAX_DEPTH)) throw tooDeep();
    return GraphQLJSONObject.parseValue(value);
  },
  parseLiteral(node, variables) {
    if (literalDeeperThan(node, METADATA_MAX_DEPTH)) throw tooDeep();
    return GraphQLJSONObject.parseLiteral(node, variables);
  },
});
