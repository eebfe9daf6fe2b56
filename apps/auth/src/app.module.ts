import { Module, type DynamicModule } from '@nestjs/common';
import type { AuthConfig } from './config';
import type { AuthDirectory } from './directory/auth-directory';

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
export const AUTH_DIRECTORY = Symbol('AUTH_DIRECTORY');

/** Root module of the auth service; feature modules plug in here. */
@Module({})
export class AppModule {
  static register(config: AuthConfig, directory: AuthDirectory): DynamicModule {
    return {
      module: AppModule,
      providers: [
        { provide: AUTH_CONFIG, useValue: config },
        { provide: AUTH_DIRECTORY, useValue: directory },
      ],
      exports: [AUTH_CONFIG, AUTH_DIRECTORY],
    };
  }
}
