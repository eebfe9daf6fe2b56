import { etagOf, notModified, settingsUuid } from './conditional-get';

const CHECKSUM = `sha256:${'ab'.repeat(32)}`;
const ETAG = etagOf(CHECKSUM);

describe('notModified', () => {
  it('Given no If-None-Match, When asked, Then never answers 304 (an unasked 304 is a failed fetch)', () => {
    expect(notModified(undefined, ETAG)).toBe(false);
  });

  it('Given the current ETag, alone, in a list or weak, When asked, Then answers 304', () => {
    expect(notModified(ETAG, ETAG)).toBe(true);
    expect(notModified(`"sha256:old", ${ETAG}`, ETAG)).toBe(true);
    expect(notModified(`W/${ETAG}`, ETAG)).toBe(true);
  });

  it('Given `*` or another checksum, When asked, Then answers as without the header', () => {
    expect(notModified('*', ETAG)).toBe(false);
    expect(notModified(`"sha256:${'cd'.repeat(32)}"`, ETAG)).toBe(false);
    expect(notModified(CHECKSUM, ETAG)).toBe(false);
  });
});

describe('settingsUuid', () => {
  it('is a stable version-8 UUID of the policy and checksum', () => {
    const uuid = settingsUuid('pol_1', CHECKSUM);
    expect(uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(settingsUuid('pol_1', CHECKSUM)).toBe(uuid);
    expect(settingsUuid('pol_2', CHECKSUM)).not.toBe(uuid);
  });
});
