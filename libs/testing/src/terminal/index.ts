export * from './private-etc';
export * from './terminal-error';
export * from './terminal-menu';
export * from './tmux-session';
