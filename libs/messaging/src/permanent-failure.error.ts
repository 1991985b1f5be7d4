/**
 * Thrown by a handler when retrying cannot help (the event contradicts the state it applies
 * to); the transport then sends the message to the dead-letter topic at once.
 */
export class PermanentFailureError extends Error {}
