import { encodeEvent } from './event-encoding';
import { EventHeader } from './event-headers';
import { KafkaContractError } from './kafka-error';
import { aWidgetChanged, widgetChangedEvent } from './test-fixtures/test-events';

const def = widgetChangedEvent('gatehouse.test.widget-changed.v1');

describe('encodeEvent', () => {
  it('validates by default and refuses a malformed event', () => {
    const malformed = { ...aWidgetChanged({ widgetId: 'w1' }), size: -1 };
    expect(() => encodeEvent(def, malformed)).toThrow(KafkaContractError);
  });

  it('serialises a trusted event as given, with the same key and headers as a validated one', () => {
    const event = aWidgetChanged({ widgetId: 'w1' });
    const trusted = encodeEvent(def, event, { validation: 'trusted' });
    const validated = encodeEvent(def, event);
    expect(trusted).toEqual(validated);
    expect(JSON.parse(trusted.value)).toEqual(event);
    expect(trusted.key).toBe('w1');
    expect(trusted.headers[EventHeader.ID]).toBe(event.id);
  });

  it('skips the schema for trusted events, which is why only builders proven by tests may use it', () => {
    const malformed = { ...aWidgetChanged({ widgetId: 'w1' }), size: -1 };
    expect(JSON.parse(encodeEvent(def, malformed, { validation: 'trusted' }).value)).toMatchObject({ size: -1 });
  });
});
