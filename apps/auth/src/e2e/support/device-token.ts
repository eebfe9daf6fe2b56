import { setTimeout as sleep } from 'node:timers/promises';

/** RFC 8628 §3.2, as the auth service answers it. */
export interface DeviceAuthorization {
  readonly device_code: string;
  readonly user_code: string;
  readonly verification_uri: string;
  readonly verification_uri_complete: string;
  readonly interval: number;
}

export interface DeviceTokens {
  readonly accessToken: string;
  readonly email: string | undefined;
}

const form = (body: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(body).toString(),
});

/**
 * A device sign-in against the gateway's base URL, as any RFC 8628 client does it: device
 * authorization, approval by a person (`approve`, which the test does in a real browser), then
 * the token endpoint, polled at the announced interval until it answers.
 */
export async function deviceSignIn(
  base: string,
  approve: (device: DeviceAuthorization) => Promise<void>,
  timeoutMs = 60_000,
): Promise<DeviceTokens> {
  const started = await fetch(`${base}/oauth/device_authorization`, form({ surface: 'gatehouse-e2e' }));
  if (started.status !== 200) {
    throw new Error(`device authorization answered ${started.status}: ${await started.text()}`);
  }
  const device = (await started.json()) as DeviceAuthorization;
  await approve(device);
  const deadline = Date.now() + timeoutMs;
  let interval = device.interval;
  for (;;) {
    const answer = await fetch(
      `${base}/oauth/token`,
      form({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: device.device_code }),
    );
    const body = (await answer.json()) as Record<string, unknown>;
    if (answer.status === 200) {
      return { accessToken: String(body.access_token), email: body.email as string | undefined };
    }
    if (body.error === 'slow_down') interval += 5;
    else if (body.error !== 'authorization_pending') {
      throw new Error(`token endpoint answered ${answer.status}: ${JSON.stringify(body)}`);
    }
    if (Date.now() + interval * 1000 > deadline) throw new Error('device sign-in timed out');
    await sleep(interval * 1000);
  }
}
