import type { IncomingMessage, ServerResponse } from 'node:http';
import { mergeFaults, type DevIdpFaults } from '../faults';
import { readBody } from './read-body';

/** Test-only control surface; the server binds to loopback by default, so only local tests reach it. */
export const FAULTS_PATH = '/__dev-idp/faults';

export interface FaultControl {
  get: () => DevIdpFaults;
  set: (faults: DevIdpFaults) => void;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** GET returns the current faults; PUT applies a partial update and returns the result. */
export async function handleControl(
  control: FaultControl,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (new URL(req.url ?? '/', 'http://dev-idp').pathname !== FAULTS_PATH) return false;
  if (req.method === 'GET') {
    sendJson(res, 200, control.get());
    return true;
  }
  if (req.method !== 'PUT') {
    sendJson(res, 405, { error: 'use GET or PUT' });
    return true;
  }
  try {
    const next = mergeFaults(control.get(), JSON.parse(await readBody(req)));
    control.set(next);
    sendJson(res, 200, next);
  } catch (error) {
    sendJson(res, 400, { error: (error as Error).message });
  }
  return true;
}
