/** The current time. Services take it as a parameter so tests can move time forward instead of waiting for it. */
export type Clock = () => Date;
