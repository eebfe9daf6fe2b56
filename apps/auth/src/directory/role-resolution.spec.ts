import { resolveRoles, type RoleGrant } from './role-resolution';

const grant = (over: Partial<RoleGrant>): RoleGrant => ({
  mappingId: 'map_1',
  idpGroup: 'engineering',
  roleName: 'developer',
  priority: 10,
  sessionLifetimeSeconds: 12 * 3600,
  ...over,
});

describe('resolveRoles', () => {
  it('grants the roles of matching groups in priority order, each once', () => {
    const grants = [
      grant({ mappingId: 'map_a', idpGroup: 'engineering', roleName: 'developer', priority: 20 }),
      grant({ mappingId: 'map_b', idpGroup: 'platform', roleName: 'admin', priority: 5 }),
      grant({ mappingId: 'map_c', idpGroup: 'platform', roleName: 'developer', priority: 30 }),
      grant({ mappingId: 'map_d', idpGroup: 'finance', roleName: 'analyst', priority: 1 }),
    ];
    expect(resolveRoles(['engineering', 'platform'], grants).roles).toEqual(['admin', 'developer']);
  });

  it('takes the shortest lifetime among granted roles, whatever their priority', () => {
    const grants = [
      grant({
        mappingId: 'map_a',
        roleName: 'developer',
        priority: 1,
        sessionLifetimeSeconds: 43200,
      }),
      grant({
        mappingId: 'map_b',
        idpGroup: 'admins',
        roleName: 'admin',
        priority: 2,
        sessionLifetimeSeconds: 4 * 3600,
      }),
    ];
    expect(resolveRoles(['engineering', 'admins'], grants).sessionLifetimeSeconds).toBe(4 * 3600);
    expect(resolveRoles(['engineering'], grants).sessionLifetimeSeconds).toBe(43200);
  });

  it('gives no roles and the default lifetime when no group matches', () => {
    expect(resolveRoles(['marketing'], [grant({})], 3600)).toEqual({
      roles: [],
      sessionLifetimeSeconds: 3600,
    });
  });

  it('matches group names exactly', () => {
    expect(resolveRoles(['Engineering'], [grant({})]).roles).toEqual([]);
  });

  it('breaks priority ties by mapping id so the order is stable', () => {
    const grants = [
      grant({ mappingId: 'map_b', roleName: 'second' }),
      grant({ mappingId: 'map_a', roleName: 'first' }),
    ];
    expect(resolveRoles(['engineering'], grants).roles).toEqual(['first', 'second']);
  });
});
