import {
  AdapterRegistryError,
  AdapterRegistryErrorCode,
  buildAdapters,
  type UpstreamEndpointsConfig,
} from './adapter-registry';

const SERVICE_ACCOUNT = JSON.stringify({
  client_email: 'gatehouse@acme.iam.gserviceaccount.com',
  private_key: '-----BEGIN PRIVATE KEY-----\nMII\n-----END PRIVATE KEY-----\n',
});

const config: UpstreamEndpointsConfig = {
  endpoints: [
    { id: 'anthropic', provider: 'anthropic', apiKeyEnv: 'ANTHROPIC_KEY' },
    {
      id: 'bedrock-us-east-1',
      provider: 'bedrock',
      region: 'us-east-1',
      credentials: {
        accessKeyIdEnv: 'AWS_KEY_ID',
        secretAccessKeyEnv: 'AWS_SECRET',
        sessionTokenEnv: 'AWS_SESSION',
      },
      modelMap: { 'claude-sonnet-4-5': 'us.anthropic.claude-sonnet-4-5-20250929-v1:0' },
    },
    {
      id: 'vertex-us-east5',
      provider: 'vertex',
      projectId: 'acme',
      region: 'us-east5',
      serviceAccountJsonEnv: 'VERTEX_SA',
    },
    {
      id: 'vertex-global',
      provider: 'vertex',
      projectId: 'acme',
      region: 'global',
      baseUrl: 'http://127.0.0.1:4100',
      serviceAccountFileEnv: 'VERTEX_SA_FILE',
    },
  ],
};

const env = {
  ANTHROPIC_KEY: 'sk-ant',
  AWS_KEY_ID: 'AKIA',
  AWS_SECRET: 'secret',
  AWS_SESSION: 'session',
  VERTEX_SA: SERVICE_ACCOUNT,
  VERTEX_SA_FILE: '/etc/gatehouse/sa.json',
};

function thrown(fn: () => unknown): AdapterRegistryError {
  try {
    fn();
  } catch (error) {
    if (error instanceof AdapterRegistryError) return error;
    throw error;
  }
  throw new Error('expected an AdapterRegistryError');
}

describe('buildAdapters', () => {
  it('builds one adapter per endpoint with default base URLs', () => {
    const readFile = jest.fn(() => SERVICE_ACCOUNT);
    const adapters = buildAdapters(config, env, { readFile });
    expect([...adapters.values()].map((adapter) => adapter.endpoint)).toEqual([
      { id: 'anthropic', provider: 'anthropic', baseUrl: 'https://api.anthropic.com' },
      {
        id: 'bedrock-us-east-1',
        provider: 'bedrock',
        baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com',
      },
      {
        id: 'vertex-us-east5',
        provider: 'vertex',
        baseUrl: 'https://us-east5-aiplatform.googleapis.com',
      },
      { id: 'vertex-global', provider: 'vertex', baseUrl: 'http://127.0.0.1:4100' },
    ]);
    expect(readFile).toHaveBeenCalledWith('/etc/gatehouse/sa.json');
  });

  it('names every missing environment variable by field, without values', () => {
    const error = thrown(() =>
      buildAdapters(
        config,
        { ...env, AWS_SECRET: undefined, ANTHROPIC_KEY: ' ', VERTEX_SA: undefined },
        {
          readFile: () => SERVICE_ACCOUNT,
        },
      ),
    );
    expect(error.code).toBe(AdapterRegistryErrorCode.InvalidSecret);
    expect(error.issues).toEqual([
      { field: 'endpoints[0].apiKeyEnv', reason: 'environment variable ANTHROPIC_KEY is not set' },
      {
        field: 'endpoints[1].credentials.secretAccessKeyEnv',
        reason: 'environment variable AWS_SECRET is not set',
      },
      {
        field: 'endpoints[2].serviceAccountJsonEnv',
        reason: 'environment variable VERTEX_SA is not set',
      },
    ]);
  });

  it('reports an unreadable key file and an invalid key by field', () => {
    const error = thrown(() =>
      buildAdapters(
        config,
        { ...env, VERTEX_SA: '{"client_email":"x"}' },
        {
          readFile: () => {
            throw new Error('ENOENT: no such file');
          },
        },
      ),
    );
    expect(error.issues.map((issue) => issue.field)).toEqual([
      'endpoints[2].serviceAccountJsonEnv',
      'endpoints[3].serviceAccountFileEnv',
    ]);
    expect(error.issues[0].reason).toContain('private_key');
    expect(error.issues[1].reason).toContain('ENOENT');
  });

  it('rejects a malformed configuration with field paths', () => {
    const error = thrown(() =>
      buildAdapters(
        {
          endpoints: [
            { id: 'a', provider: 'anthropic', apiKeyEnv: 'not a name' },
            { id: 'a', provider: 'anthropic', apiKeyEnv: 'KEY' },
            {
              id: 'v',
              provider: 'vertex',
              projectId: 'p',
              region: 'us-east5',
              serviceAccountFileEnv: 'F',
              serviceAccountJsonEnv: 'J',
            },
          ],
        },
        env,
      ),
    );
    expect(error.code).toBe(AdapterRegistryErrorCode.InvalidConfig);
    expect(error.issues.map((issue) => issue.field)).toEqual([
      'endpoints[0].apiKeyEnv',
      'endpoints[2]',
      'endpoints[1].id',
    ]);
  });
});
