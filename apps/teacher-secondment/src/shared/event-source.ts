/** CloudEvents `source` of everything the teacher secondment service emits. */
export const SECONDMENT_SOURCE = 'urn:school-enterprise:teacher-secondment';
