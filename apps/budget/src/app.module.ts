import { Module, type DynamicModule } from '@nestjs/common';
import type { BudgetConfig } from './config';

export const BUDGET_CONFIG = Symbol('BUDGET_CONFIG');

/** Root module of the budget service; feature modules plug in here. */
@Module({})
export class AppModule {
  static register(config: BudgetConfig): DynamicModule {
    return { module: AppModule, providers: [{ provide: BUDGET_CONFIG, useValue: config }], exports: [BUDGET_CONFIG] };
  }
}
