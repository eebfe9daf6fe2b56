/** The current instant; injected so lifetime and expiry rules are testable. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
