export * from './cost';
export * from './default-price-table';
export * from './model-family';
export * from './model-price';
export * from './price-catalog';
export * from './price-table.schema';
export * from './pricing-error';
