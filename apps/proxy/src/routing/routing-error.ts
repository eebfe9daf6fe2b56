/** Why the routing configuration could not be loaded; every one stops the proxy at startup. */
export enum RoutingErrorCode {
  FileUnreadable = 'ROUTING_FILE_UNREADABLE',
  InvalidJson = 'ROUTING_INVALID_JSON',
  InvalidConfig = 'ROUTING_INVALID_CONFIG',
  UnknownProvider = 'ROUTING_UNKNOWN_PROVIDER',
  MissingCredentials = 'ROUTING_MISSING_CREDENTIALS',
}

export class RoutingError extends Error {
  constructor(
    readonly code: RoutingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RoutingError';
  }
}
