/** `ce_source` of every event rd-collaboration publishes. */
export const RD_COLLABORATION_SOURCE = 'urn:school-enterprise:rd-collaboration';
