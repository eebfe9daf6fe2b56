/**
 * A real service without dependencies, started as a child process by the graceful-shutdown
 * integration test: `GET /slow?ms=N` answers after N ms, so the test can send SIGTERM while a
 * request is in flight, and the shutdown hook logs when it runs.
 */
import { Controller, Get, Module, Query } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { bootstrapService } from '../bootstrap-service';
import { serviceConfigShape } from '../service-config';

@Controller()
class SlowController {
  @Get('slow')
  async slow(@Query('ms') ms: string): Promise<{ waitedMs: number }> {
    const waitedMs = Number(ms);
    process.stdout.write(`${JSON.stringify({ msg: 'slow request started', waitedMs })}\n`);
    await sleep(waitedMs);
    return { waitedMs };
  }
}

@Module({ controllers: [SlowController] })
class SlowModule {}

void bootstrapService({
  name: 'slow-fixture',
  configSchema: z.object(serviceConfigShape({ port: 4999 })),
  module: ({ logger, onShutdown }) => {
    onShutdown('fixture hook', () => logger.info('fixture shutdown hook ran'));
    return SlowModule;
  },
});
