/**
 * Compile-time exhaustiveness for `switch` statements over unions and enums: adding a member
 * without handling it fails the build at the call site. At run time it throws, because reaching
 * it means a value arrived that the types said could not exist.
 */
export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: unexpected value ${JSON.stringify(value)}`);
}
