import 'reflect-metadata';
import { ConfigError, loadConfig, redactConfig, type Environment } from '@gatehouse/config';
import {
  createLogger,
  startTelemetry,
  type Logger,
  type Telemetry,
} from '@gatehouse/observability';
import type { DynamicModule, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { createServer, type RequestListener, type ServerResponse } from 'node:http';
import type { z } from 'zod';
import { GatehouseExceptionFilter } from './exception-filter';
import { registerHealthRoutes, type HealthState } from './health-routes';
import type { ServiceFastify } from './fastify-instance';
import { registerHttpMetrics, requestDurationHistogram } from './http-metrics';
import { laneListener, type LaneSlot, type RequestLane } from './request-lane';
import { PinoNestLogger } from './nest-pino-logger';
import type { ClosableReadinessCheck, ReadinessCheck } from './readiness';
import type { ServiceBaseConfig } from './service-config';
import { ShutdownHooks, type ShutdownHook } from './shutdown-hooks';

/** What a service's module factory gets to build its connections and register their lifecycle. */
export interface ServiceContext<C> {
  readonly config: C;
  readonly logger: Logger;
  readonly telemetry: Telemetry;
  /**
   * `/readyz` answers 200 only when every registered check is ok. A check with `close()` (one that
   * owns a connection) is closed at shutdown, after the hooks registered before it.
   */
  addReadinessCheck(check: ReadinessCheck | ClosableReadinessCheck): void;
  /** Runs at shutdown after in-flight requests drained, in registration order. */
  onShutdown(name: string, hook: ShutdownHook): void;
}

export type ServiceModule = Type<unknown> | DynamicModule;

export interface ServiceDefinition<S extends z.ZodObject> {
  /** Short service name: `proxy`, `auth`, … — used in logs, metrics and traces. */
  name: string;
  version?: string;
  /** Must include `serviceConfigShape(…)`; its keys are environment variable names. */
  configSchema: S;
  /** Builds the Nest root module once config, logger and telemetry exist. */
  module(context: ServiceContext<z.output<S>>): Promise<ServiceModule> | ServiceModule;
  /**
   * Registers raw Fastify routes and plugins before the server listens (the proxy's hot path
   * bypasses Nest's controller layer). Runs after the health and metrics routes exist. May return
   * a request lane that answers the service's hottest routes before Fastify (see request-lane.ts).
   */
  configureHttp?(
    fastify: ServiceFastify,
    context: ServiceContext<z.output<S>>,
  ): Promise<HttpSetup | void> | HttpSetup | void;
  /**
   * Answers requests Fastify refuses before routing (a URL that does not decode, an over-long
   * parameter); by default Fastify's own JSON shape. The proxy answers in the Anthropic shape.
   */
  frameworkErrorResponse?(error: Error): FrameworkErrorResponse;
  env?: Environment;
}

/** What `configureHttp` may hand back. */
export interface HttpSetup {
  readonly lane?: RequestLane;
}

/** A complete response for a request Fastify refused before routing. */
export interface FrameworkErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface RunningService<C> {
  readonly app: NestFastifyApplication;
  readonly config: C;
  readonly logger: Logger;
  /** Base URL the service listens on, e.g. `http://127.0.0.1:4000`. */
  readonly url: string;
}

/**
 * Starts one Gatehouse service: validated config (exit 1 naming each bad variable), JSON logs
 * with secrets redacted, telemetry, Nest on Fastify, `/healthz` `/readyz` `/metrics`, and a
 * graceful shutdown on SIGTERM/SIGINT. Failures during start exit the process with status 1.
 */
export async function bootstrapService<S extends z.ZodObject>(
  definition: ServiceDefinition<S>,
): Promise<RunningService<z.output<S>>> {
  const config = loadConfigOrExit(definition);
  const base = config as ServiceBaseConfig;
  const logger = createLogger({
    service: definition.name,
    level: base.LOG_LEVEL,
    pretty: base.LOG_PRETTY,
  });
  logger.info({ config: redactConfig(definition.configSchema, config) }, 'configuration loaded');

  const telemetry = startTelemetry({
    serviceName: `gatehouse-${definition.name}`,
    serviceVersion: definition.version ?? '0.0.0',
    otlpEndpoint: base.OTEL_EXPORTER_OTLP_ENDPOINT,
  });
  const checks: ReadinessCheck[] = [];
  const hooks = new ShutdownHooks();
  const state: HealthState = { accepting: true };
  let app: NestFastifyApplication | undefined;
  const shutdown = shutdownSequence({
    logger,
    hooks,
    telemetry,
    state,
    timeoutMs: base.SHUTDOWN_TIMEOUT_MS,
    app: () => app,
  });

  try {
    const context: ServiceContext<z.output<S>> = {
      config,
      logger,
      telemetry,
      addReadinessCheck: (check) => {
        checks.push(check);
        if ('close' in check) hooks.add(`close ${check.name} readiness probe`, () => check.close());
      },
      onShutdown: (name, hook) => hooks.add(name, hook),
    };
    const module = await definition.module(context);
    const duration = requestDurationHistogram(telemetry.meter);
    const slot: LaneSlot = { lane: undefined, accepting: () => state.accepting };
    app = await NestFactory.create<NestFastifyApplication>(
      module,
      createFastifyAdapter(
        definition.frameworkErrorResponse,
        base.TRUSTED_PROXIES,
        (fastifyListener) => laneListener(slot, fastifyListener, duration),
      ),
      {
        logger: new PinoNestLogger(logger),
        abortOnError: false,
      },
    );
    app.useGlobalFilters(new GatehouseExceptionFilter(logger));
    const fastify = app.getHttpAdapter().getInstance();
    registerHttpMetrics(fastify, duration);
    registerHealthRoutes(fastify, {
      checks,
      readinessTimeoutMs: base.READINESS_TIMEOUT_MS,
      telemetry,
      state,
    });
    const setup = await definition.configureHttp?.(fastify, context);
    slot.lane = setup?.lane;
    await app.listen({ port: base.PORT, host: base.HOST, backlog: base.LISTEN_BACKLOG });
  } catch (error) {
    logger.fatal({ err: error }, 'service failed to start');
    await shutdown('startup-failure', 1);
    throw error;
  }

  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  const host = base.HOST === '0.0.0.0' || base.HOST === '::' ? '127.0.0.1' : base.HOST;
  const url = `http://${host}:${base.PORT}`;
  logger.info({ url, readinessChecks: checks.map((check) => check.name) }, 'service listening');
  return { app, config, logger, url };
}

function loadConfigOrExit<S extends z.ZodObject>(definition: ServiceDefinition<S>): z.output<S> {
  try {
    return loadConfig(definition.configSchema, definition.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // One JSON line on stderr before any logger exists: the level is unknown until config loads.
    const line = {
      level: 'fatal',
      time: new Date().toISOString(),
      service: definition.name,
      code: error.code,
      issues: error.issues,
      msg: `invalid configuration: ${error.issues.map((issue) => `${issue.variable}: ${issue.reason}`).join('; ')}`,
    };
    process.stderr.write(`${JSON.stringify(line)}\n`);
    process.exit(1);
  }
}

/** The part of Fastify's reply a framework error answer needs (structural: Nest ships its own Fastify). */
interface FrameworkErrorReply {
  readonly raw: ServerResponse;
}

function createFastifyAdapter(
  frameworkErrorResponse: ((error: Error) => FrameworkErrorResponse) | undefined,
  trustedProxies: readonly string[],
  listener: (fastify: RequestListener) => RequestListener,
): FastifyAdapter {
  return new FastifyAdapter({
    // request.ip honours X-Forwarded-For only from these (see client-address.ts).
    trustProxy: trustedProxies.length > 0 ? [...trustedProxies] : false,
    // Fastify's handler behind the service's request lane, if it has one.
    serverFactory: (handler: RequestListener) => createServer(listener(handler)),
    frameworkErrors: frameworkErrorResponse
      ? (error: Error, _request: unknown, reply: FrameworkErrorReply) => {
          const response = frameworkErrorResponse(error);
          reply.raw.writeHead(response.status, {
            ...response.headers,
            'content-length': Buffer.byteLength(response.body),
          });
          reply.raw.end(response.body);
        }
      : undefined,
    // Nest's logger (pino) covers Fastify's events; Fastify's own logger would print a second format.
    logger: false,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // While closing, requests on kept-alive connections get 503 so clients retry elsewhere.
    return503OnClosing: true,
  });
}

interface ShutdownDeps {
  logger: Logger;
  hooks: ShutdownHooks;
  telemetry: Telemetry;
  state: HealthState;
  timeoutMs: number;
  app: () => NestFastifyApplication | undefined;
}

/**
 * Returns the function signals call. Order: mark not ready, stop accepting and drain in-flight
 * requests (Fastify close waits for them), run the hooks, flush telemetry, exit. A hard deadline
 * exits with status 1 if anything hangs; a second signal exits at once.
 */
function shutdownSequence(deps: ShutdownDeps): (reason: string, exitCode: number) => Promise<void> {
  let started = false;
  return async (reason, exitCode) => {
    if (started) {
      deps.logger.warn({ reason }, 'second stop request during shutdown; exiting now');
      process.exit(1);
    }
    started = true;
    deps.state.accepting = false;
    deps.logger.info({ reason, timeoutMs: deps.timeoutMs }, 'shutting down');
    const deadline = setTimeout(() => {
      deps.logger.error(
        { timeoutMs: deps.timeoutMs },
        'shutdown deadline passed; exiting with work unfinished',
      );
      process.exit(1);
    }, deps.timeoutMs);
    let failed = exitCode !== 0;
    try {
      await deps.app()?.close();
    } catch (error) {
      failed = true;
      deps.logger.error({ err: error }, 'closing the HTTP server failed');
    }
    const outcome = await deps.hooks.runAll(deps.logger);
    if (outcome.failed.length > 0) failed = true;
    await deps.telemetry.shutdown();
    clearTimeout(deadline);
    deps.logger.info(
      { exitCode: failed ? 1 : 0, failedHooks: outcome.failed },
      'shutdown complete',
    );
    process.exit(failed ? 1 : 0);
  };
}
