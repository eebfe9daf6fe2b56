import { DeadLetterReason } from './dead-letter';
import { decodeEventMessage } from './message-decoder';
import { aWidgetChanged, widgetChangedEvent } from './test-fixtures/test-events';

const def = widgetChangedEvent('gatehouse.test.widget-changed.v1');
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('decodeEventMessage', () => {
  it('given a valid event, then it returns the typed event', () => {
    const event = aWidgetChanged();
    expect(decodeEventMessage(def, json(event), { 'event-version': '1' })).toEqual({
      kind: 'event',
      event,
    });
  });

  it('given a null value, then it is a tombstone, not an error', () => {
    expect(decodeEventMessage(def, null, {})).toEqual({ kind: 'tombstone' });
  });

  it('given bytes that are not JSON, then it is rejected as invalid-json', () => {
    const result = decodeEventMessage(def, Buffer.from('{not json'), {});
    expect(result).toMatchObject({ kind: 'rejected', reason: DeadLetterReason.INVALID_JSON });
  });

  it('given JSON that breaks the schema, then it is rejected with the issue paths', () => {
    const result = decodeEventMessage(def, json({ ...aWidgetChanged(), size: 'big' }), {});
    expect(result).toMatchObject({ kind: 'rejected', reason: DeadLetterReason.SCHEMA_VIOLATION });
    expect(result.kind === 'rejected' && result.error).toContain('size:');
  });

  it('given a newer version in the header or the payload, then it is rejected as unknown-version', () => {
    expect(decodeEventMessage(def, json(aWidgetChanged()), { 'event-version': '2' })).toMatchObject(
      {
        kind: 'rejected',
        reason: DeadLetterReason.UNKNOWN_VERSION,
      },
    );
    expect(decodeEventMessage(def, json({ ...aWidgetChanged(), version: 3 }), {})).toMatchObject({
      kind: 'rejected',
      reason: DeadLetterReason.UNKNOWN_VERSION,
    });
  });
});
