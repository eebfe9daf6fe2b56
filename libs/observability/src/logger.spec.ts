import { Writable } from 'node:stream';
import { createLogger } from './logger';

/** Collects every line pino writes, synchronously, so assertions see them right after logging. */
function captureLogger(level = 'debug') {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
      done();
    },
  });
  const logger = createLogger({ service: 'test-service', level, destination });
  const records = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { logger, lines, records };
}

const BEARER = 'Bearer gh-canary-bearer-0123456789';
const API_KEY = 'sk-ant-canary-api-key-0123456789';
const PASSWORD = 'canary-password-0123456789';

describe('createLogger', () => {
  it('writes JSON with ISO time, level word and base fields', () => {
    const { logger, records } = captureLogger();
    logger.info({ requestId: 'r1' }, 'hello');
    const [record] = records();
    expect(record).toMatchObject({ level: 'info', service: 'test-service', pid: process.pid, requestId: 'r1', msg: 'hello' });
    expect(typeof record?.host).toBe('string');
    expect(record?.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('removes bearer tokens, API keys and cookies from request and response headers', () => {
    const { logger, lines } = captureLogger();
    logger.info(
      {
        req: { method: 'POST', headers: { authorization: BEARER, 'x-api-key': API_KEY, cookie: `sid=${PASSWORD}` } },
        res: { statusCode: 200, headers: { 'set-cookie': `sid=${PASSWORD}` } },
        upstream: { request: { headers: { 'x-api-key': API_KEY, 'proxy-authorization': BEARER } } },
      },
      'request completed',
    );
    const output = lines.join('\n');
    expect(output).toContain('request completed');
    expect(output).toContain('"method":"POST"');
    expect(output).not.toContain('canary');
    expect(output.match(/\[redacted\]/g)?.length).toBe(6);
  });

  it('removes passwords, secrets, tokens and api keys at any depth up to four levels', () => {
    const { logger, lines } = captureLogger();
    logger.warn(
      {
        password: PASSWORD,
        user: { name: 'ada', password: PASSWORD, refreshToken: PASSWORD },
        client: { oidc: { client_secret: PASSWORD, apiKey: API_KEY } },
        deep: { a: { b: { token: PASSWORD, api_key: API_KEY } } },
      },
      'credentials everywhere',
    );
    const output = lines.join('\n');
    expect(output).toContain('"name":"ada"');
    expect(output).not.toContain('canary');
  });

  it('drops lines below the configured level', () => {
    const { logger, lines } = captureLogger('warn');
    logger.info('quiet');
    logger.warn('loud');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('loud');
  });
});
