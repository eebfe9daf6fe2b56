import { Module, type DynamicModule } from '@nestjs/common';
import type { AuditConfig } from './config';

export const AUDIT_CONFIG = Symbol('AUDIT_CONFIG');

/** Root module of the audit service; feature modules plug in here. */
@Module({})
export class AppModule {
  static register(config: AuditConfig): DynamicModule {
    return {
      module: AppModule,
      providers: [{ provide: AUDIT_CONFIG, useValue: config }],
      exports: [AUDIT_CONFIG],
    };
  }
}
