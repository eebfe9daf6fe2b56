import type { KafkaLogger } from '@gatehouse/kafka';

/** One line a RecordingLogger was given. */
export interface LoggedLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields: object;
}

/** A KafkaLogger that keeps every line, for specs that assert on what was logged. */
export function recordingLogger(): { logger: KafkaLogger; logged: LoggedLine[] } {
  const logged: LoggedLine[] = [];
  const at =
    (level: LoggedLine['level']) =>
    (fields: object, msg: string): void => {
      logged.push({ level, msg, fields });
    };
  return {
    logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') },
    logged,
  };
}
