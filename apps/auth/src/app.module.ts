import { Module, type DynamicModule } from '@nestjs/common';
import type { AuthConfig } from './config';

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');

/** Root module of the auth service; feature modules plug in here. */
@Module({})
export class AppModule {
  static register(config: AuthConfig): DynamicModule {
    return { module: AppModule, providers: [{ provide: AUTH_CONFIG, useValue: config }], exports: [AUTH_CONFIG] };
  }
}
