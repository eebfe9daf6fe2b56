import type { DataSource } from 'typeorm';
import type { Clock } from './clock';
import { DirectoryError, DirectoryErrorCode } from './directory-error';
import { ServiceAccountEntity } from './entities/service-account.entity';
import { newId } from './ids';

/** Service accounts (CI principals). Their keys are managed by ServiceAccountKeys. */
export class ServiceAccounts {
  constructor(private readonly deps: { dataSource: DataSource; clock: Clock }) {}

  async create(input: {
    orgId: string;
    name: string;
    ownerTeamId: string | null;
  }): Promise<ServiceAccountEntity> {
    const repository = this.deps.dataSource.getRepository(ServiceAccountEntity);
    if (await repository.existsBy({ orgId: input.orgId, name: input.name })) {
      throw new DirectoryError(
        DirectoryErrorCode.DUPLICATE,
        `a service account named "${input.name}" already exists`,
      );
    }
    const now = this.deps.clock();
    const account = repository.create({
      id: newId('sa'),
      orgId: input.orgId,
      ownerTeamId: input.ownerTeamId,
      name: input.name,
      status: 'active',
      createdAt: now,
      updatedAt: now,
    });
    await repository.insert(account);
    return account;
  }

  async findById(id: string): Promise<ServiceAccountEntity | null> {
    return this.deps.dataSource.getRepository(ServiceAccountEntity).findOneBy({ id });
  }
}
