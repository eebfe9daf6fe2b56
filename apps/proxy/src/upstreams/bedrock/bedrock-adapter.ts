import type { WithheldErrorObserver } from '../anthropic/client-error';
import { compileBetaRules } from '../anthropic/beta-field-rules';
import type {
  UpstreamAdapter,
  UpstreamCall,
  UpstreamHttpRequest,
  UpstreamOperation,
} from '../upstream-adapter';
import {
  BEDROCK_BETA_FIELD_RULES,
  BEDROCK_COUNT_TOKENS_BETAS,
  BEDROCK_SUPPORTED_BETAS,
} from './bedrock-betas';
import { type BedrockBodyPlan, countTokensBodyBytes, invokeBodyBytes } from './bedrock-body';
import { translateBedrockError } from './bedrock-error-translation';
import { countTokensModelId, modelPath } from './bedrock-model-id';
import { type AwsCredentialsSource, BedrockSigner } from './bedrock-signer';
import { BedrockStreamTranscoder } from './bedrock-stream-transcoder';

export interface BedrockAdapterOptions {
  readonly endpoint: { readonly id: string; readonly baseUrl: string };
  readonly region: string;
  readonly credentials: AwsCredentialsSource;
  /**
   * Anthropic-style id → Bedrock id (`claude-sonnet-4-5` → `us.anthropic.claude-sonnet-4-5-…`),
   * for routes that hand this endpoint the client's id; ids not listed are used as they are.
   */
  readonly modelMap?: Readonly<Record<string, string>>;
  /** Betas to allow besides `BEDROCK_SUPPORTED_BETAS`, for ones Bedrock added since. */
  readonly extraBetas?: readonly string[];
  /** Sees the upstream text of every error the client gets a generic message for. */
  readonly onWithheldError?: WithheldErrorObserver;
  /** Injected clock for the SigV4 date (tests). */
  readonly now?: () => Date;
}

const JSON_TYPE = 'application/json';
const EVENT_STREAM_TYPE = 'application/vnd.amazon.eventstream';

/**
 * Amazon Bedrock's InvokeModel API for one region and account: SigV4-signed, the body rewritten
 * to Bedrock's dialect, its binary event-stream transcoded to SSE, its errors translated.
 * Client headers do not reach Bedrock (betas travel in the body), except `user-agent`.
 */
export function createBedrockAdapter(options: BedrockAdapterOptions): UpstreamAdapter {
  const { endpoint } = options;
  const signer = new BedrockSigner({
    baseUrl: endpoint.baseUrl,
    region: options.region,
    credentials: options.credentials,
    now: options.now,
  });
  const plan: BedrockBodyPlan = {
    invokeBetas: new Set([...BEDROCK_SUPPORTED_BETAS, ...(options.extraBetas ?? [])]),
    countBetas: new Set(BEDROCK_COUNT_TOKENS_BETAS),
    rules: compileBetaRules(BEDROCK_BETA_FIELD_RULES),
  };
  const modelMap = options.modelMap ?? {};
  const bedrockModel = (model: string): string => modelMap[model] ?? model;
  const errorContext = { endpointId: endpoint.id, onWithheldError: options.onWithheldError };

  return {
    endpoint: { id: endpoint.id, provider: 'bedrock', baseUrl: endpoint.baseUrl },
    requestIdHeader: 'x-amzn-requestid',
    // Bedrock sends no `ping` events, so long thinking pauses are silent on the wire.
    needsKeepAlivePings: true,
    supports: (operation: UpstreamOperation, upstreamModel: string) =>
      operation === 'messages' || countTokensModelId(bedrockModel(upstreamModel)) !== null,
    buildRequest: (call) =>
      buildRequest(call, { signer, plan, model: bedrockModel(call.upstreamModel) }),
    createStreamTranscoder: (call) => (call.stream ? new BedrockStreamTranscoder() : null),
    translateJsonResponse: (call, body) =>
      call.operation === 'count_tokens' ? translateCountTokens(body) : null,
    translateError: (call, error) => translateBedrockError(call, error, errorContext),
  };
}

interface BuildContext {
  readonly signer: BedrockSigner;
  readonly plan: BedrockBodyPlan;
  readonly model: string;
}

async function buildRequest(
  call: UpstreamCall,
  context: BuildContext,
): Promise<UpstreamHttpRequest> {
  const { path, body, accept } = requestShape(call, context);
  const headers: Record<string, string> = { 'content-type': JSON_TYPE, accept };
  if (call.stream && call.operation === 'messages') headers['x-amzn-bedrock-accept'] = JSON_TYPE;
  const signed = await context.signer.sign({ path, headers, body });
  const userAgent = call.headers['user-agent'];
  if (typeof userAgent === 'string') signed['user-agent'] = userAgent;
  return { path, headers: signed, body };
}

function requestShape(
  call: UpstreamCall,
  context: BuildContext,
): { path: string; body: Buffer; accept: string } {
  if (call.operation === 'count_tokens') {
    // supports() is false for models without a foundation id, so the request path never asks.
    const model = countTokensModelId(context.model) ?? context.model;
    return {
      path: modelPath(model, 'count-tokens'),
      body: countTokensBodyBytes(call, context.plan),
      accept: JSON_TYPE,
    };
  }
  return {
    path: modelPath(context.model, call.stream ? 'invoke-with-response-stream' : 'invoke'),
    body: invokeBodyBytes(call, context.plan),
    accept: call.stream ? EVENT_STREAM_TYPE : JSON_TYPE,
  };
}

/** CountTokens answers `{"inputTokens": N}`; the Messages API spells it `{"input_tokens": N}`. */
function translateCountTokens(body: Buffer): Buffer | null {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { inputTokens?: unknown };
    if (typeof parsed.inputTokens !== 'number') return null;
    return Buffer.from(JSON.stringify({ input_tokens: parsed.inputTokens }));
  } catch {
    return null;
  }
}
