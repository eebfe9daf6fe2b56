export * from './render-events-reference';
export { schemaFieldRows, type FieldRow } from './schema-fields';
