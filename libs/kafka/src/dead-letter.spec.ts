import { deadLetterTopic } from '@gatehouse/contracts';
import {
  buildDeadLetterHeaders,
  DeadLetterReason,
  describeError,
  MAX_DEAD_LETTER_ERROR_LENGTH,
  truncateError,
} from './dead-letter';
import { summarizeIssues } from './kafka-error';
import { aWidgetChanged, widgetChangedSchema } from './test-fixtures/test-events';

describe('dead letters', () => {
  it('pairs every topic with its .dlq topic', () => {
    expect(deadLetterTopic('gatehouse.usage.request-completed.v1')).toBe(
      'gatehouse.usage.request-completed.v1.dlq',
    );
  });

  it('given a rejected message, then its headers keep the originals and say where it came from and why', () => {
    const headers = buildDeadLetterHeaders(
      { traceparent: 'tp', 'dlq-reason': 'stale' },
      {
        reason: DeadLetterReason.SCHEMA_VIOLATION,
        error: 'size: Too small',
        topic: 't1',
        partition: 2,
        offset: '41',
        groupId: 'audit-ingest',
        at: new Date('2025-02-03T04:05:06.000Z'),
      },
    );
    expect(headers).toEqual({
      traceparent: 'tp',
      'dlq-reason': 'schema-violation',
      'dlq-error': 'size: Too small',
      'dlq-original-topic': 't1',
      'dlq-original-partition': '2',
      'dlq-original-offset': '41',
      'dlq-consumer-group': 'audit-ingest',
      'dlq-timestamp': '2025-02-03T04:05:06.000Z',
    });
  });

  it('caps the error text so a header stays small', () => {
    const long = 'x'.repeat(5_000);
    expect(truncateError(long)).toHaveLength(MAX_DEAD_LETTER_ERROR_LENGTH);
    expect(truncateError('short')).toBe('short');
  });

  it('summarises zod issues as path: message pairs', () => {
    const result = widgetChangedSchema.safeParse({ ...aWidgetChanged(), size: 'big', extra: 1 });
    expect(result.success).toBe(false);
    const summary = summarizeIssues(result.error?.issues ?? []);
    expect(summary).toMatch(/^size: .+; \(root\): .*extra/);
  });

  it('describes thrown values of any kind', () => {
    expect(describeError(new TypeError('boom'))).toBe('TypeError: boom');
    expect(describeError('plain')).toBe('plain');
  });
});
