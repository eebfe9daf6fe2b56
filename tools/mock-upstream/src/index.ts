export { startMockUpstream, type MockUpstream } from './server';
export {
  type MockUpstreamOptions,
  optionsFromEnv,
  DEFAULT_MODELS,
  DEFAULT_VERTEX_TOKEN,
  DEFAULT_TOOL_TRIGGER,
} from './options';
export type { MockStats } from './stats';
export type { TimingKnobs } from './timing';
export { parseFaultSpec, type Fault, type FaultKind, type FaultSpec } from './faults';
export { parseScript, loadScriptFile, type Script, type ScriptTurn } from './script';
export { estimateInputTokens, tokensForText, CHARS_PER_TOKEN } from './tokens';
export { parseSse, sseFrame } from './sse';
export { decodeBedrockStream, type DecodedBedrockMessage } from './eventstream';
export { VERTEX_ANTHROPIC_VERSION } from './routes/vertex';
export { MockUpstreamError, MockUpstreamErrorCode } from './errors';
