import { Module, type DynamicModule } from '@nestjs/common';
import type { ProxyConfig } from './config';

export const PROXY_CONFIG = Symbol('PROXY_CONFIG');

/** Root module of the proxy service; feature modules plug in here. */
@Module({})
export class AppModule {
  static register(config: ProxyConfig): DynamicModule {
    return { module: AppModule, providers: [{ provide: PROXY_CONFIG, useValue: config }], exports: [PROXY_CONFIG] };
  }
}
