// The subset of the Anthropic Messages API that the mock reads and writes. Requests are read
// defensively (fields may be missing or of the wrong type), so their shapes use `unknown` where
// the real API is permissive.

export interface CacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface RequestBlock {
  type: string;
  text?: string;
  content?: unknown;
  tool_use_id?: string;
  name?: string;
  cache_control?: CacheControl;
  [key: string]: unknown;
}

export interface RequestMessage {
  /** `system` only under the betas in request-validation's SYSTEM_MESSAGE_BETAS. */
  role: 'user' | 'assistant' | 'system';
  content: string | RequestBlock[];
}

export interface RequestTool {
  name: string;
  input_schema?: JsonSchema;
  cache_control?: CacheControl;
  [key: string]: unknown;
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** A Messages request after validation; `model` is absent on Bedrock and Vertex (it is in the path). */
export interface MessagesRequest {
  model: string;
  max_tokens: number;
  messages: RequestMessage[];
  system?: string | RequestBlock[];
  tools?: RequestTool[];
  stop_sequences?: string[];
  stream?: boolean;
  output_format?: { type?: string; schema?: JsonSchema };
  output_config?: { format?: { type?: string; schema?: JsonSchema } };
}

export interface TextBlock {
  type: 'text';
  text: string;
}

export interface ToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
}

export type ContentBlock = TextBlock | ToolUseBlock;

export type StopReason = 'end_turn' | 'tool_use' | 'max_tokens' | 'stop_sequence';

export interface Usage {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  cache_creation: { ephemeral_5m_input_tokens: number; ephemeral_1h_input_tokens: number };
  output_tokens: number;
  server_tool_use: { web_search_requests: number };
  service_tier: 'standard';
}

export interface MessageResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: ContentBlock[];
  stop_reason: StopReason;
  stop_sequence: string | null;
  usage: Usage;
}

/** One event of an Anthropic stream, as the JSON written after `data:`. */
export interface StreamEvent {
  type: string;
  [key: string]: unknown;
}
