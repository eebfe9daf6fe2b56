/**
 * kafkajs 2.2.4 schedules its request-queue check with a timeout that can be negative; Node 24
 * warns about that (`TimeoutNegativeWarning`, tulios/kafkajs#1751) where older Node silently used
 * 1 ms — which is still what happens. The warning is printed as a non-JSON line on stderr by every
 * process that talks to Kafka, so it is muted here, and only that warning type.
 */
const muted = new WeakSet<object>();

type WarningEmitter = Pick<NodeJS.Process, 'emitWarning'>;

export function muteNegativeTimeoutWarning(target: WarningEmitter = process): void {
  if (muted.has(target)) return;
  muted.add(target);
  const emitWarning = target.emitWarning.bind(target) as (...args: unknown[]) => void;
  target.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
    if (warningType(rest[0]) === 'TimeoutNegativeWarning') return;
    emitWarning(warning, ...rest);
  }) as NodeJS.Process['emitWarning'];
}

function warningType(typeOrOptions: unknown): string | undefined {
  if (typeof typeOrOptions === 'string') return typeOrOptions;
  if (typeof typeOrOptions === 'object' && typeOrOptions !== null && 'type' in typeOrOptions) {
    return String(typeOrOptions.type);
  }
  return undefined;
}
