/** Why a price table was refused. These only happen at startup, when tables are loaded. */
export enum PricingErrorCode {
  /** The operator's price file could not be read (missing, unreadable). */
  FileUnreadable = 'PRICING_FILE_UNREADABLE',
  /** The operator's price table file is not JSON or does not match `PriceTableSchema`. */
  InvalidPriceTable = 'PRICING_INVALID_PRICE_TABLE',
  /** Two versions in one timeline share a name, so a recorded `pricingVersion` would be ambiguous. */
  DuplicateVersion = 'PRICING_DUPLICATE_VERSION',
  /** Versions are not in strictly increasing `effectiveFrom` order. */
  EffectiveDatesOutOfOrder = 'PRICING_EFFECTIVE_DATES_OUT_OF_ORDER',
  /** A model alias points at a family id that is not canonical. */
  InvalidAlias = 'PRICING_INVALID_ALIAS',
}

export class PricingError extends Error {
  constructor(
    readonly code: PricingErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PricingError';
  }
}
