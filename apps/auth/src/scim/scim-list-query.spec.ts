import { ScimErrorCode } from './scim-error';
import { includesAttribute, parseListQuery, project } from './scim-list-query';

describe('parseListQuery', () => {
  it('defaults to the first 100 and clamps startIndex and count as RFC 7644 says', () => {
    expect(parseListQuery({}).page).toEqual({ startIndex: 1, count: 100 });
    expect(parseListQuery({ startIndex: '0', count: '-5' }).page).toEqual({
      startIndex: 1,
      count: 0,
    });
    expect(parseListQuery({ startIndex: '11', count: '5000' }).page).toEqual({
      startIndex: 11,
      count: 200,
    });
  });

  it('parses the filter and refuses non-integers and repeated parameters', () => {
    expect(parseListQuery({ filter: 'displayName eq "eng"' }).filter).toMatchObject({
      path: 'displayname',
    });
    expect(() => parseListQuery({ count: 'ten' })).toThrow(
      expect.objectContaining({ code: ScimErrorCode.INVALID_VALUE }),
    );
    expect(() => parseListQuery({ filter: ['a', 'b'] })).toThrow(
      expect.objectContaining({ code: ScimErrorCode.INVALID_VALUE }),
    );
  });

  it('projects top-level attributes but always keeps schemas, id and meta', () => {
    const resource = { schemas: ['s'], id: 'grp_1', displayName: 'eng', members: [], meta: {} };
    const excluded = parseListQuery({ excludedAttributes: 'members' }).projection;
    expect(includesAttribute(excluded, 'members')).toBe(false);
    expect(project(resource, excluded)).toEqual({
      schemas: ['s'],
      id: 'grp_1',
      displayName: 'eng',
      meta: {},
    });
    const only = parseListQuery({
      attributes: 'urn:ietf:params:scim:schemas:core:2.0:Group:displayName',
    }).projection;
    expect(project(resource, only)).toEqual({
      schemas: ['s'],
      id: 'grp_1',
      displayName: 'eng',
      meta: {},
    });
  });
});
